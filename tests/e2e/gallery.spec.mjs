// The gallery (#/gallery) on the release build: every card from the content's index with a
// thumbnail of its tree; search and tag filter; a card opens its scenario in the playground
// (and its narrated steps in presenter mode, or the editor); the lesson scenarios are listed by lesson.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

const index = JSON.parse(readFileSync('gallery/index.json', 'utf8'));

test('every entry is a card with a thumbnail; search and tags filter; a card opens its scenario', async ({ page }, info) => {
  await page.goto('/#/gallery');
  const cards = page.locator('.gallery-card');
  await expect(cards).toHaveCount(index.length);
  await expect(cards.first().locator('.thumb svg')).toBeAttached();
  await page.screenshot({ path: info.outputPath('gallery.png'), fullPage: true });
  await page.getByTestId('gallery-search').fill('circuit breaker');
  await expect(page.getByTestId('card-statem_circuit_breaker')).toBeVisible();
  expect(await cards.count()).toBeLessThan(index.length);
  await page.getByTestId('gallery-search').fill('');
  const tag = index[0].tags[0];
  await page.getByTestId(`tag-${tag}`).click();
  await expect(page.getByTestId(`tag-${tag}`)).toHaveAttribute('aria-pressed', 'true');
  await expect(cards).toHaveCount(index.filter((e) => e.tags.includes(tag)).length);
  await page.getByTestId(`open-${index[0].scenario}`).click();
  await expect(page).toHaveURL(new RegExp(`#/play/${index[0].scenario}$`));
  await expect(page.locator('[data-testid=tree-nodes] [data-testid^=node-]').first()).toBeVisible();
});

test('the lesson scenarios are listed by lesson and open', async ({ page }) => {
  await page.goto('/#/gallery');
  const item = page.locator('.by-lesson li').filter({ hasText: 'gen_statem' }).first();
  await item.locator('a code').first().click();
  await expect(page).toHaveURL(/#\/play\/statem_/);
  await expect(page.getByTestId('scenario-name')).not.toBeEmpty();
});

test('a card opens its scenario in the editor, and in presenter mode', async ({ page }) => {
  const entry = index.find((e) => e.scenario === 'poison_message_escalates');
  await page.goto('/#/gallery');
  const title = (await page.getByTestId(`card-${entry.scenario}`).locator('h2').textContent()).trim();
  await page.getByTestId(`edit-${entry.scenario}`).click();
  await expect(page).toHaveURL(new RegExp(`#/edit/${entry.scenario}$`));
  await expect(page.getByTestId('field-name')).toHaveValue(title);
  await page.goto('/#/gallery');
  await page.getByTestId(`card-${entry.scenario}`).getByRole('link', { name: /^Present/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/present/${entry.scenario}`));
  await expect(page.getByTestId('narration')).toBeVisible();
});
