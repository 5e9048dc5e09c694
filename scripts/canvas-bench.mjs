#!/usr/bin/env node
// Measures the canvas stage (ui/stage_canvas.rs) on the RELEASE build (dist/, from
// `trunk build --release`) in headless Chromium at 1280×720, and prints a table:
//   - frames per second while the 1,000- and 5,000-process scenarios play (big_1000,
//     big_5000: every process animated, messages flowing as bands)   targets ≥ 58 / ≥ 45
//   - our work per frame: the animation-frame callback (simulate, reduce, Yew render and the
//     canvas paint, all wasm) p50 / p95                                target ≤ 5 ms at 1,000
//   - the fitted view's smallest supervisor label (px) and how many were drawn   ≥ 11 px
// Usage: node scripts/canvas-bench.mjs   (exit 1 if a target is missed; BENCH_SOFT=1 to only report)
// Numbers and how they were taken: docs/benchmarks.md ("Canvas stage").
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const PORT = Number(process.env.BENCH_PORT || 8798);
const url = `http://127.0.0.1:${PORT}/`;
const SECONDS = Number(process.env.BENCH_SECONDS || 6);

const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
const cleanup = () => { try { server.kill(); } catch {} };
process.on('exit', cleanup);
await new Promise((r) => setTimeout(r, 700));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] || 0; };

async function measure(slug) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(() => {
    // Each animation-frame callback's duration (our work), and the interval between frames.
    const raf = window.requestAnimationFrame.bind(window);
    window.__intervals = [];
    window.__work = [];
    let last = 0;
    window.requestAnimationFrame = (cb) => raf((ts) => {
      const t0 = performance.now();
      if (window.__measure && last) window.__intervals.push(ts - last);
      last = ts;
      cb(ts);
      if (window.__measure) window.__work.push(performance.now() - t0);
    });
  });
  await page.goto(`${url}#/play/${slug}?t=500`);
  const canvas = page.getByTestId('stage-canvas');
  await canvas.waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="stage-canvas"]')?.dataset.detail);
  const processes = Number(await canvas.getAttribute('data-processes'));
  const labelPx = Number(await canvas.getAttribute('data-sup-label-px'));
  const labels = Number(await canvas.getAttribute('data-sup-labels'));
  const detail = await canvas.getAttribute('data-detail');
  await page.getByTestId('play').click();
  await page.waitForTimeout(1000);
  await page.evaluate(() => { window.__measure = true; });
  let bands = 0;
  for (let i = 0; i < SECONDS * 2; i++) {
    await page.waitForTimeout(500);
    bands = Math.max(bands, Number(await canvas.getAttribute('data-bands')));
  }
  const { intervals, work } = await page.evaluate(() => ({ intervals: window.__intervals, work: window.__work }));
  await page.screenshot({ path: join(root, 'test-results', `canvas-${slug}.png`) }).catch(() => {});
  await ctx.close();
  const fps = intervals.length ? 1000 / (intervals.reduce((a, b) => a + b, 0) / intervals.length) : 0;
  return { slug, processes, labelPx, labels, detail, fps, frames: intervals.length, workP50: pct(work, 0.5), workP95: pct(work, 0.95), bands, errors };
}

const results = [];
for (const slug of ['big_1000', 'big_5000']) results.push(await measure(slug));
await browser.close();
cleanup();

console.log('\nCanvas stage (release build, headless Chromium, 1280×720)\n');
console.log('| scenario | processes | fps (target) | our work per frame p50 / p95 | fitted view: smallest supervisor label, labels drawn, detail | flow bands |');
console.log('|---|---|---|---|---|---|');
let failed = false;
for (const r of results) {
  const target = r.processes >= 5000 ? 45 : 58;
  const ok = r.fps >= target && r.labelPx >= 11 && (r.processes >= 5000 || r.workP95 <= 5) && r.errors.length === 0;
  failed ||= !ok;
  console.log(`| ${r.slug} | ${r.processes} | ${r.fps.toFixed(1)} (≥ ${target}) | ${r.workP50.toFixed(1)} / ${r.workP95.toFixed(1)} ms | ${r.labelPx.toFixed(1)} px, ${r.labels}, ${r.detail} | up to ${r.bands} |`);
  if (r.errors.length) console.log(`  page errors: ${r.errors.join(' | ')}`);
}
console.log(`\n(${results.map((r) => `${r.slug}: ${r.frames} frames`).join(', ')} over ${SECONDS} s)`);
if (failed && !process.env.BENCH_SOFT) process.exit(1);
