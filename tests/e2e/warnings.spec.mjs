// Live warnings on the release build: the syllabus's red flags appear when their condition
// holds, are announced once to screen readers (through the app's one live region, not the
// list itself, so its refreshes are not read again), link to the lesson that explains them,
// and never show on a healthy scenario.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

test('a growing mailbox is called a bottleneck, with the lesson that explains it', async ({ page }, info) => {
  await page.goto('/#/play/iron_law_bottleneck?t=400');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '400000');
  const list = page.getByTestId('warnings');
  await expect(list).not.toHaveAttribute('aria-live', /./);
  await expect(list).toContainText('bottleneck');
  await page.screenshot({ path: info.outputPath('bottleneck-warning.png') });
  await list.getByRole('link', { name: 'Why?' }).first().click();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-slug', 'iron-law');
});

test('a supervisor one crash from giving up is announced; a healthy run shows nothing', async ({ page }) => {
  await page.goto('/#/play/intensity_gives_up?t=1300');
  await expect(page.getByTestId('warnings')).toContainText('gives up');
  await page.goto('/#/play/cache_one_for_one?t=2000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  await expect(page.getByTestId('warnings').locator('li')).toHaveCount(0);
  // Scrubbing back before the condition held takes the warning away again.
  await page.goto('/#/play/iron_law_bottleneck?t=400');
  await expect(page.getByTestId('warnings')).toContainText('bottleneck');
  await page.getByTestId('scrubber').fill('0');
  await expect(page.getByTestId('warnings').locator('li')).toHaveCount(0);
});

test('a warning that appears while playing is said once through the live region', async ({ page }) => {
  await page.goto('/#/play/iron_law_bottleneck?t=1');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1000');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('warnings')).toContainText('bottleneck');
  await expect(page.getByTestId('announcer')).toContainText('bottleneck', { timeout: 5_000 });
});
