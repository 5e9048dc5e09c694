#!/usr/bin/env node
// Frame time of the playground while `big_200` plays (release build in dist/, headless
// Chromium, 1280×720), measured as scripts/budgets.mjs measures it (rAF callback start → a
// message posted from it runs, after style, layout and paint), but only the frames and
// repeated: each round measures the default view (#/play/big_200) and the view with the
// sequence diagram and a server's charts open (#/seq/big_200?sel=server_0), 5 s each, and
// the medians over rounds are printed. A benchmark, not a test: nothing is asserted.
//
//   node scripts/frames.mjs                 3 rounds
//   FRAMES_RUNS=5 node scripts/frames.mjs
//   FRAMES_PROFILE=1 node scripts/frames.mjs  also counts, per frame, the DOM mutations in
//       each part of the page (MutationObserver; it slows the page, so its frame times are
//       printed apart) and says which parts the slowest frames changed.
//   FRAMES_SLOW=1    also lists the frames over p90 with our work (the rAF callback) in each
//   FRAMES_VIEW=sequence  only the view whose name starts so ('default' or 'sequence')
//   FRAMES_DIST=DIR  another build (to compare two builds back to back)
//   FRAMES_CSS='…'   a style sheet added before measuring (to try what hiding a part saves)
//   FRAMES_ADDRS='name=#/play/big_200?sel=server_0,…'  other views instead of the two (to
//       tell which part of a view costs, e.g. the selection apart from the diagram)
import { serveAndLaunch } from './browser.mjs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = process.env.FRAMES_DIST || join(root, 'dist');
const PORT = Number(process.env.FRAMES_PORT || 8798);
const RUNS = Number(process.env.FRAMES_RUNS || 3);
const PROFILE = !!process.env.FRAMES_PROFILE;

const { browser, url } = await serveAndLaunch(dist, PORT);

// The parts of the page a mutation is counted in, first match wins.
const PARTS = ['a11y-tree', 'event-log', 'seq-drawing', 'sequence', 'charts', 'inspector', 'tree-nodes', 'stage', 'timeline', 'warnings'];

function instrument({ parts, profile }) {
  const raf = window.requestAnimationFrame.bind(window);
  const chan = new MessageChannel();
  const pending = [];
  window.__frames = [];
  window.__work = [];
  window.__muts = [];
  let counts = {};
  if (profile) {
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        let part = 'other';
        for (const p of parts) {
          if (el && el.closest(`[data-testid="${p}"]`)) { part = p; break; }
        }
        counts[part] = (counts[part] || 0) + 1 + (r.addedNodes ? r.addedNodes.length : 0);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  }
  chan.port1.onmessage = () => {
    const t0 = pending.shift();
    if (t0 !== undefined && window.__measure) {
      window.__frames.push(performance.now() - t0);
      window.__muts.push(counts);
    }
    counts = {};
  };
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const t0 = performance.now();
    cb(ts);
    if (window.__measure) window.__work.push(performance.now() - t0);
    pending.push(t0);
    chan.port2.postMessage(0);
  });
}

async function measure(address, profile) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(instrument, { parts: PARTS, profile });
  await page.goto(url + address);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tree-nodes"] [data-testid^="node-"]').length >= 200);
  if (address.startsWith('#/seq')) await page.waitForSelector('[data-testid="seq-drawing"] svg');
  if ((await page.getByTestId('app').getAttribute('data-playing')) !== 'true') await page.getByTestId('play').click();
  await page.waitForTimeout(1000);
  if (process.env.FRAMES_CSS) await page.addStyleTag({ content: process.env.FRAMES_CSS });
  await page.evaluate(() => { window.__frames = []; window.__work = []; window.__muts = []; window.__measure = true; });
  await page.waitForTimeout(5000);
  const r = await page.evaluate(() => ({ frames: window.__frames, work: window.__work, muts: window.__muts }));
  await ctx.close();
  if (errors.length) console.log(`  page errors: ${errors.join(' | ')}`);
  return r;
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] || 0; };
const median = (xs) => pct(xs, 0.5);
const views = (process.env.FRAMES_ADDRS
  ? process.env.FRAMES_ADDRS.split(',').map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)])
  : [['default view', '#/play/big_200'], ['sequence diagram + charts', '#/seq/big_200?sel=server_0']])
  .filter(([n]) => !process.env.FRAMES_VIEW || n.startsWith(process.env.FRAMES_VIEW));
