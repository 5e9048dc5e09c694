// End-to-end tests of the playground: the release build (dist/) in headless Chromium.
// Every test fails on any console error or page error (support.mjs).
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

async function open(page, slug) {
  await page.goto('/');
  await expect(page.getByTestId('tree-nodes').locator('[data-testid^="node-"]').first()).toBeVisible();
  if (slug) {
    const value = await page.locator(`[data-testid="scenario-picker"] option[data-slug="${slug}"]`).getAttribute('value');
    await page.getByTestId('scenario-picker').selectOption(value);
  }
  await pause(page);
}

async function pause(page) {
  if ((await page.getByTestId('app').getAttribute('data-playing')) === 'true') {
    await page.getByTestId('play').click();
  }
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false');
}

async function seek(page, us) {
  await page.getByTestId('scrubber').fill(String(us));
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(us));
}

/** { id: { pid, restarts, state } } for every node on the stage. */
async function nodes(page) {
  return page.locator('[data-testid="tree-nodes"] [data-testid^="node-"]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.id, { pid: e.dataset.pid, restarts: Number(e.dataset.restarts), state: e.dataset.state }])));
}

async function kill(page, id, reason = ':kill') {
  await page.getByTestId(`node-${id}`).click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', id);
  const value = await page.getByTestId('reason').locator('option', { hasText: reason }).first().getAttribute('value');
  await page.getByTestId('reason').selectOption(value);
  await page.getByTestId('kill').click();
}

test('loads the playground with a live, accessible tree', async ({ page }, info) => {
  await page.goto('/');
  const items = page.getByRole('treeitem');
  await expect(items).toHaveCount(4);
  await expect(page.getByTestId('node-app_sup')).toHaveAttribute('data-kind', 'supervisor');
  // A first visit waits for the newcomer; Play in the welcome starts it.
  await page.getByTestId('welcome-play').click();
  await expect(page.getByTestId('node-cache')).toHaveAttribute('data-state', /waiting|busy|runnable/);
  const t0 = Number(await page.getByTestId('clock').getAttribute('data-now'));
  await page.waitForTimeout(400);
  const t1 = Number(await page.getByTestId('clock').getAttribute('data-now'));
  expect(t1).toBeGreaterThan(t0);
  await page.screenshot({ path: info.outputPath('loaded.png') });
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);
});

const cases = [
  { slug: 'cache_one_for_one', strategy: 'one_for_one', kill: 'cache', restarted: ['cache'], kept: ['client_a', 'client_b'] },
  { slug: 'db_one_for_all', strategy: 'one_for_all', kill: 'cache', restarted: ['db', 'cache', 'api', 'client'], kept: [] },
  { slug: 'pipeline_rest_for_one', strategy: 'rest_for_one', kill: 'transformer', restarted: ['transformer', 'consumer'], kept: ['producer'] },
];

for (const c of cases) {
  test(`kill a worker under ${c.strategy}: the strategy decides who restarts`, async ({ page }, info) => {
    await open(page, c.slug);
    await expect(page.locator('.node.supervisor .strategy').first()).toContainText(c.strategy);
    await seek(page, 500_000); // before the scenario's own scheduled fault
    const before = await nodes(page);
    await kill(page, c.kill, ':kill');
    await seek(page, 800_000);
    const after = await nodes(page);
    await page.screenshot({ path: info.outputPath(`${c.strategy}-after-kill.png`) });
    // Every process the strategy restarted (the one that died and the siblings stopped and
    // started with it) has a new pid and one more restart; the supervisor's intensity
    // counts the restart once (checked below).
    for (const id of c.restarted) {
      expect(after[id].pid, `${id} has a new pid`).not.toBe(before[id].pid);
      expect(after[id].pid, `${id} is running`).not.toBe('');
      expect(after[id].restarts, `${id} restart count`).toBe(before[id].restarts + 1);
    }
    for (const id of c.kept) {
      expect(after[id].pid, `${id} kept its pid`).toBe(before[id].pid);
      expect(after[id].restarts).toBe(before[id].restarts);
    }
    // The supervisor's restart-intensity meter counts the restart.
    await expect(page.locator('[data-testid="intensity"]').first()).toHaveAttribute('data-recent', '1');
    await expect(page.locator('.timeline .marker.crash').first()).toBeAttached();
  });
}

