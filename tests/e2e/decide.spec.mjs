// The abstraction decision tree (#/decide and lesson 16's block) on the release build:
// walking to two different leaves by clicks and by keys, going back to change an answer,
// the path in the address (a reload lands on the same place), a bad address explained.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

test('walk to a leaf by clicks, go back, change an answer, land on another leaf', async ({ page }) => {
  await page.goto('/#/decide');
  const q = page.getByTestId('decide-question');
  await expect(q).toHaveAttribute('data-id', 'state');
  await page.getByTestId('decide-yes').click(); // state
  await expect(page).toHaveURL(/#\/decide\/yes$/);
  await page.getByTestId('decide-no').click(); // complex behaviour
  await page.getByTestId('decide-no').click(); // many readers
  const leaf = page.getByTestId('decide-leaf');
  await expect(leaf).toHaveAttribute('data-id', 'agent');
  await expect(page).toHaveURL(/#\/decide\/yes\/no\/no$/);
  await expect(leaf.getByTestId('decide-lesson')).toHaveAttribute('href', '#/lessons/agent-vs-genserver');
  // Back, and the answer changed: many readers → ETS or :persistent_term.
  await page.getByTestId('decide-back').click();
  await expect(q).toHaveAttribute('data-id', 'reads');
  await page.getByTestId('decide-yes').click();
  await page.getByTestId('decide-no').click();
  await expect(leaf).toHaveAttribute('data-id', 'ets');
  // Change the first answer: the walk starts again from there.
  await page.getByTestId('decide-change-0').click();
  await expect(q).toHaveAttribute('data-id', 'state');
  await page.getByTestId('decide-no').click();
  await expect(leaf).toHaveAttribute('data-id', 'plain_function');
  // The live scenario opens in the playground.
  await leaf.getByTestId('decide-scenario').click();
  await expect(page).toHaveURL(/#\/play\/calculator_in_callers/);
  await expect(page.locator('[data-testid=tree-nodes] [data-testid^=node-]').first()).toBeVisible();
});

test('keys answer and go back; the path reloads exactly', async ({ page }) => {
  await page.goto('/#/decide');
  await expect(page.getByTestId('decide-question')).toHaveAttribute('data-id', 'state');
  for (const k of ['y', '1', 'y', 'y', 'y']) await page.keyboard.press(k);
  await expect(page.getByTestId('decide-leaf')).toHaveAttribute('data-id', 'gen_statem');
  await expect(page).toHaveURL(/#\/decide\/yes\/yes\/yes\/yes\/yes$/);
  await page.keyboard.press('Backspace');
  await expect(page.getByTestId('decide-question')).toHaveAttribute('data-id', 'states');
  for (const k of ['n', '2', '2']) await page.keyboard.press(k);
  await expect(page.getByTestId('decide-leaf')).toHaveAttribute('data-id', 'genserver');
  const url = page.url();
  await page.reload();
  await expect(page.getByTestId('decide-leaf')).toHaveAttribute('data-id', 'genserver');
  expect(page.url()).toBe(url);
  await expect(page.getByTestId('decide-step-4')).toContainText('No');
});

test('a bad address is explained, not a blank page', async ({ page }) => {
  await page.goto('/#/decide/no/yes');
  await expect(page.getByTestId('decide-error')).toContainText('ends after 1');
  await expect(page.getByTestId('decide-leaf')).toHaveAttribute('data-id', 'plain_function');
  await page.goto('/#/decide/maybe');
  await expect(page.getByTestId('decide-error')).toContainText('not an answer');
  await expect(page.getByTestId('decide-question')).toHaveAttribute('data-id', 'state');
});

test('lesson 16 embeds the tree; its keys do not reach the stage', async ({ page }) => {
  await page.goto('/#/lessons/decision-tree');
  const block = page.getByTestId('decide-block');
  await block.getByTestId('decide-yes').click();
  await block.getByTestId('decide-yes').focus();
  await page.keyboard.press('n'); // complex behaviour: no
  await page.keyboard.press('n'); // many readers: no
  await expect(block.getByTestId('decide-leaf')).toHaveAttribute('data-id', 'agent');
  await expect(page).toHaveURL(/#\/lessons\/decision-tree$/);
  await expect(block.getByTestId('decide-open-page')).toHaveAttribute('href', '#/decide/yes/no/no');
  // Beside the lesson link, the leaf opens its live scenario in the playground.
  const open = block.getByTestId('decide-leaf').getByRole('link', { name: 'Open in the playground' });
  await expect(open).toBeVisible();
  await open.click();
  await expect(page).toHaveURL(/#\/play\/agent_counter/);
  await expect(page.locator('[data-testid=tree-nodes] [data-testid^=node-]').first()).toBeVisible();
});
