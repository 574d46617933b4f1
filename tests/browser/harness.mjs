// Shared set-up of the registry browser tests: a real `shuzhi serve --demo` on a free loopback
// port with a fresh data directory, the system Chromium through playwright-core, and small helpers.
//
// SHUZHI_BIN names the server binary (default <repo>/build/shuzhi). The UI is the one embedded in
// the binary, unless SHUZHI_WEB_DIST names a built web/dist folder: then a small local front server
// serves that folder (SPA fallback) and passes /api to shuzhi, so a UI change can be tested before
// the binary embedding it is rebuilt.
//
// stopServer() / startServer() / restartServer() stop the shuzhi process and start it again with the
// same command line (same port, same data directory), for tests of what survives a restart.
//
// Every page a test opens is checked by axe-core (a11y.mjs): after each screenshot(), on the login
// page (logIn), in each confirmBox(), and on a page left by goto() or closed without one of these.
// A serious or critical finding fails the test.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { auditedPaths, auditFailuresAtClose, auditPage, axeStats, unauditedPaths, watchPage } from './a11y.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHUZHI_BIN = process.env.SHUZHI_BIN || join(REPO, 'build', 'shuzhi');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const WEB_DIST = process.env.SHUZHI_WEB_DIST ? resolve(process.env.SHUZHI_WEB_DIST) : '';
export const SCREENSHOTS = join(REPO, 'build', 'screenshots');
const STARTUP_TIMEOUT_MS = 20_000;
export const UI_TIMEOUT_MS = 10_000;

export const ADMIN_PASSWORD = randomBytes(12).toString('base64url');
export const DEMO_PASSWORD = randomBytes(12).toString('base64url');

const state = { server: null, output: '', dataDir: '', port: 0, baseUrl: '', front: null, browser: null };
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(apiBase) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (state.server.exitCode !== null || state.server.signalCode !== null) {
      throw new Error(`shuzhi exited early (code ${state.server.exitCode}). Output:\n${state.output}`);
    }
    try {
      const response = await fetch(`${apiBase}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await sleep(200);
  }
  throw new Error(`shuzhi did not answer GET /api/v1/health within ${STARTUP_TIMEOUT_MS} ms (${lastError}). Output:\n${state.output}`);
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.woff2': 'font/woff2' };

/** Serves WEB_DIST with an SPA fallback and forwards /api (Host header kept, so CSRF origin checks hold). */
function startFront(apiPort, port) {
  const server = createHttpServer((req, res) => {
    if (req.url.startsWith('/api/')) {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: apiPort, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(WEB_DIST, path);
    if (!file.startsWith(WEB_DIST) || !existsSync(file) || statSync(file).isDirectory()) {
      // The same fallbacks as the server: /v… is the phone ballot page, the rest the admin app.
      file = join(WEB_DIST, path === '/v' || path.startsWith('/v/') ? 'vote/index.html' : 'index.html');
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ready) => server.listen(port, '127.0.0.1', () => ready(server)));
}

/** Spawns `shuzhi serve --demo` on state.port over state.dataDir and waits for /api/v1/health. */
async function spawnServer() {
  const apiBase = `http://127.0.0.1:${state.port}`;
  const server = spawn(SHUZHI_BIN, ['serve', '--listen', `127.0.0.1:${state.port}`, '--data', state.dataDir, '--demo'], {
    env: { ...process.env, SHUZHI_ADMIN_PASSWORD: ADMIN_PASSWORD, SHUZHI_DEMO_PASSWORD: DEMO_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  state.server = server;
  server.stdout.on('data', (chunk) => (state.output += chunk));
  server.stderr.on('data', (chunk) => (state.output += chunk));
  await new Promise((ready, fail) => {
    server.once('spawn', ready);
    server.once('error', (error) => fail(new Error(`cannot start ${SHUZHI_BIN}: ${error.message}`)));
  });
  await waitForHealth(apiBase);
}

/**
 * Stops the running shuzhi server (SIGTERM, then SIGKILL after 5 s); the browser, the port and the
 * data directory stay, so startServer() brings the same installation back, e.g. to test a restart.
 */
export async function stopServer() {
  const server = state.server;
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((done) => server.once('exit', done));
    server.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    if (!stopped) {
      server.kill('SIGKILL');
      await exited;
    }
  }
}

/** Starts shuzhi again on the same port and data directory (the same command line); waits for health. */
export async function startServer() {
  if (!state.port || !state.dataDir) throw new Error('startAll() has not run');
  if (state.server && state.server.exitCode === null && state.server.signalCode === null) throw new Error('shuzhi is still running');
  await spawnServer();
}

/** Restarts the server process on the same port and data directory; `whileDown` runs between. */
export async function restartServer(whileDown = async () => {}) {
  await stopServer();
  await whileDown();
  await startServer();
}

export async function startAll() {
  if (!existsSync(SHUZHI_BIN)) throw new Error(`shuzhi server binary not found at ${SHUZHI_BIN} (build it, or set SHUZHI_BIN)`);
  accessSync(SHUZHI_BIN, constants.X_OK);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`);
  if (WEB_DIST && !existsSync(join(WEB_DIST, 'index.html'))) throw new Error(`SHUZHI_WEB_DIST=${WEB_DIST} has no index.html`);
  mkdirSync(SCREENSHOTS, { recursive: true });

  state.dataDir = mkdtempSync(join(tmpdir(), 'shuzhi-browser-'));
  state.port = await freePort();
  const port = state.port;
  await spawnServer();
  if (WEB_DIST) {
    const frontPort = await freePort();
    state.front = await startFront(port, frontPort);
    state.baseUrl = `http://127.0.0.1:${frontPort}`;
  } else {
    state.baseUrl = `http://127.0.0.1:${port}`;
  }

  state.browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  return state.baseUrl;
}

export async function stopAll() {
  // What axe-core did in this file: runs, time, and the pages it audited and did not (a page
  // may be audited by another file; SHUZHI_AXE_PAGES=1 lists them all).
  const file = basename(process.argv[1] ?? '');
  if (axeStats.runs) process.stderr.write(`# axe-core ${file}: ${axeStats.runs} runs (${axeStats.skipped} pages skipped as audited in the same shape), ${axeStats.ms} ms\n`);
  const unaudited = unauditedPaths();
  if (unaudited.length) process.stderr.write(`# axe-core ${file}: visited but not audited here: ${unaudited.join(' ')}\n`);
  if (process.env.SHUZHI_AXE_PAGES) process.stderr.write(`# axe-core ${file}: audited: ${auditedPaths().join(' ')}\n`);
  await state.browser?.close().catch(() => {});
  state.front?.close();
  await stopServer();
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
  const failures = auditFailuresAtClose();
  if (failures.length) throw new Error(`axe-core at the end of a test:\n${failures.map((e) => e.message).join('\n')}`);
}

/**
 * A fresh browser context (downloads allowed) and page; records uncaught page errors.
 * `viewport` overrides the desktop size (e.g. a phone for the public opinion form).
 */
export async function openPage({ viewport = { width: 1366, height: 900 } } = {}) {
  const context = await state.browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  watchPage(context, page);
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  return { context, page, pageErrors };
}

export const byTest = (page, name) => page.locator(`[data-test="${name}"]`);
// Element Plus puts a data-test given to <el-input> on the inner <input> itself.
export const inputByTest = (page, name) => page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first();

/** Waits until the popover holding this data-test has finished fading in (for a screenshot). */
export async function popoverShown(page, testName) {
  await page.waitForFunction((name) => {
    const popper = document.querySelector(`[data-test="${name}"]`)?.closest('.el-popper');
    return popper !== null && popper !== undefined && !/-enter-|-leave-/.test(popper.className) && getComputedStyle(popper).opacity === '1';
  }, testName);
}

/** Saves a full-page screenshot, then runs axe-core on the page as shown (a11y.mjs). */
export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
  await auditPage(page, name);
}

export async function logIn(page, username, password) {
  await page.goto(`${state.baseUrl}/login`);
  await inputByTest(page, 'login-username').waitFor();
  await auditPage(page, 'login');
  await inputByTest(page, 'login-username').fill(username);
  await inputByTest(page, 'login-password').fill(password);
  await byTest(page, 'login-submit').click();
  const outcome = await Promise.race([
    // The side menu, or on a phone the button that opens it as a drawer.
    page.locator('[data-test="menu-home"], [data-test="menu-toggle"]').first().waitFor().then(() => 'menu'),
    byTest(page, 'login-error').waitFor().then(() => 'error'),
  ]);
  if (outcome === 'error') assert.fail(`login as ${username} failed: ${await byTest(page, 'login-error').innerText()}`);
}

/** Opens an Element Plus select by its data-test and picks the visible option with this text. */
export async function choose(page, testName, optionText) {
  await byTest(page, testName).click();
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: optionText }).first();
  await option.waitFor();
  await option.click();
}

