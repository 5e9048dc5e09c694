// End-to-end tests of what a newcomer trips over (learner, trainer, team), on the release
// build: a calm first visit, a log and accessible tree that are current when playback stops,
// Space after an inspector action, addresses mangled by mail clients or absurdly long, the
// presenter's first step, the custom box, lesson feedback in view, offline messages, Find.
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

const cache = JSON.parse(readFileSync('scenarios/cache_one_for_one.json', 'utf8'));
const lessonFiles = readdirSync('lessons').filter((f) => f.endsWith('.md')).sort();
const demos = (file) =>
  [...readFileSync(`lessons/${file}`, 'utf8').matchAll(/```demo\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
const slugOf = (file) => /^slug:\s*(.+)$/m.exec(readFileSync(`lessons/${file}`, 'utf8'))[1].trim();
const now = async (page) => Number(await page.getByTestId('clock').getAttribute('data-now'));

test('a first visit starts calm: paused, the description in full, what to try; remembered', async ({ page }, info) => {
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: info.outputPath('first-visit-0.5s.png') });
  await expect(page.getByTestId('welcome-description')).toContainText(cache.description);
  await expect(page.getByTestId('welcome')).toContainText('press k');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: info.outputPath('first-visit-3s.png') });
  // Nothing moves without the newcomer: the tree is up, the crash at 1 s is still ahead.
  expect(await now(page)).toBe(200_000);
  await expect(page.getByTestId('node-cache')).toHaveAttribute('data-pid', /PID/);
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false');
  await page.getByTestId('welcome-play').click();
  await expect(page.getByTestId('welcome')).toHaveCount(0);
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'true');
  await page.waitForTimeout(7000);
  await page.screenshot({ path: info.outputPath('first-visit-10s.png') });
  expect(await now(page)).toBeGreaterThan(1_000_000);
  // The next visit plays at once, without the welcome. (A reload would reopen the moment
  // the run ended at, paused: the address follows a paused stage.)
  expect(new URL(page.url()).hash).toMatch(/^#\/play\/cache_one_for_one\?t=\d+$/);
  await page.goto('/');
  await expect(page.getByTestId('tree-nodes').locator('[data-testid^="node-"]').first()).toBeVisible();
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'true');
  await expect(page.getByTestId('welcome')).toHaveCount(0);
});

test('the log and the accessible tree are current the moment playback pauses', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=800&sel=cache');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '800000');
  const oldPid = await page.getByTestId('node-cache').getAttribute('data-pid');
  await page.getByTestId('play').click();
  await expect.poll(() => now(page), { timeout: 10_000 }).toBeGreaterThan(1_050_000);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false');
  const newPid = await page.getByTestId('node-cache').getAttribute('data-pid');
  expect(newPid).not.toBe(oldPid);
  // The newest log lines include the crash and the restart…
  const lines = await page.locator('[data-testid="event-log"] li').evaluateAll((els) => els.slice(0, 12).map((e) => e.dataset.ev));
  expect(lines).toContain('restarting');
  // …and the screen-reader tree names the new pid with one restart.
  const label = await page.locator('[data-testid="a11y-tree"] [role="treeitem"][aria-label^="Cache"]').getAttribute('aria-label');
  expect(label).toContain(newPid);
  expect(label).toContain('restarts 1');
});

test('after an inspector action, Space plays and cannot repeat the action', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=300&sel=cache');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await page.getByTestId('kill').click();
  await expect(page.getByTestId('paused-hint')).toContainText('Space');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'true');
  await expect.poll(() => now(page), { timeout: 10_000 }).toBeGreaterThan(600_000);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false');
  // One kill, one restart (a repeated exit signal would have restarted it twice).
  await expect(page.getByTestId('node-cache')).toHaveAttribute('data-restarts', '1');
  await expect(page.locator('.timeline .marker.action')).toHaveCount(1);
});

test('a link whose ? arrived as %3F opens; any address keeps the layout', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one%3Ft%3D800%26sel%3Dcache');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '800000');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await page.goto(`/#/${'x'.repeat(10_000)}`);
  await expect(page.getByTestId('route-notice')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1280);
  expect((await page.getByTestId('route-notice').textContent()).length).toBeLessThan(300);
  await expect(page.getByRole('link', { name: 'Quiz' })).toBeInViewport();
  await expect(page.getByTestId('node-app_sup')).toBeVisible();
});

test("presenter mode's first step fits its strip at 1280×720", async ({ page }) => {
  for (const file of readdirSync('scenarios').filter((f) => f.endsWith('.json'))) {
    await page.goto(`/#/present/${file.replace(/\.json$/, '')}`);
    const say = page.getByTestId('narration-text');
    await expect(say).not.toBeEmpty();
    const fits = await say.evaluate((e) => e.scrollHeight <= e.clientHeight + 1);
    expect(fits, `${file}: the first step is not cut`).toBe(true);
  }
});

