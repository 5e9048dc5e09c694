// End-to-end test of the process commands from the inspector (issue 12): spawn_link a
// worker outside the tree, link two processes, trap exits, kill one and see the linked
// one die (the spawned one too: its parent died), and a share link reopening that moment.
import { test, expect } from '@playwright/test';
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

test('linked processes die together, the spawned one with its parent, and a link reopens it', async ({ page, browser }, info) => {
  await page.goto('/#/play/cache_one_for_one?t=300&sel=cache');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await expect(page.getByTestId('outside-area')).toHaveCount(0);
  // The cache (a counter) starts a linked server outside the tree.
  await page.getByTestId('proc-spawn-link').click();
  await seek(page, 400_000);
  await expect(page.getByTestId('outside-area')).toBeVisible();
  await expect(page.getByTestId('node-spawned_1')).toBeVisible();
  // Its link to the cache is drawn once, as a link like any other (model/ties.rs).
  await expect(page.locator('.tie.link[data-from="cache"][data-to="spawned_1"]')).toHaveCount(1);
  await page.getByTestId('node-client_b').click();
  await expect(page.locator('.tie.link[data-to="spawned_1"]')).toHaveCount(1);
  await page.getByTestId('node-cache').click();
  await expect(page.getByTestId('a11y-outside')).toContainText('started by');
  // The cache links itself to client_a.
  await page.getByTestId('proc-other').selectOption('client_a');
  await page.getByTestId('proc-link').click();
  await seek(page, 500_000);
  // The spawned server traps exits (selected on the stage, like any node).
  await page.getByTestId('node-spawned_1').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'spawned_1');
  await page.getByTestId('proc-trap').click();
  await seek(page, 600_000);
  await expect(page.getByTestId('proc-trap')).toHaveAttribute('aria-pressed', 'true');
  // Kill the cache: client_a, linked and not trapping, dies and is restarted; the
  // spawned server traps exits, but the cache is its parent (start_link): gen_server
  // stops on its parent's {:EXIT, parent, :killed} anyway, so it is gone too.
  await page.getByTestId('node-cache').click();
  await page.getByTestId('kill').click();
  await seek(page, 900_000);
  const before = await nodes(page);
  expect(before.cache.restarts).toBe(1);
  expect(before.client_a.restarts).toBe(1);
  expect(before.client_b.restarts).toBe(0);
  expect(before.spawned_1).toBeUndefined();
  await expect(page.getByTestId('outside-area')).toHaveCount(0);
  await page.screenshot({ path: info.outputPath('procs.png') });

  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#\/play\?s=v1\./);
  const url = await page.getByTestId('share-url').inputValue();
  const ctx = await browser.newContext();
  const other = await ctx.newPage();
  await other.goto(url);
  await expect(other.getByTestId('clock')).toHaveAttribute('data-now', '900000');
  expect(await nodes(other)).toEqual(before);
  // Scrubbed back, the reopened run has the spawned server again: its commands replay.
  await seek(other, 550_000);
  await expect(other.getByTestId('node-spawned_1')).toBeVisible();
  await ctx.close();
});

test('a big tree on the canvas lists the processes outside it, and one selects', async ({ page }) => {
  await page.goto('/#/play/big_5000?t=500&sel=server_0');
  await expect(page.getByTestId('stage-canvas')).toBeVisible();
  await expect(page.getByTestId('canvas-outside')).toHaveCount(0);
  await page.getByTestId('proc-spawn').click();
  await seek(page, 600_000);
  const list = page.getByTestId('canvas-outside');
  await expect(list).toContainText('Not supervised (1)');
  await expect(list.getByRole('button')).toContainText('spawned_1');
  await list.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'spawned_1');
  await expect(list.getByRole('button')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('proc-actions')).toBeVisible();
});

test('on the canvas, the selected process’s links are painted, to the tree and to the list outside it', async ({ page }) => {
  await page.goto('/#/play/big_5000?t=500&sel=server_0');
  const canvas = page.getByTestId('stage-canvas');
  await expect(canvas).toBeVisible();
  // server_0 is linked to its supervisor: a tie painted, said in the caption.
  await expect(canvas).toHaveAttribute('data-ties', /^[1-9]/);
  await expect(canvas).toHaveAttribute('data-ties-outside', '0');
  await expect(page.getByTestId('canvas-ties')).toContainText('Linked to');
  await page.getByTestId('proc-spawn-link').click();
  await seek(page, 600_000);
  // The spawn_link adds a tie to the "Not supervised" list, whose entry names it.
  await expect(canvas).toHaveAttribute('data-ties-outside', '1');
  const entry = page.getByTestId('canvas-outside').getByRole('button');
  await expect(entry).toContainText('linked to the selected process');
  // Selected itself, the spawned process's one tie goes into the tree.
  await entry.click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'spawned_1');
  await expect(canvas).toHaveAttribute('data-ties', '1');
  await expect(canvas).toHaveAttribute('data-ties-outside', '1');
});

test('a :counters adder shows the shared array in the inspector and the names panel', async ({ page }) => {
  await page.goto('/#/play/counters_vs_pterm?t=2000&sel=adder_1');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'adder_1');
  await expect(page.getByTestId('inspector-counter')).toHaveAttribute('data-value', '20');
  await expect(page.getByTestId('inspector-counter')).toContainText(':counters.get(:persistent_term.get(:hits_c), 1)');
  await expect(page.getByTestId('counters').locator('tr[data-key="hits_c"] td')).toHaveText('20');
  // A :persistent_term handler has no array of its own.
  await page.getByTestId('node-handler_1').click();
  await expect(page.getByTestId('inspector-counter')).toHaveCount(0);
});
