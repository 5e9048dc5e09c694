// End-to-end tests of share links, bad links, presenter mode, embed mode, exports and
// import, on the release build in headless Chromium.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

async function nodes(page) {
  return page.locator('[data-testid="tree-nodes"] [data-testid^="node-"]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.id, { pid: e.dataset.pid, restarts: Number(e.dataset.restarts), state: e.dataset.state }])));
}

async function seek(page, us) {
  await page.getByTestId('scrubber').fill(String(us));
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(us));
}

async function shareUrl(page) {
  await page.getByTestId('share').click();
  // The link is packed by the worker: it appears a moment later.
  await expect(page.getByTestId('share-url')).toHaveValue(/#\/play\?s=v1\./);
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#\/play\?s=v1\./);
  return url;
}

test('a share link reopens the same moment, actions and selection in a fresh browser', async ({ page, browser }, info) => {
  await page.goto('/#/play/db_one_for_all?t=500&sel=cache');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  // The user's own action: kill the cache at 500 ms (the scenario's own fault is at 1.5 s).
  await page.getByTestId('kill').click();
  await seek(page, 900_000);
  await page.getByTestId('node-api').click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const before = await nodes(page);
  expect(before.cache.restarts).toBe(1);
  const url = await shareUrl(page);
  expect(url.length).toBeLessThan(2000);
  await page.screenshot({ path: info.outputPath('share-dialog.png') });

  const ctx = await browser.newContext(); // empty storage: another machine
  const other = await ctx.newPage();
  const errors = [];
  other.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await other.goto(url);
  await expect(other.getByTestId('clock')).toHaveAttribute('data-now', '900000');
  await expect(other.getByTestId('inspector')).toHaveAttribute('data-selected', 'api');
  await expect(other.getByTestId('app')).toHaveAttribute('data-playing', 'false');
  expect(await nodes(other)).toEqual(before);
  // The timeline still holds the action: scrubbing back before it and forward again
  // replays it at the same point.
  await seek(other, 400_000);
  await seek(other, 900_000);
  expect(await nodes(other)).toEqual(before);
  await other.screenshot({ path: info.outputPath('opened-elsewhere.png') });
  expect(errors).toEqual([]);
  await ctx.close();
});

test('a moment reached by stepping just after a kill is shared exactly', async ({ page, browser }) => {
  await page.goto('/#/play/pipeline_rest_for_one?t=600&sel=producer');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'producer');
  await page.getByTestId('kill').click();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  const before = await nodes(page);
  const now = await page.getByTestId('clock').getAttribute('data-now');
  const url = await shareUrl(page);
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.goto(url);
  await expect(other.getByTestId('clock')).toHaveAttribute('data-now', now);
  expect(await nodes(other)).toEqual(before);
  await ctx.close();
});

test('the share dialog is a modal: focus inside, Space on a button, Escape closes', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=300');
  await page.getByTestId('share').focus();
  await page.keyboard.press(' '); // activates the focused button, does not play
  await expect(page.getByTestId('share-dialog')).toBeVisible();
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false');
  await expect(page.locator('#share-title')).toBeFocused();
  await page.keyboard.press('k'); // the stage's keys are off while the dialog is open
  await expect(page.getByTestId('node-cache')).toHaveAttribute('data-restarts', '0');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-dialog')).toHaveCount(0);
});

