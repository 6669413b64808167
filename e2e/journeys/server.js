// Starts a real xinbao binary on a fresh data directory and a random port.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const BIN = process.env.XINBAO_BIN || join(here, '..', '..', 'target', 'debug', 'xinbao');

export async function startServer(setup, { serveArgs = [], env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'xinbao-e2e-'));
  const args = ['--data-dir', dir];
  if (setup) setup((...more) => execFileSync(BIN, [...args, ...more], { encoding: 'utf8' }));
  const proc = spawn(BIN, [...args, 'serve', '--bind', '127.0.0.1:0', ...serveArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + log)), 20000);
    proc.stdout.on('data', (d) => {
      const m = String(d).match(/http:\/\/(127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve('http://' + m[1]); }
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  return {
    base,
    dir,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.on('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A signed-in page in a context of its own: { page, close }.
export async function signedIn(browser, base, username, password, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit].primary');
  await page.waitForSelector('h1');
  return { page, close: () => context.close() };
}
