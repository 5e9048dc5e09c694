#!/usr/bin/env node
// Measures the playground's budgets on the RELEASE build (dist/, from `trunk build --release`)
// in headless Chromium, and prints a table:
//   1. first-load transfer of wasm + JS + CSS, gzipped (-9)          target ≤ 400 KB
//   2. navigation to an interactive tree (median of 5 cold loads)     target ≤ 1.5 s
//   3. frame time p95 animating the 200-process scenario with messages flowing, 1280×720
//      (rAF callback start → after the frame is produced)            target ≤ 16 ms
//   4. the same with the sequence diagram (#/seq) and a server's charts open  target ≤ 16 ms
// Usage: node scripts/budgets.mjs   (exit 1 if a budget is missed; BUDGETS_SOFT=1 to only report)
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const PORT = Number(process.env.BUDGET_PORT || 8799);
const url = `http://127.0.0.1:${PORT}/`;

// 1. Transfer size: exactly the files index.html loads.
// The full bundle the page names (<meta name="otp-full">) is fetched on demand, not at first load.
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const fullName = (html.match(/name="?otp-full"? content="?([\w-]+)/) || [])[1];
const isFull = (f) => fullName && f.startsWith(fullName);
const files = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f) && !isFull(f) && html.includes(f.replace(/_bg\.wasm$/, '')));
const fullGz = readdirSync(dist).filter(isFull).reduce((a, f) => a + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
const sizes = files.map((f) => {
  const raw = readFileSync(join(dist, f));
  return { f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
});
const totalGz = sizes.reduce((a, s) => a + s.gz, 0);

const server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
const cleanup = () => { try { server.kill(); } catch {} };
process.on('exit', cleanup);
await new Promise((r) => setTimeout(r, 700));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// 2. Navigation → interactive tree (nodes rendered and clickable), fresh context each time.
const loads = [];
for (let i = 0; i < 5; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid="tree-nodes"] [data-testid^="node-"]');
  loads.push(await page.evaluate(() => performance.now()));
  await ctx.close();
}
loads.sort((a, b) => a - b);
const loadMedian = loads[Math.floor(loads.length / 2)];

// 3. Frame time while animating the 200-process scenario.
const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
const page = await ctx.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
await page.addInitScript(() => {
  // Time each animation-frame callback from its start until the frame has been produced
  // (a message posted from the callback runs after style, layout and paint).
  const raf = window.requestAnimationFrame.bind(window);
  const chan = new MessageChannel();
  const pending = [];
  window.__frames = [];
  window.__intervals = [];
  window.__work = [];
  let last = 0;
  chan.port1.onmessage = () => { const t0 = pending.shift(); if (t0 !== undefined && window.__measure) window.__frames.push(performance.now() - t0); };
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const t0 = performance.now();
    if (window.__measure && last) window.__intervals.push(ts - last);
    last = ts;
    cb(ts);
    if (window.__measure) window.__work.push(performance.now() - t0);
    pending.push(t0);
    chan.port2.postMessage(0);
  });
});
await page.goto(url);
await page.waitForSelector('[data-testid="tree-nodes"] [data-testid^="node-"]');
const value = await page.locator('[data-testid="scenario-picker"] option[data-slug="big_200"]').getAttribute('value');
await page.getByTestId('scenario-picker').selectOption(value);
await page.waitForFunction(() => document.querySelectorAll('[data-testid="tree-nodes"] [data-testid^="node-"]').length >= 200);
if ((await page.getByTestId('app').getAttribute('data-playing')) !== 'true') await page.getByTestId('play').click();
await page.waitForTimeout(1000);
if (process.env.BUDGET_CSS) await page.addStyleTag({ content: process.env.BUDGET_CSS });
await page.evaluate(() => { window.__measure = true; });
const flightsSeen = [];
for (let i = 0; i < 10; i++) {
  await page.waitForTimeout(500);
  flightsSeen.push(Number(await page.getByTestId('flights').getAttribute('data-count')));
}
const { frames, intervals, work, nodes } = await page.evaluate(() => ({
  frames: window.__frames, intervals: window.__intervals, work: window.__work,
  nodes: document.querySelectorAll('[data-testid="tree-nodes"] [data-testid^="node-"]').length,
}));
await page.screenshot({ path: join(root, 'test-results', 'budget-200.png') }).catch(() => {});

// 4. The same tree with the sequence diagram and a server's charts open (#/seq, selected).
await page.goto(`${url}#/seq/big_200?sel=server_0`);
await page.waitForFunction(() => document.querySelectorAll('[data-testid="tree-nodes"] [data-testid^="node-"]').length >= 200);
await page.waitForSelector('[data-testid="seq-drawing"] svg');
await page.getByTestId('play').click();
await page.waitForTimeout(1000);
await page.evaluate(() => { window.__frames = []; window.__measure = true; });
await page.waitForTimeout(5000);
const seqFrames = await page.evaluate(() => window.__frames);
const seqCharts = await page.locator('[data-testid="chart"]').count();
await page.screenshot({ path: join(root, 'test-results', 'budget-200-seq.png'), fullPage: true }).catch(() => {});
await browser.close();
cleanup();

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] || 0; };
const p95 = pct(frames, 0.95);
const fps = intervals.length ? 1000 / (intervals.reduce((a, b) => a + b, 0) / intervals.length) : 0;
const maxFlights = Math.max(...flightsSeen);

const rows = [
  ['first-load transfer (wasm+JS+CSS, gzip -9)', `${(totalGz / 1024).toFixed(1)} KB`, '≤ 400 KB', totalGz <= 400 * 1024],
  ['navigation → interactive tree (median of 5)', `${loadMedian.toFixed(0)} ms`, '≤ 1500 ms', loadMedian <= 1500],
  [`frame time p95, ${nodes} processes animating`, `${p95.toFixed(1)} ms`, '≤ 16 ms', p95 <= 16],
  [`frame time p95, the same with the sequence diagram and ${seqCharts} charts open`, `${pct(seqFrames, 0.95).toFixed(1)} ms`, '≤ 16 ms', pct(seqFrames, 0.95) <= 16],
];
console.log('\nOTP Playground budgets (release build, headless Chromium, 1280×720)\n');
console.log('| measure | value | target | ok |\n|---|---|---|---|');
for (const [m, v, t, ok] of rows) console.log(`| ${m} | ${v} | ${t} | ${ok ? 'yes' : 'NO'} |`);
console.log('\ndetails:');
if (fullName) console.log(`  ${fullName} (the full bundle, fetched on demand): ${fullGz} gzip`);
for (const s of sizes) console.log(`  ${s.f}: ${s.raw} bytes raw, ${s.gz} gzip`);
console.log(`  loads (ms): ${loads.map((x) => x.toFixed(0)).join(', ')}`);
console.log(`  frames measured: ${frames.length}; p50 ${pct(frames, 0.5).toFixed(1)} ms, p99 ${pct(frames, 0.99).toFixed(1)} ms; ${fps.toFixed(1)} fps; messages drawn in flight up to ${maxFlights}`);
console.log(`  our work per frame (wasm: simulate + reduce + Yew render): p50 ${pct(work, 0.5).toFixed(1)} ms, p95 ${pct(work, 0.95).toFixed(1)} ms`);
if (errors.length) { console.log(`  page errors: ${errors.join(' | ')}`); }
const failed = rows.some((r) => !r[3]) || errors.length > 0 || maxFlights === 0 || nodes < 200;
if (failed && !process.env.BUDGETS_SOFT) process.exit(1);