test('bad links say what is wrong, keep the app usable and leave saved work alone', async ({ page }, info) => {
  const draft = '{"name": "my work in progress", "tree": {"type": "supervisor", "id": "mine"}}';
  await page.goto('/');
  await page.evaluate((d) => localStorage.setItem('otp-playground.draft', d), draft);
  const good = (await shareUrl(page)).split('s=')[1];
  const cases = [
    [good.slice(0, good.length - 25), /incomplete|damaged/],
    [good.slice(0, -6) + (good.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'), /damaged|incomplete/],
    ['v7.' + good.slice(3), /newer version/],
    ['hello-world', /not a playground share link/],
    ['v1.%%%%', /damaged|incomplete/],
    ['v1.' + 'A'.repeat(450_000), /too long/],
  ];
  for (const [payload, want] of cases) {
    await page.goto('/#/');
    await page.goto(`/#/play?s=${payload}`);
    await expect(page.getByTestId('notice')).toContainText('could not be opened');
    await expect(page.getByTestId('notice')).toContainText(want);
    await expect(page.getByTestId('tree-nodes').locator('[data-testid^="node-"]').first()).toBeVisible();
  }
  await page.screenshot({ path: info.outputPath('bad-link.png') });
  expect(await page.evaluate(() => localStorage.getItem('otp-playground.draft'))).toBe(draft);
  // The draft is still there to work on.
  await page.goto('/#/');
  await page.getByTestId('scenario-picker').selectOption('custom');
  await expect(page.getByTestId('scenario-json')).toHaveValue(draft);
});

test('presenter mode: narrated steps forward and back with clicker keys', async ({ page }, info) => {
  const sc = JSON.parse(readFileSync('scenarios/pipeline_rest_for_one.json', 'utf8'));
  await page.goto('/#/present/pipeline_rest_for_one');
  await expect(page.getByTestId('presenter')).toBeVisible();
  await expect(page.getByTestId('app')).toHaveClass(/large/);
  await expect(page.locator('.topbar')).toHaveCount(0);
  await expect(page.getByTestId('step-count')).toHaveText(`Step 1 of ${sc.steps.length}`);
  await expect(page.getByTestId('narration-text')).toHaveText(sc.steps[0].text);
  const at = async (i) => {
    await expect(page.getByTestId('step-count')).toHaveText(`Step ${i + 1} of ${sc.steps.length}`);
    await expect(page.getByTestId('narration-text')).toHaveText(sc.steps[i].text);
    await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
    await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(sc.steps[i].at_ms * 1000));
    if (sc.steps[i].select) await expect(page.locator('.node.selected')).toHaveAttribute('data-id', sc.steps[i].select);
  };
  await at(0);
  await page.keyboard.press('PageDown');
  await at(1);
  const beforeCrash = await nodes(page);
  await page.keyboard.press('.');
  await at(2);
  const afterCrash = await nodes(page);
  expect(afterCrash.transformer.pid).not.toBe(beforeCrash.transformer.pid);
  expect(afterCrash.consumer.pid).not.toBe(beforeCrash.consumer.pid);
  expect(afterCrash.producer.pid).toBe(beforeCrash.producer.pid);
  await page.screenshot({ path: info.outputPath('presenter.png') });
  await page.keyboard.press('b');
  await at(1);
  expect(await nodes(page)).toEqual(beforeCrash);
  await page.keyboard.press('PageUp');
  await at(0);
  await page.keyboard.press('Escape');
  await expect(page.locator('.topbar')).toBeVisible();
  await expect(page.getByTestId('presenter')).toHaveCount(0);
  // Large type was the presenter's, not the viewer's choice: it goes with it.
  await expect(page.getByTestId('app')).not.toHaveClass(/large/);
});

test('presenter mode opened at a moment stays there, on the step it falls in', async ({ page }) => {
  const sc = JSON.parse(readFileSync('scenarios/pipeline_rest_for_one.json', 'utf8'));
  const t = sc.steps[1].at_ms + 1;
  expect(t).toBeLessThan(sc.steps[2].at_ms);
  await page.goto(`/#/present/pipeline_rest_for_one?t=${t}`);
  await expect(page.getByTestId('presenter')).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(t * 1000));
  await expect(page.getByTestId('step-count')).toHaveText(`Step 2 of ${sc.steps.length}`);
  await expect(page.getByTestId('narration-text')).toHaveText(sc.steps[1].text);
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('step-count')).toHaveText(`Step 3 of ${sc.steps.length}`);
});

test('embed mode shows only the stage and its controls, from a name or a link', async ({ page }) => {
  await page.goto('/#/embed/cache_one_for_one');
  await expect(page.getByTestId('embed')).toBeVisible();
  await expect(page.locator('.topbar, .side, .about')).toHaveCount(0);
  await expect(page.getByTestId('node-cache')).toBeVisible();
  await expect(page.getByTestId('play')).toBeVisible();
  await page.goto('/#/play/cache_one_for_one?t=1200&sel=cache');
  const url = await shareUrl(page);
  await page.goto(url.replace('#/play?', '#/embed?'));
  await expect(page.getByTestId('embed')).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1200000');
});

test('exports: scenario, trace, tree and Elixir code; import checks the file first', async ({ page }) => {
  await page.goto('/#/play/db_one_for_all?t=1000');
  await page.getByTestId('share').click();
  const get = async (testid) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
    return readFileSync(await dl.path(), 'utf8');
  };
  const scenario = JSON.parse(await get('export-scenario'));
  expect(scenario.tree.strategy).toBe('one_for_all');
  const lines = (await get('export-trace')).trim().split('\n').map((l) => JSON.parse(l));
  expect(lines.some((e) => e.ev === 'started' && e.id === 'cache')).toBe(true);
  const svg = await get('export-svg');
  expect(svg).toContain('<svg');
  expect(svg).toContain('node-cache');
  await page.getByTestId('export-elixir-show').click();
  await expect(page.getByTestId('elixir-code')).toContainText('strategy: :one_for_all');
  const exs = await get('export-elixir');
  expect(exs).toContain('Supervisor.init');
  // Import: a broken file is refused with field-named errors and changes nothing.
  await page.getByTestId('import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json',
    buffer: Buffer.from('{"name": "x", "tree": {"type": "worker", "id": "w", "restart": "sometimes"}}') });
  await expect(page.getByTestId('scenario-errors')).toContainText('restart');
  await expect(page.getByTestId('scenario-name')).toContainText('one_for_all');
  // …and it does not become the saved draft.
  expect(await page.evaluate(() => localStorage.getItem('otp-playground.draft') ?? '')).not.toContain('sometimes');
  // A good file loads.
  await page.getByTestId('share').click();
  const mine = { ...scenario, name: 'My imported tree' };
  await page.getByTestId('import-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
  await expect(page.getByTestId('scenario-name')).toHaveText('My imported tree');
});
