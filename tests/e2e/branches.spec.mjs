// The branching timeline on the release build: kill at 1 s, scrub back to 0.5 s, kill
// something else, and the first future is still there to switch back to, exactly as it
// was; the two branches compared side by side; a link with both reopens both.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

async function pids(page) {
  return page.locator('[data-testid^=node-]').evaluateAll((ns) => ns.map((n) => `${n.dataset.id}=${n.dataset.pid}:${n.dataset.restarts}`).join(' '));
}

test('acting in the past forks; each branch comes back as it was; compare; share', async ({ page, browser }, info) => {
  await page.goto('/#/play/cache_one_for_one?t=1000&sel=client_a');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'client_a');
  await page.getByTestId('scrubber').fill('2000000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  await page.getByTestId('scrubber').fill('1000000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1000000');
  await page.getByTestId('kill').click();
  await expect(page.getByTestId('branches')).toBeVisible();
  await expect(page.getByTestId('branch-1')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('scrubber').fill('2000000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  const first = await pids(page);
  // Back to 0.5 s, kill the cache instead: a third branch, from the second.
  await page.getByTestId('scrubber').fill('500000');
  await page.getByTestId('node-cache').click();
  await page.getByTestId('kill').click();
  await expect(page.getByTestId('branch-2')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('scrubber').fill('2000000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  expect(await pids(page)).not.toEqual(first);
  // Compare with branch 2 at this moment: the cache and client_a differ.
  await page.getByTestId('branch-compare').selectOption('1');
  const table = page.getByTestId('comparison');
  await expect(table.locator('tr[data-id=cache]')).toBeVisible();
  await expect(table.locator('tr[data-id=client_a]')).toBeVisible();
  await page.screenshot({ path: info.outputPath('branches.png') });
  // Switch back with the key: exactly as it was.
  await page.getByTestId('branch-1').click();
  await expect(page.getByTestId('branch-1')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  expect(await pids(page)).toEqual(first);
  // Share: a fresh context opens the same branches, on the branch shown.
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#\/play\?s=v1\./);
  const link = await page.getByTestId('share-url').inputValue();
  const fresh = await browser.newPage();
  await fresh.goto(link);
  await expect(fresh.getByTestId('branch-1')).toHaveAttribute('aria-pressed', 'true');
  await expect(fresh.getByTestId('branch-2')).toBeVisible();
  await expect(fresh.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  expect(await pids(fresh)).toEqual(first);
  await fresh.keyboard.press('n');
  await expect(fresh.getByTestId('branch-2')).toHaveAttribute('aria-pressed', 'true');
  await fresh.close();
  // Exported as a session file, and imported in a fresh page: the same branches again.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  expect(dl.suggestedFilename()).toMatch(/\.session\.json$/);
  const session = readFileSync(await dl.path());
  const other = await browser.newPage();
  await other.goto('/#/play/cache_one_for_one');
  await other.getByTestId('share').click();
  await other.getByTestId('import-file').setInputFiles({ name: 's.session.json', mimeType: 'application/json', buffer: session });
  await expect(other.getByTestId('branch-1')).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByTestId('branch-2')).toBeVisible();
  await expect(other.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  expect(await pids(other)).toEqual(first);
  await other.close();
});
