// Accessibility audit: axe-core (from npm, injected into the page) on every route of the
// release build — the playground, a scenario at a moment, presenter and embed modes, the
// lesson list, a lesson with its demo played, the quiz in progress and at its end, the
// share dialog and the help; and the routes added since: a share link opened in a fresh
// browser, the offline notice, the phone layout with its sheet open and the tablet layout,
// the editor with a field error, a gallery filter, the presenter mid-way and a branch
// comparison. Any violation fails the test and is listed by rule and node.
import { test, expect, devices } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

async function audit(page, what) {
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  expect(result, `axe violations on ${what}`).toEqual([]);
}

const routes = [
  ['the playground', '/#/play/cache_one_for_one?t=1200&sel=cache', 'node-cache'],
  ['a big tree', '/#/play/big_200?t=500', 'node-root_sup'],
  ['the canvas stage (5,000 processes)', '/#/play/big_5000?t=500&sel=server_0', 'stage-canvas'],
  ['presenter mode', '/#/present/db_one_for_all', 'narration'],
  ['embed mode', '/#/embed/cache_one_for_one', 'stage'],
  ['the sequence diagram', '/#/seq/cache_one_for_one?t=1500&sel=cache', 'seq-drawing'],
  ['the lesson list', '/#/lessons', 'lessons'],
  ['the gallery', '/#/gallery', 'gallery'],
  ['the decision tree', '/#/decide', 'decide-question'],
  ['a decision tree leaf', '/#/decide/yes/no/no', 'decide-leaf'],
  ['lesson 16 with its tree', '/#/lessons/decision-tree', 'decide-block'],
  ['the editor', '/#/edit/cache_one_for_one', 'node-form'],
  ['the quiz start', '/#/quiz', 'quiz'],
  ['an ETS owner in the inspector, its links and hand-overs', '/#/play/ets_owner_dies?t=300&sel=cache', 'otp-calls'],
];

for (const [what, url, ready] of routes) {
  test(`axe: ${what}`, async ({ page }) => {
    await page.goto(url);
    await expect(page.getByTestId(ready).first()).toBeVisible();
    await audit(page, what);
  });
}

test('axe: a first visit, the help and the share dialog', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await audit(page, 'the first visit');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toBeVisible();
  await audit(page, 'the help');
  await page.keyboard.press('Escape');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-dialog')).toBeVisible();
  await audit(page, 'the share dialog');
});

test('axe: a lesson with its demo played, and the quiz in progress and at its end', async ({ page }) => {
  await page.goto('/#/lessons/iron-law');
  await expect(page.getByTestId('lesson')).toBeVisible();
  await page.getByTestId('demo-0-show').click();
  await page.getByTestId('demo-0-choice-0').click();
  await expect(page.getByTestId('demo-0-feedback')).not.toBeEmpty();
  await audit(page, 'a lesson with its demo played');
  await page.goto('/#/quiz?seed=7&n=2');
  await expect(page.getByTestId('prompt')).toBeVisible();
  await audit(page, 'a quiz question');
  for (let i = 0; i < 2; i++) {
    await page.getByTestId('choice-0').click();
    await expect(page.getByTestId('feedback')).not.toBeEmpty();
    if (i === 0) await audit(page, 'a question answered');
    await page.getByTestId('quiz-next').click();
  }
  await expect(page.getByTestId('quiz-score')).toBeVisible();
  await audit(page, 'the end of a quiz');
});

// Screen-reader announcements: one polite live region, fed by the model (model/announce.rs).
// Each change of its text is recorded with the wall time it happened at.
async function recordAnnouncements(page) {
  await page.evaluate(() => {
    const region = document.querySelector('[data-testid="announcer"]');
    window.__said = [];
    new MutationObserver(() => {
      window.__said.push([performance.now(), region.textContent]);
    }).observe(region, { childList: true, subtree: true, characterData: true });
  });
}

test('announcements: a crash and its restart are said once, politely', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=800');
  await expect(page.getByTestId('node-cache')).toBeVisible();
  const region = page.getByTestId('announcer');
  await expect(region).toHaveAttribute('aria-live', 'polite');
  await expect(page.locator('[aria-live="polite"]')).toHaveCount(1);
  await recordAnnouncements(page);
  await page.keyboard.press(' ');
  await expect(region).toContainText('cache exited', { timeout: 5_000 });
  await expect(region).toContainText('cache restarted');
  // Scrubbing back before the crash and forward over it again says nothing.
  await page.keyboard.press(' ');
  const said = await page.evaluate(() => window.__said.length);
  await page.goto('/#/play/cache_one_for_one?t=500');
  await expect(page.getByTestId('node-cache')).toBeVisible();
  await recordAnnouncements(page);
  await page.getByTestId('scrubber').fill('1500000');
  await expect.poll(async () => Number(await page.getByTestId('clock').getAttribute('data-now'))).toBeGreaterThan(1_200_000);
  await page.waitForTimeout(2_500);
  expect(await page.evaluate(() => window.__said)).toEqual([]);
  expect(said).toBeGreaterThan(0);
});

