#!/usr/bin/env node
// Profiles the 100,000-process run in the browser (issue 16): pastes
// crates/sim/tests/scale/hundred_thousand.json into a release build, starts Chromium's
// sampling profiler (CDP `Profiler`), runs to the end with End, and prints the wall time,
// every main-thread task over 30 ms (from a PerformanceObserver), and the functions with
// the most self time and total time. Function names are only there if the full bundle's
// wasm kept its names section (docs/benchmarks.md, "Scale, 2026-12-03").
// Usage: node scripts/big-profile.mjs [DIST]   (default dist/; PROFILE_TOP=40; PROFILE_OUT=f.cpuprofile;
//        NO_PROFILE=1 for the times only; TASK_TIMES=1 to say when each long task began, in ms after End)
// With the profiler on, each task over 50 ms is also read on its own: the functions that
// ran in it (the page's clock and the profile's are matched by a marker function run
// right after the profiler starts).
import { serveAndLaunch } from './browser.mjs';
import fs from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = process.argv[2] || join(root, 'dist');
const PORT = Number(process.env.BENCH_PORT || 8797);
const TOP = Number(process.env.PROFILE_TOP || 40);
const scenario = fs.readFileSync(join(root, 'crates/sim/tests/scale/hundred_thousand.json'), 'utf8');

const { browser, url } = await serveAndLaunch(dist, PORT);
const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(`${url}#/play/cache_one_for_one`);
await page.getByTestId('node-app_sup').waitFor();
await page.getByTestId('scenario-picker').selectOption('custom');
await page.getByTestId('scenario-json').fill(scenario);
await page.getByTestId('load-json').click();
await page.getByTestId('stage-canvas').waitFor({ timeout: 60_000 });
await page.waitForTimeout(1000);
await page.evaluate(() => {
  window.__tasks = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
  }).observe({ type: 'longtask' });
});
const cdp = await ctx.newCDPSession(page);
const profile = process.env.NO_PROFILE ? null : true;
if (profile) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
}
// The marker: its first sample in the profile is this moment on the page's clock.
const marker = profile
  ? await page.evaluate(() => {
      function __profile_marker() {
        const t = performance.now();
        while (performance.now() - t < 8);
        return t;
      }
      return __profile_marker();
    })
  : 0;
const t0 = Date.now();
const clickedAt = await page.evaluate(() => performance.now());
await page.getByTestId('to-end').click();
await page.waitForFunction(() => document.querySelector('[data-testid="clock"]')?.dataset.now === '10000000', null, { timeout: 120_000, polling: 50 });
const ran = Date.now() - t0;
let prof = null;
if (profile) prof = (await cdp.send('Profiler.stop')).profile;
const tasks = await page.evaluate(() => window.__tasks);
const s0 = Date.now();
await page.getByTestId('scrubber').fill('1000000');
await page.waitForFunction(() => document.querySelector('[data-testid="clock"]')?.dataset.now === '1000000', null, { timeout: 30_000, polling: 20 });
const scrub = Date.now() - s0;
console.log(`run to the end ${ran} ms; longest task ${Math.max(0, ...tasks.map((t) => t[1]))} ms; scrub back to 1 s ${scrub} ms`);
console.log(`tasks over 50 ms: ${tasks.filter((t) => t[1] > 50).map((t) => t[1]).join(', ') || 'none'}`);
// When each began, in ms after End was pressed (TASK_TIMES=1).
if (process.env.TASK_TIMES && tasks.length) {
  console.log(`  at (ms after End): ${tasks.filter((t) => t[1] > 50).map((t) => `${Math.round(t[0] - clickedAt)}:${t[1]}`).join(' ')}`);
}
if (prof) {
  if (process.env.PROFILE_OUT) fs.writeFileSync(process.env.PROFILE_OUT, JSON.stringify(prof));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const dt = new Map();
  prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (prof.timeDeltas[i] || 0) / 1000));
  const self = new Map();
  const total = new Map();
  for (const [id, ms] of dt) {
    const n = byId.get(id);
    const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`;
    self.set(name, (self.get(name) || 0) + ms);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const nm = byId.get(cur).callFrame.functionName || '(anon)';
      if (seen.has(nm)) continue;
      seen.add(nm);
      total.set(nm, (total.get(nm) || 0) + ms);
    }
  }
  const show = (m, title) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k.slice(0, 140)}`);
  };
  show(self, 'self time');
  show(total, 'total time (inclusive)');
  // Each long task on its own: the samples inside its window, by inclusive time.
  let t = 0;
  let markAt = null;
  const at = prof.samples.map((id, i) => {
    t += (prof.timeDeltas[i] || 0) / 1000;
    if (markAt === null && byId.get(id).callFrame.functionName === '__profile_marker') markAt = t;
    return [t, id];
  });
  for (const [start, dur] of markAt === null ? [] : tasks.filter((x) => x[1] > 50)) {
    const inTask = new Map();
    let prev = start;
    for (const [st, id] of at) {
      const pageT = marker + st - markAt;
      if (pageT < start || pageT > start + dur) continue;
      const seen = new Set();
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const nm = byId.get(cur).callFrame.functionName || '(anon)';
        if (!seen.has(nm)) inTask.set(nm, (inTask.get(nm) || 0) + pageT - prev);
        seen.add(nm);
      }
      prev = pageT;
    }
    show(inTask, `the task ${Math.round(start - clickedAt)} ms after End, ${dur} ms`);
  }
}
await browser.close();
process.exit(0);
