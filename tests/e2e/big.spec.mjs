// 100,000 processes and a million messages in the browser (issue 16): the scenario (a
// few hundred bytes, thanks to a child template) is pasted, opens on the canvas stage, runs
// to its end with End (a slice of events per frame, with a progress bar, so the page keeps
// answering), and is then scrubbed back, run and stopped again, and a process selected. Its wall times and longest
// main-thread task are printed for docs/benchmarks.md, never asserted.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

const HUNDRED_THOUSAND = fs.readFileSync('crates/sim/tests/scale/hundred_thousand.json', 'utf8');

test('100,000 processes run to the end with progress, then scrub and select', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/#/play/cache_one_for_one');
  await expect(page.getByTestId('node-app_sup')).toBeVisible();
  await page.getByTestId('scenario-picker').selectOption('custom');
  await page.getByTestId('scenario-json').fill(HUNDRED_THOUSAND);
  await page.getByTestId('load-json').click();
  await expect(page.getByTestId('scenario-name')).toContainText('100,000 workers', { timeout: 60_000 });
  await expect(page.getByTestId('stage-canvas')).toBeVisible({ timeout: 60_000 });
  await page.evaluate(() => {
    window.__longest = 0;
    window.__sawProgress = false;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask' });
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="running-ahead"] progress')) window.__sawProgress = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  const t0 = Date.now();
  await page.getByTestId('to-end').click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '10000000', { timeout: 120_000 });
  const ran = Date.now() - t0;
  const longest = await page.evaluate(() => window.__longest);
  console.log(`100,000 processes to the end: ${ran} ms wall, longest main-thread task ${Math.round(longest)} ms`);
  expect(await page.evaluate(() => window.__sawProgress), 'a progress bar was shown').toBe(true);
  await expect(page.getByTestId('running-ahead')).toHaveCount(0);
  expect(Number(await page.getByTestId('stage-canvas').getAttribute('data-processes'))).toBeGreaterThan(100_000);
  // Scrubbable afterwards, from the bounded snapshot store.
  const s0 = Date.now();
  await page.getByTestId('scrubber').fill('1000000');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '1000000', { timeout: 30_000 });
  console.log(`scrub back to 1 s: ${Date.now() - s0} ms`);
  // End again (the same button, "Stop" meanwhile) stops the run where it is, drawn over a
  // few frames, and the run stays there.
  // Both presses from the page, 150 ms apart: from outside, the second could come after
  // the run (under a second from 1 s on) had already ended.
  await page.evaluate(() => new Promise((done) => {
    const press = () => document.querySelector('[data-testid="to-end"]').click();
    press();
    setTimeout(() => { press(); done(); }, 150);
  }));
  await expect(page.getByTestId('running-ahead')).toHaveCount(0);
  const stopped = Number(await page.getByTestId('clock').getAttribute('data-now'));
  expect(stopped).toBeGreaterThan(1_000_000);
  expect(stopped).toBeLessThan(10_000_000);
  await page.waitForTimeout(300);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(stopped));
  // A process can be selected, and the inspector shows it.
  await page.getByTestId('stage-canvas').focus();
  await page.keyboard.press(']');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', /.+/);
});