test('announcements: at most one every 2 s while playing, the rest summed up; m mutes', async ({ page }) => {
  // A crash every 400 ms of virtual time until the supervisor gives up.
  await page.goto('/#/play/intensity_gives_up?t=700');
  await expect(page.getByTestId('node-flaky')).toBeVisible();
  await recordAnnouncements(page);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('announcer')).toContainText('gave up', { timeout: 12_000 });
  const said = await page.evaluate(() => window.__said);
  expect(said.length).toBeGreaterThan(1);
  for (let i = 1; i < said.length; i++) {
    expect(said[i][0] - said[i - 1][0], JSON.stringify(said)).toBeGreaterThan(1_900);
  }
  expect(said.map((s) => s[1]).join(' | ')).toContain('in the last moments');
  // Muted: the region says so, then nothing more.
  await page.keyboard.press('m');
  await expect(page.getByTestId('announcer')).toHaveText('Announcements off.');
  await page.keyboard.press('Home');
  await page.keyboard.press(' ');
  await page.waitForTimeout(2_500);
  await expect(page.getByTestId('announcer')).toHaveText('Announcements off.');
});

test('keyboard: ] and [ visit the processes in tree order, wrapping, each one said', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=1200');
  await expect(page.getByTestId('node-cache')).toBeVisible();
  const order = [];
  // The page's key handler is attached just after the first paint: the first press is
  // retried until it lands (a later, lost press would have selected the next process).
  await expect(async () => {
    await page.keyboard.press(']');
    await expect(page.getByTestId('announcer')).toContainText('(1 of 4)', { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  order.push(await page.getByTestId('announcer').textContent());
  for (let i = 1; i < 5; i++) {
    await page.keyboard.press(']');
    await expect(page.getByTestId('announcer')).toContainText(`(${(i % 4) + 1} of 4)`);
    order.push(await page.getByTestId('announcer').textContent());
  }
  expect(order).toEqual([
    'Selected app_sup (1 of 4).', 'Selected Cache (2 of 4).', 'Selected client_a (3 of 4).',
    'Selected client_b (4 of 4).', 'Selected app_sup (1 of 4).',
  ]);
  await page.keyboard.press('[');
  await expect(page.getByTestId('announcer')).toHaveText('Selected client_b (4 of 4).');
  // The accessible tree lists them in the same order.
  const items = await page.locator('[role="treeitem"]').evaluateAll((els) => els.map((e) => e.dataset.id));
  expect(items).toEqual(['app_sup', 'cache', 'client_a', 'client_b']);
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-order')).toContainText('tree order');
});

test('axe: a share link opened in a fresh browser', async ({ page, browser }) => {
  await page.goto('/#/play/db_one_for_all?t=500&sel=cache');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#\/play\?s=v1\./);
  const url = await page.getByTestId('share-url').inputValue();
  const ctx = await browser.newContext();
  const fresh = await ctx.newPage();
  await fresh.goto(url);
  await expect(fresh.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await audit(fresh, 'a share link in a fresh browser');
  await ctx.close();
});

test('axe: the offline notice', async ({ page }) => {
  await page.goto('/#/play/db_one_for_all?t=800');
  await expect(page.getByTestId('node-cache')).toBeVisible();
  await page.route(/\/full-[0-9a-f]+/, (r) => r.abort());
  page.removeAllListeners('console'); // the failed fetch is expected
  await page.getByRole('link', { name: 'Quiz' }).click();
  await expect(page.getByTestId('notice')).toContainText('could not be loaded');
  await audit(page, 'the offline notice');
});

test('axe: the editor with a field error', async ({ page }) => {
  await page.goto('/#/edit/cache_one_for_one');
  await expect(page.getByTestId('editor')).toBeVisible();
  const b = page.getByTestId('outline-app_sup').locator('button');
  await b.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('add-kind').selectOption('server');
  await page.getByTestId('add-count').fill('1000000');
  await page.getByTestId('add-child').click();
  await expect(page.getByTestId('error-add.count')).toContainText('at most');
  await audit(page, 'the editor with a field error');
});

test('axe: the gallery filtered, the presenter mid-way, a branch comparison', async ({ page }) => {
  await page.goto('/#/gallery');
  await page.locator('[data-testid^="tag-"]').first().click();
  await expect(page.locator('[data-testid^="tag-"]').first()).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('gallery-search').fill('supervisor');
  await audit(page, 'the gallery filtered');
  await page.goto('/#/present/db_one_for_all');
  await expect(page.getByTestId('narration')).toBeVisible();
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await expect.poll(async () => Number(await page.getByTestId('clock').getAttribute('data-now'))).toBeGreaterThan(0);
  await audit(page, 'the presenter mid-way');
  await page.goto('/#/play/cache_one_for_one?t=1000&sel=client_a');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_a');
  await page.getByTestId('scrubber').fill('2000000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  await page.getByTestId('scrubber').fill('1000000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1000000');
  await page.getByTestId('kill').click();
  await expect(page.getByTestId('branch-1')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('branch-compare').selectOption('0');
  await expect(page.getByTestId('comparison')).toBeVisible();
  await audit(page, 'a branch comparison');
});

const { defaultBrowserType: _a, ...phone } = devices['Pixel 7'];
const { defaultBrowserType: _b, ...tablet } = devices['Galaxy Tab S4'];
for (const [name, device] of [['phone', { ...phone, viewport: { width: 390, height: 844 } }], ['tablet', tablet]]) {
  test.describe(name, () => {
    test.use(device);
    test(`axe: the ${name} layout, its sheet open`, async ({ page }) => {
      await page.goto('/#/play/db_one_for_all?t=500&sel=cache');
      await expect(page.getByTestId('stage')).toBeVisible();
      await audit(page, `the ${name} layout`);
      await page.getByTestId('details-toggle').tap();
      await expect(page.getByTestId('inspector')).toBeVisible();
      await audit(page, `the ${name} layout with its sheet open`);
      await page.goto('/#/lessons/iron-law');
      await expect(page.getByTestId('lesson')).toBeVisible();
      await audit(page, `a lesson on the ${name}`);
    });
  });
}
