// Shared by the end-to-end specs: every test fails on any console error or page error, and
// saves a final screenshot under test-results/.
import { expect } from '@playwright/test';

export function failOnConsoleErrors(test) {
  let problems = [];
  test.beforeEach(async ({ page }) => {
    problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });
  test.afterEach(async ({ page }, info) => {
    await page.screenshot({ path: info.outputPath('final.png') });
    expect(problems, 'no console or page errors').toEqual([]);
  });
}
