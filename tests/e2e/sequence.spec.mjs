// The sequence diagram (#/seq) on the release build: lanes for chosen processes, arrows
// sloped by virtual time with their full message on hover and on keyboard focus, a window
// that follows the scrubber, lanes added from the inspector and removed from the diagram,
// a text version, and an SVG export that is the drawing itself.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

test('a moment opens with lanes, arrows, and each message readable by hover and by keyboard', async ({ page }, info) => {
  await page.goto('/#/seq/cache_one_for_one?t=1500&sel=cache');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1500000');
  const panel = page.getByTestId('sequence');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('list', { name: 'Lanes' })).toContainText('Cache');
  const arrows = page.locator('[data-testid=seq-drawing] [data-i^=a]');
  expect(await arrows.count()).toBeGreaterThan(3);
  // The crash at 1 s: an exit mark on the cache's lane.
  await expect(page.locator('[data-testid=seq-drawing] [data-i^=m]').first()).toBeAttached();
  await arrows.first().focus();
  await expect(page.getByTestId('seq-detail')).toContainText('sends');
  const focused = await page.getByTestId('seq-detail').textContent();
  await arrows.nth(2).dispatchEvent('mouseover');
  await expect(page.getByTestId('seq-detail')).not.toHaveText(focused);
  // The text alternative is built only when opened: closed, its summary alone is there.
  const text = page.getByTestId('seq-text');
  await expect(text.locator('summary')).toContainText(/As text \(\d+ lines\)/);
  await expect(text.locator('li')).toHaveCount(0);
  await text.locator('summary').click();
  await expect(text.locator('li').nth(3)).toBeAttached();
  const n = Number((await text.locator('summary').textContent()).match(/\((\d+) lines\)/)[1]);
  await expect(text.locator('li')).toHaveCount(n);
  await page.screenshot({ path: info.outputPath('sequence.png'), fullPage: true });
});

test('the window follows the scrubber and the window chosen', async ({ page }) => {
  await page.goto('/#/seq/cache_one_for_one?t=1500&sel=cache');
  const svg = page.locator('[data-testid=seq-drawing] svg');
  await expect(svg).toHaveAttribute('aria-label', /to 1\.500 s/);
  await page.getByTestId('scrubber').fill('800000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '800000');
  await expect(svg).not.toHaveAttribute('aria-label', /to 1\.500 s/);
  await page.getByTestId('seq-window').selectOption('200000');
  const label = await svg.getAttribute('aria-label');
  expect(label).toMatch(/^Sequence diagram, 600/);
});

test('lanes are added from the inspector and removed from the diagram; the SVG exports', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=1200&sel=client_a');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_a');
  await page.getByTestId('seq-add').click();
  await expect(page).toHaveURL(/#\/seq$/);
  const lanes = page.getByTestId('sequence').getByRole('list', { name: 'Lanes' });
  await expect(lanes).toContainText('client_a');
  const before = await lanes.locator('li').count();
  await page.getByTestId('seq-remove-client_a').click();
  await expect(lanes.locator('li')).toHaveCount(before - 1);
  await expect(page.getByTestId('seq-auto')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('seq-export').click()]);
  expect(download.suggestedFilename()).toMatch(/-sequence\.svg$/);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(text).toContain('<style>');
  await page.getByTestId('seq-close').click();
  await expect(page.getByTestId('sequence')).toHaveCount(0);
});

test('a process named in the event log becomes a lane with one click', async ({ page }) => {
  await page.goto('/#/play/cache_one_for_one?t=1200&sel=client_a');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_a');
  await page.getByTestId('seq-add').click();
  const lanes = page.getByTestId('sequence').getByRole('list', { name: 'Lanes' });
  await page.getByTestId('seq-remove-client_a').click();
  await expect(lanes).not.toContainText('client_a');
  // The log offers only processes that are not lanes yet; client_a is one of them again.
  const add = page.getByTestId('event-log').locator('[data-testid="log-add-lane"][data-id="client_a"]').first();
  await expect(add).toBeVisible();
  const before = await lanes.locator('li').count();
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(lanes.locator('li')).toHaveCount(before + 1);
  await expect(lanes).toContainText('client_a');
  await expect(page.getByTestId('event-log').locator('[data-testid="log-add-lane"][data-id="client_a"]')).toHaveCount(0);
});

test('while playing, arrows that stay in the window keep their elements; the group follows now', async ({ page }) => {
  await page.goto('/#/seq/cache_one_for_one?t=1500&sel=cache');
  const svg = page.locator('[data-testid=seq-drawing] svg');
  await expect(svg).toHaveAttribute('aria-label', /to 1\.500 s/);
  // A 20 s window: what is drawn now stays in it while the run plays on for a while.
  await page.getByTestId('seq-window').selectOption('20000000');
  await expect(svg).toHaveAttribute('aria-label', /^Sequence diagram, 0 µs to 1\.500 s/);
  const group = page.locator('[data-testid=seq-drawing] svg > g[transform]');
  const shift = await group.getAttribute('transform');
  // Mark every arrow's element, then play until the diagram has been rebuilt.
  const marked = await page.evaluate(() => {
    const els = [...document.querySelectorAll('[data-testid=seq-drawing] [data-i^=a]')];
    els.forEach((el) => { el.__seen = el.getAttribute('data-i') + '|' + el.innerHTML; });
    return els.length;
  });
  expect(marked).toBeGreaterThan(3);
  await page.getByTestId('play').click();
  await expect(svg).not.toHaveAttribute('aria-label', /to 1\.5/, { timeout: 10000 });
  await page.getByTestId('play').click();
  await expect(group).not.toHaveAttribute('transform', shift);
  const kept = await page.evaluate(() => {
    const els = [...document.querySelectorAll('[data-testid=seq-drawing] [data-i^=a]')];
    const old = els.filter((el) => el.__seen !== undefined);
    return { old: old.length, same: old.filter((el) => el.__seen === el.getAttribute('data-i') + '|' + el.innerHTML).length };
  });
  // Arrows still in the window are the same elements (a diagram set as a string would have
  // replaced them all), and those that were done (not in flight nor waiting) are untouched.
  expect(kept.old).toBeGreaterThan(0);
  expect(kept.same).toBeGreaterThan(0);
});
