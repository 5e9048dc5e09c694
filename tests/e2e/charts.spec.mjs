// Charts over time in the inspector (release build): drawn from the trace for the selected
// process, with the cursor at now, right after a scrub, and readable as sentences.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

test('a bottleneck shows its mailbox climbing and its calls slowing; scrubbing redraws', async ({ page }, info) => {
  await page.goto('/#/play/iron_law_bottleneck?t=2000&sel=inventory');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '2000000');
  const charts = page.getByTestId('charts');
  for (const title of ['Mailbox length', 'Messages handled', 'Time busy', 'Latency of calls to it', 'Messages in flight (whole system)']) {
    await expect(charts.locator(`[data-title="${title}"] svg`)).toBeAttached();
  }
  // The bottleneck is on a scheduler nearly all the time.
  const busy = await charts.locator('[data-title="Time busy"] svg').getAttribute('aria-label');
  expect(Number(busy.match(/(\d+) % of the run/)[1])).toBeGreaterThan(80);
  const mailbox = charts.locator('[data-title="Mailbox length"] svg');
  const late = await mailbox.getAttribute('aria-label');
  expect(late).toMatch(/at most \d+ so far/);
  await charts.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('charts.png') });
  await page.getByTestId('scrubber').fill('300000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '300000');
  await expect(mailbox).not.toHaveAttribute('aria-label', late);
});

test('a supervisor charts its restarts against its limit', async ({ page }) => {
  await page.goto('/#/play/intensity_gives_up?t=1300&sel=flaky_sup');
  // A built-in scenario opens in the first-load bundle, whose inspector leaves the charts
  // to the full one: "Show the charts" hands the page over, with the selection.
  await page.getByTestId('show-charts').click();
  const chart = page.getByTestId('charts').locator('[data-title^="Restarts in the last"] svg');
  await expect(chart).toHaveAttribute('aria-label', /of at most 2/);
});
