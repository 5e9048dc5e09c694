// The canvas stage for big trees (ui/stage_canvas.rs): a 5,000-process scenario opens on
// the canvas (through the full bundle), plays, a process is selected by a click on its cell
// and by ] / [, the inspector shows it, a double-click and Enter zoom to a subtree, the
// fitted view's supervisor names are drawn at ≥ 11 px, and axe finds nothing.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

const canvas = (page) => page.getByTestId('stage-canvas');

async function openBig(page, url = '/#/play/big_5000?t=500') {
  await page.goto(url);
  await expect(canvas(page)).toBeVisible({ timeout: 30_000 });
  await expect(canvas(page)).toHaveAttribute('data-processes', '5001');
  // Painted at least once.
  await expect(canvas(page)).toHaveAttribute('data-detail', /aggregated|cells|dots/);
}

/// Screen point (page coordinates) of cell k of the first block.
async function cellPoint(page, k) {
  const box = await canvas(page).boundingBox();
  const [x, y, cw, ch, cols] = (await canvas(page).getAttribute('data-first-block')).split(' ').map(Number);
  const col = k % cols;
  const row = Math.floor(k / cols);
  return { x: box.x + x + (col + 0.5) * cw, y: box.y + y + (row + 0.5) * ch };
}

test('5,000 processes open on the canvas, fitted with legible supervisor names, and play', async ({ page }) => {
  await openBig(page);
  // No SVG node per process: the canvas draws them.
  await expect(page.locator('[data-testid="tree-nodes"]')).toHaveCount(0);
  await expect(canvas(page)).toHaveAttribute('data-detail', 'cells');
  const labelPx = Number(await canvas(page).getAttribute('data-sup-label-px'));
  expect(labelPx).toBeGreaterThanOrEqual(11);
  expect(Number(await canvas(page).getAttribute('data-sup-labels'))).toBe(11);
  // HiDPI: the backing store follows devicePixelRatio.
  const dims = await canvas(page).evaluate((c) => ({ w: c.width, cw: c.getBoundingClientRect().width, dpr: devicePixelRatio }));
  expect(Math.abs(dims.w - Math.round(dims.cw * dims.dpr))).toBeLessThanOrEqual(1);
  // The summary per supervisor, not one element per process.
  const items = page.locator('[data-testid="canvas-summary"] li');
  await expect(items).toHaveCount(11);
  await expect(items.nth(1)).toContainText('499 workers');
  // Plays: the clock moves and messages flow as bands.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'true');
  const t0 = Number(await page.getByTestId('clock').getAttribute('data-now'));
  await expect.poll(async () => Number(await page.getByTestId('clock').getAttribute('data-now')), { timeout: 10_000 }).toBeGreaterThan(t0 + 200_000);
  await expect.poll(async () => Number(await canvas(page).getAttribute('data-bands')), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.getByTestId('play').click();
});

test('a click on a cell selects its process; ] and [ walk the tree; the inspector follows', async ({ page }) => {
  await openBig(page);
  // The first block is group_0's: server_0, then client_0_1, client_0_2, …
  const p = await cellPoint(page, 2);
  await page.mouse.click(p.x, p.y);
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_0_2');
  await expect(page.getByTestId('canvas-selected')).toContainText('client_0_2');
  await expect(page.getByTestId('canvas-selected')).toContainText('under group_0');
  await page.keyboard.press(']');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_0_3');
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_0_1');
  await expect(page.getByTestId('inspector-pid')).toContainText('<0.');
});

test('zoom: double-click a block zooms to its subtree, Enter to the selected one, 0 fits, + and − and the wheel', async ({ page }) => {
  await openBig(page);
  const zoom = async () => Number(await canvas(page).getAttribute('data-zoom'));
  expect(await zoom()).toBe(1);
  const p = await cellPoint(page, 5);
  await page.mouse.dblclick(p.x, p.y);
  await expect.poll(zoom).toBeGreaterThan(1.5);
  // Zoomed to group_0: its workers are dots, and their labels legible.
  await expect(canvas(page)).toHaveAttribute('data-detail', /cells|dots/);
  await canvas(page).focus();
  await page.keyboard.press('0');
  await expect.poll(zoom).toBe(1);
  await page.keyboard.press('+');
  await expect.poll(zoom).toBeCloseTo(1.25, 2);
  await page.keyboard.press('-');
  await expect.poll(zoom).toBeCloseTo(1, 2);
  // The double-click's clicks selected the worker; Enter zooms to its supervisor's subtree.
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_0_5');
  await page.keyboard.press('Enter');
  await expect.poll(zoom).toBeGreaterThan(1.5);
  // The wheel zooms around the pointer.
  await page.getByTestId('recenter').click();
  await expect.poll(zoom).toBe(1);
  const box = await canvas(page).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -200);
  await expect.poll(zoom).toBeGreaterThan(1.1);
  // A drag pans and does not select.
  const before = await page.getByTestId('inspector').getAttribute('data-selected');
  await page.mouse.move(box.x + 300, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + 360, box.y + 240, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', before);
});

test('axe: the canvas stage', async ({ page }) => {
  await openBig(page, '/#/play/big_5000?t=3100&sel=server_1');
  // A registered process is shown by its name.
  await expect(page.getByTestId('canvas-selected')).toContainText('Server1');
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  expect(result).toEqual([]);
});
