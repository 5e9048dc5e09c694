#!/usr/bin/env node
// Lighthouse audit of the release build (not a test; the figures go in docs/benchmarks.md).
//
//   trunk build --release          # first: this script builds nothing
//   node scripts/lighthouse.mjs    # playground, a lesson, the quiz
//
// - Installs a pinned Lighthouse on first use into .tools/lighthouse (or $LIGHTHOUSE_DIR)
//   with npm; it is not in package.json, so `npm ci` for the tests stays lean and the tests
//   never need it. It downloads no browser: it drives Debian's Chromium ($CHROME_PATH,
//   /usr/bin/chromium by default), headless.
// - Serves dist/ on 127.0.0.1 (gzip for text and wasm, as static hosts do) and runs
//   Lighthouse's default mobile profile (simulated throttling: slow 4G, 4x CPU slowdown).
// - Prints performance / accessibility / best practices / SEO per page, and every audit
//   below 1 in the last three (and the performance metrics) so they can be fixed.
// Options: --runs N (median of N runs per page; default 1), --json DIR (write the reports),
// --page NAME[,NAME] (only those of playground, lesson, quiz).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const LIGHTHOUSE_VERSION = '12.8.2'; // 13.x needs Node 22.19; Debian 12's is 20
const root = resolve(import.meta.dirname, '..');
const dir = resolve(root, process.env.LIGHTHOUSE_DIR || '.tools/lighthouse');
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
// LIGHTHOUSE_DIST=DIR audits another build (a copy of an earlier dist/, for A/B runs).
const dist = resolve(process.env.LIGHTHOUSE_DIST || join(root, 'dist'));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const runs = Math.max(1, Number(opt('--runs', '1')) || 1);
const jsonDir = opt('--json', null);

const ALL_PAGES = [
  ['playground', '#/'],
  ['lesson', '#/lessons/iron-law'],
  ['quiz', '#/quiz'],
];
// --page NAME[,NAME]: only those pages (for an A/B of one page's change).
const only = opt('--page', null)?.split(',');
const PAGES = only ? ALL_PAGES.filter(([name]) => only.includes(name)) : ALL_PAGES;

function installed() {
  const pkg = join(dir, 'node_modules/lighthouse/package.json');
  return existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === LIGHTHOUSE_VERSION;
}

if (!installed()) {
  console.log(`Installing lighthouse@${LIGHTHOUSE_VERSION} into ${dir} (once)…`);
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', dir, `lighthouse@${LIGHTHOUSE_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
  });
}
if (!existsSync(join(dist, 'index.html'))) {
  console.error('No dist/index.html: build first (trunk build --release).');
  process.exit(1);
}
if (!existsSync(chromePath)) {
  console.error(`No Chromium at ${chromePath} (set CHROME_PATH).`);
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain',
};
const COMPRESS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.webmanifest', '.txt']);

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = normalize(join(dist, path.endsWith('/') ? path + 'index.html' : path));
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  const ext = extname(file);
  let body = readFileSync(file);
  const headers = { 'content-type': TYPES[ext] || 'application/octet-stream' };
  if (COMPRESS.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    body = gzipSync(body, { level: 9 });
    headers['content-encoding'] = 'gzip';
  }
  res.writeHead(200, headers);
  res.end(body);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const lhUrl = pathToFileURL(join(dir, 'node_modules/lighthouse/core/index.js')).href;
const clUrl = pathToFileURL(join(dir, 'node_modules/chrome-launcher/dist/index.js')).href;
const { default: lighthouse } = await import(lhUrl);
const chromeLauncher = await import(clUrl);

const CATS = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
try {
  for (const [name, hash] of PAGES) {
    const scores = Object.fromEntries(CATS.map((c) => [c, []]));
    const values = Object.fromEntries(METRICS.map((m) => [m, []]));
    let last;
    for (let i = 0; i < runs; i++) {
      // A fresh browser (and profile) per run: every run is a first visit.
      const chrome = await chromeLauncher.launch({
        chromePath,
        chromeFlags: [
          '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
          '--disable-component-update', '--disable-sync', '--no-first-run',
        ],
      });
      try {
        const r = await lighthouse(base + hash, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATS });
        last = r.lhr;
        for (const c of CATS) scores[c].push(r.lhr.categories[c].score);
        for (const m of METRICS) values[m].push(r.lhr.audits[m]?.numericValue ?? NaN);
        if (jsonDir) {
          mkdirSync(jsonDir, { recursive: true });
          writeFileSync(join(jsonDir, `${name}-${i + 1}.json`), r.report);
        }
      } finally {
        await chrome.kill();
      }
    }
    const row = { page: name, url: hash };
    for (const c of CATS) row[c] = median(scores[c]);
    // The metrics' medians too (with one run, that run's figures).
    const shown = (m, v) => (m === 'cumulative-layout-shift' ? v.toFixed(3) : m === 'total-blocking-time' ? `${Math.round(v / 10) * 10} ms` : `${(v / 1000).toFixed(1)} s`);
    for (const m of METRICS) row[m] = shown(m, median(values[m]));
    if (runs > 1) console.log(`  per run: ${CATS[0]} ${scores[CATS[0]].join(', ')}; LCP ${values['largest-contentful-paint'].map((v) => Math.round(v)).join(', ')} ms; TBT ${values['total-blocking-time'].map((v) => Math.round(v)).join(', ')} ms`);
    rows.push(row);
    console.log(`\n${name} (${hash}), ${runs} run(s): ` + CATS.map((c) => `${c} ${row[c]}`).join(' · '));
    console.log('  ' + METRICS.map((m) => `${m.replace(/-/g, ' ')}: ${row[m]}`).join(' · '));
    for (const c of CATS) {
      for (const ref of last.categories[c].auditRefs) {
        const a = last.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) {
          console.log(`  [${c}] ${a.id} (${a.score}): ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}`);
        }
      }
    }
  }
} finally {
  server.close();
}

console.log('\n| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.page} (\`${r.url}\`) | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${r.seo} | ${r['first-contentful-paint']} | ${r['largest-contentful-paint']} | ${r['total-blocking-time']} | ${r['cumulative-layout-shift']} |`);
}
