// The two bundles: the playground's first load fetches only the first-load bundle; the
// lessons, quiz, gallery, sequence diagram, share dialog and the inspector's "Show the
// charts" fetch the full one, which takes over the page at the same moment; without the
// network the playground comes back intact.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

const fetched = (page) => {
  const urls = [];
  page.on('request', (r) => urls.push(new URL(r.url()).pathname));
  return urls;
};
const full = (urls) => urls.filter((u) => /\/full-[0-9a-f]+(_bg\.wasm|\.js)$/.test(u));

async function nodes(page) {
  return page.locator('[data-testid="tree-nodes"] [data-testid^="node-"]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.id, { pid: e.dataset.pid, restarts: Number(e.dataset.restarts), state: e.dataset.state }])));
}

test('the playground loads without the full bundle; a lesson link hands over at the same moment', async ({ page }) => {
  const urls = fetched(page);
  await page.goto('/#/play/db_one_for_all?t=500&sel=cache');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await page.getByTestId('kill').click();
  await page.getByTestId('scrubber').fill('900000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '900000');
  const before = await nodes(page);
  expect(before.cache.restarts).toBe(1);
  expect(full(urls), 'the playground needs only the first-load bundle').toEqual([]);

  await page.getByRole('link', { name: 'Lessons' }).click();
  await expect(page.getByTestId('lessons')).toBeVisible();
  expect(full(urls)).toHaveLength(2);
  await expect(page.getByTestId('app')).toHaveCount(1);
  // Back in the playground (the full bundle draws it now): the same moment, the same user
  // action, the same selection.
  await page.getByRole('link', { name: 'Playground', exact: true }).click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '900000');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  expect(await nodes(page)).toEqual(before);
  // Scrubbing before the kill and back replays it: the action came over, not only a picture.
  await page.getByTestId('scrubber').fill('400000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '400000');
  await page.getByTestId('scrubber').fill('900000');
  expect(await nodes(page)).toEqual(before);
});

test('the first load shows a selected process without its charts; "Show the charts" hands over with it', async ({ page }) => {
  const urls = fetched(page);
  await page.goto('/#/play/db_one_for_all?t=600&sel=cache');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  // Its facts and actions are there; its charts' code is in the full bundle, not fetched.
  await expect(page.getByTestId('kill')).toBeVisible();
  await expect(page.getByTestId('charts')).toHaveCount(0);
  await page.getByTestId('scrubber').fill('800000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '800000');
  expect(full(urls), 'selecting and scrubbing need only the first-load bundle').toEqual([]);
  await page.getByTestId('show-charts').click();
  const charts = page.getByTestId('charts');
  await expect(charts.locator('[data-title="Mailbox length"] svg')).toBeAttached();
  expect(full(urls)).toHaveLength(2);
  await expect(page.getByTestId('app')).toHaveCount(1);
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '800000');
  await expect(page.getByTestId('show-charts')).toHaveCount(0);
});

test('Share from the first-load bundle opens the dialog in the full one, for this moment', async ({ page }) => {
  await page.goto('/#/play/pipeline_rest_for_one?t=700&sel=producer');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'producer');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#\/play\?s=v1\./);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '700000');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-url')).toHaveCount(0);
});

test('a first visit to a lesson fetches the full bundle at once, instead of the first one', async ({ page }) => {
  const urls = fetched(page);
  await page.goto('/#/lessons/registry');
  await expect(page.getByTestId('lesson')).toBeVisible();
  expect(full(urls)).toHaveLength(2);
  expect(urls.filter((u) => /otp-playground-[0-9a-f]+_bg\.wasm$/.test(u)), 'no first-load wasm').toEqual([]);
  await expect(page.getByTestId('app')).toHaveCount(1);
  await expect(page.getByTestId('boot-shell')).toHaveCount(0);
});

test('a first visit to a lesson without the full bundle falls back to the playground, saying why', async ({ page }) => {
  await page.route(/\/full-[0-9a-f]+/, (r) => r.abort());
  page.removeAllListeners('console'); // the failed fetches are expected
  await page.goto('/#/lessons/registry');
  await expect(page.getByTestId('notice')).toContainText('could not be loaded');
  await expect(page.getByTestId('stage')).toBeVisible();
  await expect(page.getByTestId('app')).toHaveCount(1);
});

test('offline, the lessons cannot load: the playground comes back at its moment and says why', async ({ page }) => {
  await page.goto('/#/play/db_one_for_all?t=800&sel=api');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'api');
  await page.route(/\/full-[0-9a-f]+/, (r) => r.abort());
  // The failed fetch is expected here: only it may reach the console.
  page.removeAllListeners('console');
  await page.getByRole('link', { name: 'Quiz' }).click();
  await expect(page.getByTestId('notice')).toContainText('could not be loaded');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '800000');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'api');
  await expect(page.getByTestId('app')).toHaveCount(1);
  // Still usable.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'true');
});