const results = Object.fromEntries(views.map(([n]) => [n, { p50: [], p95: [], p99: [], work95: [], n: [] }]));
for (let run = 0; run < RUNS; run++) {
  for (const [name, address] of views) {
    const { frames, work } = await measure(address, false);
    const r = results[name];
    r.p50.push(pct(frames, 0.5)); r.p95.push(pct(frames, 0.95)); r.p99.push(pct(frames, 0.99));
    r.work95.push(pct(work, 0.95)); r.n.push(frames.length);
    console.log(`run ${run + 1}, ${name}: ${frames.length} frames, p50 ${pct(frames, 0.5).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, p99 ${pct(frames, 0.99).toFixed(1)} ms; our work p50 ${pct(work, 0.5).toFixed(1)} / p95 ${pct(work, 0.95).toFixed(1)} ms`);
    if (process.env.FRAMES_SLOW) {
      // The frames over p90 with our work in each: whether the slow frames are ours or the browser's.
      const slow = frames.map((f, i) => [f, work[i]]).filter(([f]) => f >= pct(frames, 0.9)).sort((a, b) => b[0] - a[0]);
      console.log(`  frames over p90 (frame / our work, ms): ${slow.map(([f, w]) => `${f.toFixed(1)}/${(w ?? 0).toFixed(1)}`).join(' ')}`);
    }
  }
}
console.log(`\nFrame time, big_200 playing, median of ${RUNS} rounds (release build, headless Chromium, 1280×720)\n`);
console.log('| view | p50 | p95 | p99 | our work p95 | p95 of each round |\n|---|---|---|---|---|---|');
for (const [name] of views) {
  const r = results[name];
  console.log(`| ${name} | ${median(r.p50).toFixed(1)} ms | ${median(r.p95).toFixed(1)} ms | ${median(r.p99).toFixed(1)} ms | ${median(r.work95).toFixed(1)} ms | ${r.p95.map((x) => x.toFixed(1)).join(', ')} |`);
}

if (PROFILE) {
  console.log('\nWhat each frame changed (FRAMES_PROFILE; the observer slows the page)');
  for (const [name, address] of views) {
    const { frames, muts } = await measure(address, true);
    const byPart = {};
    frames.forEach((f, i) => {
      const key = Object.keys(muts[i] || {}).filter((k) => !['tree-nodes', 'stage', 'timeline', 'inspector', 'other'].includes(k)).sort().join('+') || '(stage, inspector, timeline only)';
      (byPart[key] ||= []).push(f);
    });
    console.log(`\n${name}: ${frames.length} frames, p95 ${pct(frames, 0.95).toFixed(1)} ms`);
    console.log('| frames that changed | count | median ms | max ms |\n|---|---|---|---|');
    for (const [k, fs] of Object.entries(byPart).sort((a, b) => b[1].length - a[1].length)) {
      console.log(`| ${k} | ${fs.length} | ${median(fs).toFixed(1)} | ${Math.max(...fs).toFixed(1)} |`);
    }
    const slow = frames.map((f, i) => [f, muts[i]]).sort((a, b) => b[0] - a[0]).slice(0, 8);
    console.log('slowest frames and their mutations per part:');
    for (const [f, m] of slow) console.log(`  ${f.toFixed(1)} ms  ${JSON.stringify(m)}`);
  }
}
await browser.close();
process.exit(0);