test('a scenario that loads closes the custom box and gives the stage its room', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=100');
  await page.getByTestId('scenario-picker').selectOption('custom');
  await page.getByTestId('scenario-json').fill(JSON.stringify(cache));
  await page.getByTestId('load-json').click();
  await expect(page.getByTestId('custom-scenario')).toHaveCount(0);
  const box = await page.getByTestId('stage').boundingBox();
  expect(box.height).toBeGreaterThan(350);
});

test("a prediction's feedback comes into view", async ({ page }) => {
  const file = lessonFiles.find((f) => demos(f).some((d) => d.predict));
  const n = demos(file).findIndex((d) => d.predict);
  await page.goto(`/#/lessons/${slugOf(file)}`);
  await page.getByTestId(`demo-${n}-show`).click();
  await page.getByTestId(`demo-${n}-choice-0`).click();
  await expect(page.getByTestId(`demo-${n}-feedback`)).toContainText(/Right|Not quite/);
  await expect(page.getByTestId(`demo-${n}-feedback`)).toBeInViewport();
});

test('offline, the lessons say so in plain words', async ({ page, context }) => {
  await page.goto('/#/play/cache_one_for_one?t=100');
  await expect(page.getByTestId('node-app_sup')).toBeVisible();
  await context.setOffline(true);
  // The failed fetch is logged by the browser as a console error: expected here.
  page.removeAllListeners('console');
  await page.evaluate(() => { location.hash = '#/lessons'; });
  // The lessons are in the bundle fetched on demand: the playground stays, and says why.
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('offline');
  await expect(notice).not.toContainText('JsValue');
  await expect(notice).not.toContainText('at ');
  await expect(page.getByTestId('node-app_sup')).toBeVisible();
  await context.setOffline(false);
  await page.getByRole('link', { name: 'Lessons' }).click();
  await expect(page.getByTestId('lessons')).toBeVisible();
});

test('a lesson without a demo says why and gives its text the room', async ({ page }) => {
  const file = lessonFiles.find((f) => demos(f).length === 0);
  test.skip(!file, 'every lesson has a demo now');
  await page.goto(`/#/lessons/${slugOf(file)}`);
  await expect(page.getByTestId('no-demo')).toContainText('does not model');
  await expect(page.getByTestId('no-demo')).not.toContainText('distribution');
  const text = await page.locator('.lesson').boundingBox();
  expect(text.width).toBeGreaterThan(640);
});

test('Find: Enter selects and centres the next match', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=100');
  await page.getByTestId('search').fill('client');
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_a');
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_b');
  // Centred: the node is near the middle of the stage.
  const stage = await page.getByTestId('stage').boundingBox();
  const node = await page.getByTestId('node-client_b').locator('circle').first().boundingBox();
  expect(Math.abs(node.x + node.width / 2 - (stage.x + stage.width / 2))).toBeLessThan(40);
});

test('stage text stays at 14 px or more beside a lesson at 1280×720', async ({ page }, info) => {
  for (const slug of ['registry', 'iron-law', 'supervision-strategies']) {
    await page.goto(`/#/lessons/${slug}`);
    await expect(page.getByTestId('tree-nodes').locator('[data-testid^="node-"]').first()).toBeVisible();
    await page.waitForTimeout(300); // the stage measures itself, the layout follows
    const sizes = await page.locator('.stage .node .label').evaluateAll((els) =>
      els.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a));
    expect(sizes.length, slug).toBeGreaterThan(0);
    expect(Math.min(...sizes), `${slug}: smallest worker label in px`).toBeGreaterThanOrEqual(13.9);
    await page.screenshot({ path: info.outputPath(`lesson-${slug}.png`) });
  }
  // The inspector and log are one click away.
  await page.getByTestId('details-toggle').click();
  await expect(page.getByTestId('inspector')).toBeVisible();
});

test('the custom box names the right line and field for each mistake', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=100');
  await page.getByTestId('scenario-picker').selectOption('custom');
  const box = page.getByTestId('scenario-json');
  const load = page.getByTestId('load-json');
  const errors = page.getByTestId('scenario-errors');
  // A missing comma at the end of line 3 is reported there, not at the next key.
  await box.fill('{\n  "name": "x",\n  "duration_ms": 100\n  "tree": {"type": "supervisor", "id": "s"}\n}\n');
  await load.click();
  await expect(errors).toContainText('line 3 column 21');
  await box.fill('{"name": "x", "config": {"latency_us": -500}, "tree": {"type": "supervisor", "id": "s"}}');
  await load.click();
  await expect(errors).toContainText('config.latency_us');
  await expect(errors).toContainText('must be 0 or more');
  await box.fill('{\n  "name": "x",\n  "tree": {"type": "supervisor", "id": "s", "children": [\n    {"type": "supervisor", "id": "inner",\n     "strategy": "one_for_none",\n     "children": []}\n  ]}\n}\n');
  await load.click();
  await expect(errors).toContainText('line 5');
  await expect(errors).toContainText('field `strategy`');
  // Nothing of the running scenario was lost.
  await expect(page.getByTestId('node-app_sup')).toBeVisible();
});