// The first-load bundle reads no JSON (docs/app.md, "Two bundles"): a share link, a lesson
// scenario and a pasted or imported scenario are opened by the full bundle.
test('a share link in a fresh browser loads the full bundle instead of the first one and opens its moment', async ({ page, context }) => {
  await page.goto('/#/play/pipeline_rest_for_one?t=700&sel=producer');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'producer');
  // A user's fault at this moment: the link carries it, and the fresh page replays it.
  await page.getByTestId('kill').click();
  await page.getByTestId('scrubber').fill('900000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '900000');
  const before = await nodes(page);
  expect(before.producer.restarts).toBe(1);
  await page.getByTestId('share').click();
  // The link is made off the main thread ("Making the link…"): the field is empty until
  // then, and an empty address would open the home page instead.
  await expect(page.getByTestId('share-url')).toHaveValue(/#\/play\?s=v1\./);
  const link = await page.getByTestId('share-url').inputValue();
  const fresh = await context.browser().newContext({ baseURL: test.info().project.use.baseURL, serviceWorkers: 'block' });
  const other = await fresh.newPage();
  const urls = fetched(other);
  await other.goto(link);
  await expect(other.getByTestId('clock')).toHaveAttribute('data-now', '900000');
  await expect(other.getByTestId('inspector')).toHaveAttribute('data-selected', 'producer');
  expect(await nodes(other), 'the same tree after the same fault').toEqual(before);
  expect(full(urls)).toHaveLength(2);
  expect(urls.filter((u) => /otp-playground-[0-9a-f]+_bg\.wasm$/.test(u)), 'no first-load wasm').toEqual([]);
  await fresh.close();
});

test('a pasted scenario in the first-load bundle is opened by the full one; a bad one shows its errors there', async ({ page }) => {
  const urls = fetched(page);
  await page.goto('/#/play/cache_one_for_one');
  await expect(page.getByTestId('node-app_sup')).toBeVisible();
  expect(full(urls)).toEqual([]);
  await page.getByTestId('scenario-picker').selectOption('custom');
  const bad = '{"name": "bad", "tree": {"type": "supervisor", "id": "s", "stratgy": "one_for_one"}}';
  await page.getByTestId('scenario-json').fill(bad);
  await page.getByTestId('load-json').click();
  await expect(page.getByTestId('scenario-errors')).toContainText('stratgy');
  expect(full(urls)).toHaveLength(2);
  await expect(page.getByTestId('scenario-json')).toHaveValue(bad);
  await expect(page.getByTestId('node-app_sup')).toBeVisible();
  await page.getByTestId('scenario-json').fill('{"name": "mine", "tree": {"type": "supervisor", "id": "my_sup", "children": [{"type": "worker", "id": "w", "behaviour": {"kind": "counter"}}]}}');
  await page.getByTestId('load-json').click();
  await expect(page.getByTestId('node-my_sup')).toBeVisible();
  await expect(page.getByTestId('app')).toHaveCount(1);
});
