// The set-up the measuring scripts share (big-profile.mjs, frames.mjs): a static server for
// a release build on 127.0.0.1 (python3's http.server, stopped when the script exits) and
// headless Chromium (Debian's, or $CHROMIUM) told not to reach for the network.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';

/** Serves `dist` on `port` and launches Chromium; resolves to { browser, url }. */
export async function serveAndLaunch(dist, port) {
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], { stdio: 'ignore' });
  process.on('exit', () => { try { server.kill(); } catch {} });
  // Time for the server to bind before the first page asks it.
  await new Promise((r) => setTimeout(r, 700));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return { browser, url: `http://127.0.0.1:${port}/` };
}
