// Accessibility audit: axe-core (from npm, injected into the page) on every route of the
// release build — the playground, a scenario at a moment, presenter and embed modes, the
// lesson list, a lesson with its demo played, the quiz in progress and at its end, the
// share dialog and the help. Any violation fails the test and is listed by rule and node.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

async function audit(page, what) {
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  expect(result, `axe violations on ${what}`).toEqual([]);
}

const routes = [
  ['the playground', '/#/play/cache_one_for_one?t=1200&sel=cache', 'node-cache'],
  ['a big tree', '/#/play/big_200?t=500', 'node-root_sup'],
  ['presenter mode', '/#/present/db_one_for_all', 'narration'],
  ['embed mode', '/#/embed/cache_one_for_one', 'stage'],
  ['the sequence diagram', '/#/seq/cache_one_for_one?t=1500&sel=cache', 'seq-drawing'],
  ['the lesson list', '/#/lessons', 'lessons'],
  ['the gallery', '/#/gallery', 'gallery'],
  ['the decision tree', '/#/decide', 'decide-question'],
  ['a decision tree leaf', '/#/decide/yes/no/no', 'decide-leaf'],
  ['lesson 16 with its tree', '/#/lessons/decision-tree', 'decide-block'],
  ['the editor', '/#/edit/cache_one_for_one', 'node-form'],
  ['the quiz start', '/#/quiz', 'quiz'],
];

for (const [what, url, ready] of routes) {
  test(`axe: ${what}`, async ({ page }) => {
    await page.goto(url);
    await expect(page.getByTestId(ready).first()).toBeVisible();
    await audit(page, what);
  });
}

test('axe: a first visit, the help and the share dialog', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('welcome')).toBeVisible();
  await audit(page, 'the first visit');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toBeVisible();
  await audit(page, 'the help');
  await page.keyboard.press('Escape');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-dialog')).toBeVisible();
  await audit(page, 'the share dialog');
});

test('axe: a lesson with its demo played, and the quiz in progress and at its end', async ({ page }) => {
  await page.goto('/#/lessons/iron-law');
  await expect(page.getByTestId('lesson')).toBeVisible();
  await page.getByTestId('demo-0-show').click();
  await page.getByTestId('demo-0-choice-0').click();
  await expect(page.getByTestId('demo-0-feedback')).not.toBeEmpty();
  await audit(page, 'a lesson with its demo played');
  await page.goto('/#/quiz?seed=7&n=2');
  await expect(page.getByTestId('prompt')).toBeVisible();
  await audit(page, 'a quiz question');
  for (let i = 0; i < 2; i++) {
    await page.getByTestId('choice-0').click();
    await expect(page.getByTestId('feedback')).not.toBeEmpty();
    if (i === 0) await audit(page, 'a question answered');
    await page.getByTestId('quiz-next').click();
  }
  await expect(page.getByTestId('quiz-score')).toBeVisible();
  await audit(page, 'the end of a quiz');
});
