// The static shell (static/shell.js): before any wasm has arrived, a newcomer's playground
// shows the welcome's text, a lesson its text and the quiz its start page, in the app's own
// words; the app then replaces the shell with the same text. A lesson fetches the content
// bundle once, before the full bundle (which takes the shell's copy).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { failOnConsoleErrors } from './support.mjs';

failOnConsoleErrors(test);

const bank = JSON.parse(readFileSync('quiz/bank.json', 'utf8')).questions;
const cache = JSON.parse(readFileSync('scenarios/cache_one_for_one.json', 'utf8'));

/** Holds every .wasm request until the returned function is called. */
async function holdWasm(page) {
  let release;
  const gate = new Promise((ok) => { release = ok; });
  await page.route(/\.wasm$/, async (route) => { await gate; await route.continue(); });
  return release;
}

test('a newcomer sees the welcome before the wasm, then the same words from the app', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('/#/');
  const shell = page.getByTestId('boot-shell');
  await expect(shell.locator('.welcome')).toBeVisible();
  const before = await shell.locator('.welcome-text p').first().innerText();
  expect(before).toBe(`${cache.name}: ${cache.description}`);
  await expect(page.getByTestId('app')).toHaveCount(0);
  const words = (s) => s.replace(/\s+/g, ' ').trim();
  // The template's second paragraph, read now: the app's mount clears the body it renders into.
  const shellHelp = words(await page.evaluate(() => {
    const t = document.createElement('div');
    t.append(document.getElementById('shell-welcome').content.cloneNode(true));
    return t.querySelectorAll('.welcome-text p')[1].textContent;
  }));
  release();
  await expect(page.getByTestId('welcome-description')).toBeVisible();
  await expect(page.getByTestId('boot-shell')).toHaveCount(0);
  expect(await page.getByTestId('welcome-description').innerText()).toBe(before);
  expect(words(await page.locator('[data-testid="welcome"] .welcome-text p').nth(1).innerText()))
    .toBe(shellHelp);
});

test('a returning visitor keeps the plain loading line (no welcome)', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('otp-playground.welcomed', '1'));
  const release = await holdWasm(page);
  await page.goto('/#/');
  await expect(page.getByTestId('boot-shell')).toContainText('Loading the simulator');
  await expect(page.getByTestId('boot-shell').locator('.welcome')).toHaveCount(0);
  release();
  await expect(page.getByTestId('app')).toHaveAttribute('data-playing', 'true');
});

test('the quiz start page is painted before the wasm, in the app\'s words', async ({ page }) => {
  const release = await holdWasm(page);
  await page.goto('/#/quiz');
  const shell = page.getByTestId('boot-shell');
  await expect(shell.locator('h1')).toHaveText('Quiz: the excuses and the red flags');
  const lead = await shell.locator('.lead').innerText();
  expect(lead).toMatch(new RegExp(`^${bank.length} questions on the rationalizations`));
  release();
  await expect(page.getByTestId('quiz')).toBeVisible();
  await expect(page.getByTestId('boot-shell')).toHaveCount(0);
  expect(await page.getByTestId('quiz').locator('.lead').innerText()).toBe(lead);
});

test('a lesson is painted before the wasm; the content bundle is fetched once, first', async ({ page }) => {
  const urls = [];
  page.on('request', (r) => urls.push(new URL(r.url()).pathname));
  const release = await holdWasm(page);
  await page.goto('/#/lessons/iron-law');
  const shell = page.getByTestId('boot-shell');
  await expect(shell.locator('h1')).toBeVisible();
  const title = await shell.locator('h1').innerText();
  const first = await shell.locator('article.lesson > p').first().innerText();
  expect(first.length).toBeGreaterThan(40);
  release();
  await expect(page.getByTestId('lesson')).toHaveAttribute('data-slug', 'iron-law');
  await expect(page.getByTestId('boot-shell')).toHaveCount(0);
  await expect(page.locator('#lesson-title')).toHaveText(title);
  await expect(page.getByTestId('lesson').locator('article.lesson p').filter({ hasText: first.slice(0, 60) })).toHaveCount(1);
  const content = urls.filter((u) => u.endsWith('/content.json'));
  expect(content, 'one fetch of the content bundle').toHaveLength(1);
  const wasm = urls.findIndex((u) => /\/full-[0-9a-f]+_bg\.wasm$/.test(u));
  expect(wasm, 'the full bundle is fetched').toBeGreaterThan(-1);
  expect(urls.indexOf(content[0]), 'the content bundle before the full bundle').toBeLessThan(wasm);
  expect(urls.filter((u) => /otp-playground-[0-9a-f]+_bg\.wasm$/.test(u)), 'no first-load wasm').toEqual([]);
});
