// Progress saved locally on the release build: reading a lesson (its end scrolled into
// view), playing a demo and answering its prediction are remembered across a reload, shown
// as ticks in the lesson and on #/lessons with a total, and forgotten by the reset (after
// a confirmation). A corrupt stored value is ignored.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

test('read, play, answer, reload, see the ticks, reset', async ({ page }) => {
  await page.goto('/#/lessons/iron-law');
  await expect(page.getByTestId('lesson')).toBeVisible();
  const ticks = page.getByTestId('lesson-progress').getByTestId('ticks');
  await expect(ticks).toHaveAttribute('data-read', 'false');
  await page.getByTestId('demo-0-choice-0').click();
  await expect(page.getByTestId('demo-0-feedback')).not.toBeEmpty();
  await expect(ticks).toContainText(/predictions 1\//);
  // Scrolling to the end reads the lesson.
  await page.locator('.lesson-end').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('lesson-read')).toBeVisible();
  await page.reload();
  await expect(ticks).toHaveAttribute('data-read', 'true');
  await expect(ticks).toContainText(/demos 1\//);
  await expect(page.getByTestId('demo-0-before')).toBeVisible();
  // The list: per-lesson ticks and the total.
  await page.goto('/#/lessons');
  const item = page.getByTestId('lesson-item-iron-law').getByTestId('ticks');
  await expect(item).toHaveAttribute('data-read', 'true');
  await expect(page.getByTestId('progress-total')).toContainText('1 of 18 lessons read');
  await expect(page.getByTestId('lesson-item-registry').getByTestId('ticks')).toHaveAttribute('data-read', 'false');
  // Reset asks first; "keep it" keeps it.
  await page.getByTestId('progress-reset').click();
  await page.getByTestId('progress-reset-cancel').click();
  await expect(item).toHaveAttribute('data-read', 'true');
  await page.getByTestId('progress-reset').click();
  await page.getByTestId('progress-reset-confirm').click();
  await expect(item).toHaveAttribute('data-read', 'false');
  await expect(page.getByTestId('progress-total')).toContainText('0 of 18 lessons read');
  await page.reload();
  await expect(page.getByTestId('lesson-item-iron-law').getByTestId('ticks')).toHaveAttribute('data-read', 'false');
});

test('a lesson marked as read; corrupt stored progress is ignored', async ({ page }) => {
  await page.goto('/#/lessons');
  await page.evaluate(() => localStorage.setItem('otp-playground.progress', '{"version": 1, "read": 7'));
  await page.reload();
  await expect(page.getByTestId('progress-total')).toContainText('0 of 18 lessons read');
  await page.evaluate(() => localStorage.setItem('otp-playground.progress', '{"version": 0, "read": ["registry"]}'));
  await page.reload();
  await expect(page.getByTestId('progress-total')).toContainText('0 of 18 lessons read');
  await page.goto('/#/lessons/registry');
  // From the keyboard: focusing "Mark as read" scrolls it into view, and the button stays
  // (a lesson's end in view counts as read only when the focus is not on it), so Enter
  // presses it rather than finding it swapped for the note.
  const mark = page.getByTestId('mark-read');
  await expect(mark).toBeVisible();
  await mark.focus();
  await page.waitForTimeout(600);
  await expect(mark).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-read')).toBeVisible();
  await page.goto('/#/lessons');
  await expect(page.getByTestId('lesson-item-registry').getByTestId('ticks')).toHaveAttribute('data-read', 'true');
});
