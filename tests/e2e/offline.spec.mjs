// Offline after the first visit: the service worker keeps this build's files, so that with
// the network gone the playground, a lesson and its demo, a quiz run and a share link all
// work; and a new build is offered as a reload, never swapped in under the user.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../../dist', import.meta.url).pathname;

test.use({ serviceWorkers: 'allow' });
failOnConsoleErrors(test);

async function firstVisit(page) {
  await page.goto('/');
  await expect(page.locator('[data-testid="tree-nodes"] [data-testid^="node-"]').first()).toBeVisible();
  // Installed, activated and in control of the page: every file is in the cache.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const c = await caches.open(keys.find((k) => k.startsWith('otp-playground-')));
    return (await c.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached.some((p) => /\/full-[0-9a-f]+_bg\.wasm$/.test(p)), 'the full bundle is kept').toBe(true);
  expect(cached).toContain('/content.json');
  expect(cached).toContain('/worker-glue_bg.wasm');
}

test('after the first visit, a lesson, a quiz run and a share link work with no network', async ({ page, context }) => {
  await firstVisit(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('[data-testid="tree-nodes"] [data-testid^="node-"]').first()).toBeVisible();

  // A lesson and its demo (the full bundle and the lessons come from the cache).
  await page.getByRole('link', { name: 'Lessons' }).click();
  await expect(page.getByTestId('lessons')).toBeVisible();
  await page.goto('/#/lessons/registry');
  await expect(page.getByTestId('lesson')).toBeVisible();
  await page.getByTestId('demo-0-show').click();
  await expect(page.getByTestId('demo-0-show')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-testid="tree-nodes"] [data-testid^="node-"]').first()).toBeVisible();

  // A quiz run to its score.
  await page.goto('/#/quiz?seed=7&n=2');
  for (let i = 0; i < 2; i++) {
    await expect(page.getByTestId('prompt')).toBeVisible();
    await page.getByTestId('choice-0').click();
    await expect(page.getByTestId('verdict')).toBeVisible();
    await page.getByTestId('quiz-next').click();
  }
  await expect(page.getByTestId('quiz-score')).toBeVisible();

  // A share link is packed by the worker, also from the cache, and opens.
  await page.goto('/#/play/db_one_for_all?t=700&sel=cache');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-url')).toHaveValue(/#\/play\?s=v1\./);
  const url = await page.getByTestId('share-url').inputValue();
  await page.goto(url);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '700000');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-selected', 'cache');
});

test('a new build is offered as a reload, not swapped in', async ({ page }) => {
  await firstVisit(page);
  // A different sw.js on the server is a new build: it installs and waits. (The browser
  // fetches a service worker's script itself, out of Playwright's routing: the served file
  // is changed for the moment and put back.)
  const file = join(dist, 'sw.js');
  const original = readFileSync(file, 'utf8');
  try {
    writeFileSync(file, original + '\n// a newer build\n');
    await page.evaluate(async () => { const r = await navigator.serviceWorker.getRegistration(); await r.update(); });
    await expect(page.locator('#update-notice')).toContainText('new version');
  } finally {
    writeFileSync(file, original);
  }
  // Nothing changed under the user until they choose; then the page reloads on the new one.
  await expect(page.locator('[data-testid="tree-nodes"] [data-testid^="node-"]').first()).toBeVisible();
  await Promise.all([page.waitForEvent('load'), page.locator('#update-notice button').click()]);
  await expect(page.locator('[data-testid="tree-nodes"] [data-testid^="node-"]').first()).toBeVisible();
});