test('scrub the timeline back and forward and see the earlier state again', async ({ page }, info) => {
  await open(page, 'cache_one_for_one');
  await seek(page, 400_000);
  const early = await nodes(page);
  await seek(page, 1_500_000); // past the scheduled crash at 1 s
  const late = await nodes(page);
  expect(late.cache.pid).not.toBe(early.cache.pid);
  expect(late.cache.restarts).toBe(1);
  await page.screenshot({ path: info.outputPath('scrub-late.png') });
  await seek(page, 400_000);
  expect(await nodes(page)).toEqual(early);
  await page.screenshot({ path: info.outputPath('scrub-back.png') });
  await seek(page, 1_500_000);
  expect(await nodes(page)).toEqual(late);
  // A user action after scrubbing back forks the timeline; scrubbing replays it.
  await seek(page, 600_000);
  await kill(page, 'client_a');
  await seek(page, 900_000);
  const forked = await nodes(page);
  expect(forked.client_a.restarts).toBe(1);
  await seek(page, 300_000);
  expect((await nodes(page)).client_a.pid).toBe(early.client_a.pid);
  await seek(page, 900_000);
  expect(await nodes(page)).toEqual(forked);
});

test('step, keyboard and inspector explain OTP semantics', async ({ page }) => {
  await open(page, 'cache_one_for_one');
  const n0 = Number(await page.getByTestId('clock').getAttribute('data-now'));
  await page.getByTestId('step').click();
  await page.getByTestId('step').click();
  const n1 = Number(await page.getByTestId('clock').getAttribute('data-now'));
  expect(n1).toBeGreaterThanOrEqual(n0);
  await page.keyboard.press(']');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'app_sup');
  await page.keyboard.press(']');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  const value = await page.getByTestId('reason').locator('option', { hasText: ':normal' }).getAttribute('value');
  await page.getByTestId('reason').selectOption(value);
  await expect(page.getByTestId('reason-explain')).toContainText('IGNORED');
  const pid = await page.getByTestId('node-cache').getAttribute('data-pid');
  await page.getByTestId('kill').click();
  await seek(page, Number(await page.getByTestId('clock').getAttribute('data-now')) - (Number(await page.getByTestId('clock').getAttribute('data-now')) % 1000) + 100_000);
  await expect(page.getByTestId('node-cache')).toHaveAttribute('data-pid', pid);
  // s suspends the selected process (keys go to the page, not to a focused form field).
  await page.getByTestId('node-cache').click();
  await page.keyboard.press('s');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('node-cache')).toHaveAttribute('data-state', 'suspended');
  // Shortcuts still work with focus on the scrubber (only the arrow keys belong to it).
  await page.getByTestId('scrubber').focus();
  await page.keyboard.press(']');
  await expect(page.getByTestId('inspector')).not.toHaveAttribute('data-selected', 'cache');
  await expect(page.getByTestId('scrubber')).toBeFocused();
});

test('an action after the end of the run plays out; a paused run says what to press', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=3000&sel=client_a');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '3000000');
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false');
  await expect(page.getByTestId('paused-hint')).toBeVisible();
  const pid = await page.getByTestId('node-client_a').getAttribute('data-pid');
  await page.getByTestId('kill').click();
  // It plays one more second of virtual time, long enough for the restart, then pauses.
  await expect(page.getByTestId('node-client_a')).not.toHaveAttribute('data-pid', pid);
  await expect(page.getByTestId('node-client_a')).toHaveAttribute('data-restarts', '1');
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '4000000');
});

test('stepping through a kill shows the exit before the supervisor reacts', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=1500&sel=client_a');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1500000');
  await page.getByTestId('kill').click();
  const seen = [];
  for (let i = 0; i < 8 && !seen.includes('waiting'); i++) {
    await page.keyboard.press('ArrowRight');
    seen.push(await page.getByTestId('node-client_a').getAttribute('data-state'));
  }
  // Dead, but its supervisor has not handled the :EXIT yet; then restarted.
  expect(seen).toContain('exited');
  expect(seen.indexOf('exited')).toBeLessThan(seen.lastIndexOf('waiting'));
  await expect(page.getByTestId('inspector-state')).toContainText('waiting');
});