export const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

/**
 * Answers the question asked before an action that cannot be undone: checks that it states what
 * `expected` (a RegExp) says, then confirms, and waits for the box to go.
 */
export async function confirmBox(page, expected) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  if (expected) assert.match(await text(box), expected);
  await auditPage(page, 'confirmation box', { within: '.el-message-box' });
  await box.locator('.el-message-box__btns .el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

/**
 * Logs in through the API from Node (no browser) against the started server; returns
 * `call(method, path, body)` → the fetch Response, sending the session cookie and CSRF token.
 */
export async function apiLogIn(username, password) {
  const login = await fetch(`${state.baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(login.status, 200, `API login as ${username}: HTTP ${login.status}`);
  const { csrf_token: csrf } = await login.json();
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return (method, path, body) =>
    fetch(`${state.baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, 'X-CSRF-Token': csrf, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

// --- helpers first written for the meeting tests (meeting*.test.mjs) ---

/** The base URL of the running front (the admin app and /api), for pages opened by hand. */
export const baseUrlOf = () => state.baseUrl;

/**
 * Calls the API from inside a logged-in page (its session cookie, its CSRF token from GET /me).
 * Returns { status, body } with the JSON body decoded (undefined when empty).
 */
export async function apiCall(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/v1/me')).json().catch(() => ({}));
      const headers = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (me?.csrf_token) headers['X-CSRF-Token'] = me.csrf_token;
      const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    { method, path, body },
  );
}

/** The carrier codes printed in a PDF answered by POST /meetings/{id}/carriers (via pdftotext). */
export async function printCarrierCodes(page, meetingId, channel, count) {
  const base64 = await page.evaluate(
    async ({ meetingId, channel, count }) => {
      const me = await (await fetch('/api/v1/me')).json();
      const response = await fetch(`/api/v1/meetings/${meetingId}/carriers`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: JSON.stringify({ channel, count }),
      });
      if (!response.ok) throw new Error(`print carriers: HTTP ${response.status} ${await response.text()}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    },
    { meetingId, channel, count },
  );
  return printCodes(Buffer.from(base64, 'base64'));
}

/** The distinct carrier codes printed in a carriers PDF (its bytes), read back with pdftotext. */
export function printCodes(pdf) {
  const file = join(mkdtempSync(join(tmpdir(), 'shuzhi-carriers-')), 'carriers.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  rmSync(dirname(file), { recursive: true, force: true });
  return [...new Set(text.match(/[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}-[0-9A-HJKMNP-TV-Z]{2}/g) ?? [])];
}