test('an invalid scenario shows field-named errors and the app stays usable', async ({ page }) => {
  await open(page);
  await page.getByTestId('scenario-picker').selectOption('custom');
  await page.getByTestId('scenario-json').fill('{"name": "bad", "tree": {"type": "supervisor", "id": "s", "stratgy": "one_for_one"}}');
  await page.getByTestId('load-json').click();
  await expect(page.getByTestId('scenario-errors')).toContainText('stratgy');
  await expect(page.getByTestId('node-app_sup')).toBeVisible();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'true');
});

test('a supervisor that gives up is unmistakable', async ({ page }, info) => {
  await open(page, 'intensity_gives_up');
  await seek(page, 2_000_000);
  await expect(page.getByTestId('node-flaky_sup').getByTestId('gave-up')).toHaveCount(0); // restarted by root
  await seek(page, 3_600_000);
  await expect(page.locator('[data-testid="gave-up"]').first()).toBeVisible();
  await page.screenshot({ path: info.outputPath('gave-up.png') });
  // Both gave up. The nested one says so inside its box, clear of the root's meter and
  // pid above it; the root's words stand above its own box.
  const box = (l) => l.boundingBox();
  const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const inside = (a, b) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
  const nested = await box(page.getByTestId('node-flaky_sup').getByTestId('gave-up').locator('text'));
  const flakyBody = await box(page.getByTestId('node-flaky_sup').locator('rect.body'));
  expect(inside(nested, flakyBody)).toBe(true);
  for (const above of [page.getByTestId('node-root_sup').getByTestId('intensity'), page.getByTestId('node-root_sup').locator('text.pid')]) {
    expect(overlap(nested, await box(above))).toBe(false);
  }
  const root = await box(page.getByTestId('node-root_sup').getByTestId('gave-up').locator('text'));
  const rootBody = await box(page.getByTestId('node-root_sup').locator('rect.body'));
  expect(root.y + root.height).toBeLessThanOrEqual(rootBody.y);
});

test('an unknown address shows the playground with a note', async ({ page }) => {
  await page.goto('/#/play/no_such_scenario');
  await expect(page.getByTestId('notice')).toContainText('no_such_scenario');
  await page.goto('/#/nowhere/at/all');
  await expect(page.getByTestId('route-notice')).toContainText('not an address');
  // One note at a time: the previous address's is gone.
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByTestId('node-app_sup')).toBeVisible();
});

test('a #/play address opens a scenario at a moment with a process selected', async ({ page }) => {
  await page.goto('/#/play/db_one_for_all?t=700&sel=cache');
  await expect(page.getByTestId('scenario-name')).toContainText('one_for_all');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '700000');
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'false');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await page.goto('/#/play/no_such_scenario');
  await expect(page.getByTestId('notice')).toContainText('no scenario named');
});

test('the address follows the paused stage: reload and Back reopen that moment', async ({ page }) => {
  await page.goto('/#/play/db_one_for_all?t=700&sel=cache');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '700000');
  await seek(page, 1_500_000);
  await page.getByTestId('node-db').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'db');
  await expect(page).toHaveURL(/#\/play\/db_one_for_all\?t=1500&sel=db$/);
  await page.reload();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1500000');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'db');
  // Played and paused again: the address names the moment it stopped at.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'true');
  await pause(page);
  const now = Number(await page.getByTestId('clock').getAttribute('data-now'));
  expect(now).toBeGreaterThan(1_500_000);
  // Milliseconds, with decimals down to the microsecond the stage rests at.
  const frac = now % 1000 ? `.${String(now % 1000).padStart(3, '0').replace(/0+$/, '')}` : '';
  const t = `${Math.floor(now / 1000)}${frac}`.replace('.', '\\.');
  await expect(page).toHaveURL(new RegExp(`#/play/db_one_for_all\\?t=${t}&sel=db$`));
  await page.goto('/#/lessons');
  await expect(page.getByTestId('lessons')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(now));
  // The bare playground takes a scenario's address once it has a moment to keep.
  await open(page);
  await seek(page, 400_000);
  await expect(page).toHaveURL(/#\/play\/[a-z0-9_]+\?t=400$/);
});

// The address written once the stage rests must never undo a navigation the app has not
// handled yet. Here the page is busy past the write's due time; a timer due before the write
// changes the address, so the write runs before the `hashchange` the change queued.
test('a navigation made while the address was about to follow the stage is kept', async ({ page }) => {
  await page.goto('/#/play/db_one_for_all?t=700');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '700000');
  const before = await page.getByTestId('scenario-name').textContent();
  await seek(page, 1_500_000);
  await page.evaluate(() => {
    setTimeout(() => { location.hash = '#/play/intensity_gives_up'; }, 0);
    const t0 = performance.now();
    while (performance.now() - t0 < 600) { /* busy past the follow delay */ }
  });
  await expect(page.getByTestId('scenario-name')).not.toHaveText(before);
  await page.waitForTimeout(700);
  await expect(page).toHaveURL(/#\/play\/intensity_gives_up/);
});

test('search highlights, large type, reduced motion and zoom keep working', async ({ page }, info) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, 'dynamic_workers');
  await page.getByTestId('search').fill('session');
  await expect(page.locator('.node.match')).not.toHaveCount(0);
  await expect(page.getByTestId('node-registry')).toHaveClass(/dim/);
  await page.getByTestId('large-type').click();
  await expect(page.getByTestId('app')).toHaveClass(/large/);
  await expect(page.getByTestId('app')).toHaveClass(/reduced-motion/);
  // Large type is large on screen, not just in SVG units: when the tree is shrunk to fit
  // the stage, worker labels are boosted back (≥ 20 px glyph boxes here; without the boost
  // they measured 13–15, and normal type gives ~17).
  await page.waitForTimeout(400); // the stage re-measures after the switch
  const heights = await page.locator('.stage .node .label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  expect(heights.length).toBeGreaterThan(0);
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(20);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByTestId('recenter').click();
  await page.getByTestId('play').click();
  await page.waitForTimeout(600);
  await page.screenshot({ path: info.outputPath('large-reduced-motion.png') });
  // With reduced motion, messages show as lit paths, not moving dots.
  await expect(page.locator('.flights circle, .flights path.msg')).toHaveCount(0);
});

test('a run too large for a full trace says from when it records no messages', async ({ page }) => {
  test.setTimeout(90_000);
  // 10,201 processes (above 10,000 the trace keeps the first 500,000 message events) and
  // 200 clients calling a server every millisecond: the messages run out at about 0.4 s.
  const tpl = (spec, count) => ({ template: spec, count });
  const big = { name: 'Bounded trace', seed: 1, duration_ms: 1500, tree: { type: 'supervisor', id: 'root', strategy: 'one_for_one', children: [
    { type: 'worker', id: 'cache', name: 'Cache', behaviour: { kind: 'server', service_us: 1 } },
    { type: 'dynamic_supervisor', id: 'idle', children: [tpl({ type: 'worker', id: 'w', behaviour: { kind: 'counter' } }, 10000)] },
    { type: 'supervisor', id: 'clients', strategy: 'one_for_one', children: [tpl({ type: 'worker', id: 'c', behaviour: { kind: 'client', target: 'Cache', interval_us: 1000 } }, 200)] },
  ] } };
  await page.goto('/#/play/cache_one_for_one');
  await page.getByTestId('scenario-picker').selectOption('custom');
  await page.getByTestId('scenario-json').fill(JSON.stringify(big));
  await page.getByTestId('load-json').click();
  await expect(page.getByTestId('trace-note')).toHaveCount(0);
  await page.getByTestId('scrubber').fill('1500000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1500000', { timeout: 60_000 });
  await expect(page.getByTestId('trace-note')).toContainText(/recorded only until [\d.]+ m?s \(the first 500,000 message events/);
});
