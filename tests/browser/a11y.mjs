// Accessibility checks shared by the browser tests (issue 16 §3, docs/design/accessibility.md):
// axe-core run over every page the tests visit, and WCAG 2.1's contrast arithmetic over the
// colours a page computes, for the vote page's and the projector's own thresholds.
//
// auditPage() injects axe.min.js (from npm, through CDP: the server's Content-Security-Policy
// allows no inline script) and fails on any violation of serious or critical impact that
// AXE_EXCEPTIONS does not list. harness.mjs calls it where the tests already wait for a settled
// page (each screenshot, the login page, each confirmation box), and
// watchPage() on a page of a kind no audit has seen yet when a test leaves it by goto() or closes
// it. Every main-frame URL is recorded, and unauditedPaths() names the kinds no audit saw (pages
// left by a click before any of these), for stopAll() to list.
//
// Switches: SHUZHI_AXE=off skips the audits; SHUZHI_AXE=report writes the findings to
// $SHUZHI_AXE_REPORT (default /tmp/axe-report.txt) instead of failing, to see them all at once;
// SHUZHI_AXE_PROFILE=1 prints the time of each run; SHUZHI_AXE_PAGES=1 lists the pages audited.

import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * The one list of accepted violations: the axe rule, a pattern that the offending element must
 * match (see excepted()), and why it is accepted. Keep it short; docs/design/accessibility.md
 * repeats it.
 */
export const AXE_EXCEPTIONS = [];

/** Time spent in axe and the number of runs, for the diagnostics (the suite's time budget is tight). */
export const axeStats = { runs: 0, skipped: 0, ms: 0 };
const visited = new Set();
const audited = new Set();

/**
 * The page shapes audited in this run of the suite, shared by its test files (each runs in a
 * process of its own, children of one runner): a file appends each key it audits, and skips one
 * any file has audited. A shape is a page kind as the same elements show it (pageShape()).
 */
const SHAPES_FILE = join(tmpdir(), `shuzhi-axe-shapes-${runnerId()}`);

/** The runner's pid and start time (a pid alone may come back in a later run). */
function runnerId() {
  try {
    const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    return `${process.ppid}-${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
  } catch {
    return `${process.ppid}`;
  }
}
const shapes = new Set();
function auditedShape(key) {
  if (shapes.has(key)) return true;
  if (existsSync(SHAPES_FILE) && readFileSync(SHAPES_FILE, 'utf8').split('\n').includes(key)) return true;
  shapes.add(key);
  appendFileSync(SHAPES_FILE, `${key}\n`);
  return false;
}

/** A URL as a page kind: numbers become '#', the host and the fragment go (the vote code is in it). */
export function pageKind(url) {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
    return (u.pathname + u.search).replace(/\d+/g, '#').replace(/\/p\/[^/?]+/, '/p/:token');
  } catch {
    return '';
  }
}

/** Audits failed while a context closed: stopAll() reports them (a `finally` must not hide an error). */
const failedAtClose = [];

/** Audits the page unless its kind was audited already (a page left without a screenshot). */
async function auditIfNew(page, where) {
  const kind = pageKind(page.url());
  if (kind && !audited.has(kind) && !page.isClosed()) await auditPage(page, where);
}

/**
 * Watches a test's page: records every main-frame navigation (full loads and history changes
 * alike), and audits a page kind no audit has seen yet before page.goto() leaves it and before
 * the context closes, so that pages a test passes through without a screenshot are checked too.
 */
export function watchPage(context, page) {
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return;
    const kind = pageKind(frame.url());
    if (kind) visited.add(kind);
  });
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    await auditIfNew(page, 'before leaving it');
    return goto(url, options);
  };
  const close = context.close.bind(context);
  context.close = async (options) => {
    for (const open of context.pages()) await auditIfNew(open, 'at the end of the test').catch((error) => failedAtClose.push(error));
    return close(options);
  };
}

/** The audit failures recorded as contexts closed. */
export const auditFailuresAtClose = () => failedAtClose;

/** The page kinds visited that no audit of this test file has seen (stopAll() lists them). */
export function unauditedPaths() {
  return [...visited].filter((kind) => !audited.has(kind)).sort();
}

/** The page kinds this test file's audits saw. */
export const auditedPaths = () => [...audited].sort();

/** `match` is tried on the element's selector, its markup and axe's summary, joined by new lines. */
function excepted(violation, node) {
  const described = `${node.target.join(' ')}\n${node.html}\n${node.summary}`;
  return AXE_EXCEPTIONS.some((e) => e.rule === violation.id && e.match.test(described));
}

/**
 * In the page: waits until every finite animation has ended (at most 2 s). Colours mid-transition
 * (a dialog fading in, a message fading out) are not the page's colours; spinners loop and are
 * not waited for.
 */
function settle(page) {
  return page.evaluate(() =>
    Promise.race([
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
          .map((a) => a.finished.catch(() => {})),
      ),
      new Promise((done) => setTimeout(done, 2000)),
    ]),
  );
}

/**
 * In the page: a hash of what is shown, as the set of data-test names of visible elements
 * (numbers left out) and the Element Plus blocks among them (el-dialog, el-tag--danger, …), with
 * the screen size and the root's class. The same page kind in the same shape would get the same
 * findings again: shape, not content (a table of 3 rows or of 30 is one), nor passing states
 * (hover, focus, a spinner).
 */
function pageShape(page, root) {
  return page.evaluate((root) => {
    const kinds = new Set();
    for (const el of document.querySelector(root || 'body').querySelectorAll('[data-test], [class*="el-"]')) {
      if (el.getClientRects().length === 0) continue;
      const test = el.getAttribute('data-test');
      if (test) kinds.add(test.replace(/\d+/g, '#'));
      for (const name of el.classList) if (/^el-[a-z-]+$/.test(name) && !name.includes('__')) kinds.add(name);
    }
    let hash = 0;
    const all = [...kinds].sort().join('\n');
    for (let i = 0; i < all.length; i += 1) hash = (Math.imul(hash, 31) + all.charCodeAt(i)) | 0;
    return `${innerWidth}x${innerHeight}.${document.documentElement.className}:${root}:${hash}`;
  }, root);
}

/**
 * In the page: axe-core's violations in `root` (a selector; the document if empty), each node
 * named by its nearest data-test too, and `moved`: whether a finite animation or transition ran
 * while axe looked (a message's timer ending mid-run starts its fade-out; the colours axe read
 * then are not the page's, and the caller settles and runs again).
 */
function runAxe(page, root) {
  return page.evaluate(async (root) => {
    // A fade that began between settle() and this listener (injecting axe takes a while) and ends
    // while axe looks fires no start event here: it is caught as running now or by its end event.
    const running = () => document.getAnimations().some((a) => a.playState === 'running' && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
    let moved = running();
    const saw = () => {
      moved = true;
    };
    const kinds = ['transitionrun', 'transitionstart', 'transitionend', 'transitioncancel', 'animationstart', 'animationend', 'animationcancel'];
    for (const kind of kinds) document.addEventListener(kind, saw, true);
    // Rules whose every check is of minor or moderate impact cannot fail the audit: not run, to
    // save time (about a tenth of a run). Read from axe's rule table; all rules if it moves.
    const rank = { minor: 1, moderate: 2, serious: 3, critical: 4 };
    const rules = {};
    const audit = window.axe._audit;
    for (const rule of (audit && audit.rules) || []) {
      let top = rank[rule.impact] || 0;
      for (const check of [...rule.any, ...rule.all, ...rule.none]) {
        const meta = audit.checks[typeof check === 'string' ? check : check.id]?.metadata;
        top = Math.max(top, rank[meta?.impact] || 0);
      }
      if (top > 0 && top < rank.serious) rules[rule.id] = { enabled: false };
    }
    let result;
    try {
      result = await window.axe.run(root ? document.querySelector(root) : document, { resultTypes: ['violations'], rules });
    } finally {
      for (const kind of kinds) document.removeEventListener(kind, saw, true);
    }
    moved ||= running();
    const violations = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => {
        let el = null;
        try {
          el = document.querySelector(String(n.target[0]));
        } catch {
          // A selector axe built for a shadow root or an iframe: no element to name.
        }
        const named = el && el.closest('[data-test]');
        const test = named ? ` (in [data-test="${named.getAttribute('data-test')}"])` : '';
        return { target: n.target.map(String), html: n.html.slice(0, 200) + test, summary: n.failureSummary ?? '' };
      }),
    }));
    return { violations, moved };
  }, root);
}

/**
 * Runs axe-core on the page as it is now and fails on a serious or critical violation that
 * AXE_EXCEPTIONS does not list. `where` names the state in the message (a screenshot name, say);
 * `within`, a selector, limits the audit to that part (a dialog over a page audited already).
 */
export async function auditPage(page, where = '', { within = '' } = {}) {
  if (process.env.SHUZHI_AXE === 'off') return;
  const started = Date.now();
  await settle(page);
  const key = `${pageKind(page.url())} ${await pageShape(page, within)}`;
  if (!within) audited.add(pageKind(page.url()));
  if (auditedShape(key)) {
    axeStats.skipped += 1;
    axeStats.ms += Date.now() - started;
    return;
  }
  const prepared = Date.now();
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const injected = Date.now();
  let { violations, moved } = await runAxe(page, within);
  // Something started moving while axe looked: its colours then were not the page's. Settle and
  // look again; a page that never stops moving is audited as it is on the third look.
  for (let again = 0; moved && again < 2; again += 1) {
    await settle(page);
    ({ violations, moved } = await runAxe(page, within));
  }
  axeStats.runs += 1;
  axeStats.ms += Date.now() - started;
  if (process.env.SHUZHI_AXE_PROFILE) {
    process.stderr.write(`# axe ${where}: settle ${prepared - started} inject ${injected - prepared} run ${Date.now() - injected} ms\n`);
  }
  const failing = [];
  for (const v of violations) {
    if (!FAILING_IMPACTS.has(v.impact)) continue;
    for (const node of v.nodes) {
      if (!excepted(v, node)) failing.push(`[${v.impact}] ${v.id}: ${v.help}\n    at ${node.target.join(' ')}\n    ${node.html}\n    ${node.summary.replace(/\n/g, '\n    ')}`);
    }
  }
  if (process.env.SHUZHI_AXE === 'report') {
    if (failing.length) appendFileSync(process.env.SHUZHI_AXE_REPORT || '/tmp/axe-report.txt', `== ${page.url()} (${where})\n${failing.join('\n')}\n`);
    return;
  }
  assert.deepEqual(failing, [], `axe-core on ${page.url()} (${where}): ${failing.length} serious or critical violation(s):\n${failing.join('\n')}`);
}

// ---- contrast (WCAG 2.1, 1.4.3 / 1.4.6) ----------------------------------------------------------

/**
 * In the page: every visible element that shows text (its own text nodes, or an input's value),
 * with its font size, its computed text colour and the colour behind it (the backgrounds of it and
 * its ancestors composited, opacity applied), both as [r, g, b]. Elements drawn over a background
 * image or gradient cannot be computed and come back with `unknown` set. `root` is a selector.
 */
export function textColours(page, root = 'body') {
  return page.evaluate((rootSelector) => {
    const parse = (css) => {
      const m = css.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    };
    const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3]));
    const out = [];
    for (const el of document.querySelector(rootSelector).querySelectorAll('*')) {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (box.width < 2 || box.height < 2 || style.visibility !== 'visible') continue;
      const isField = el.tagName === 'INPUT' && !['radio', 'checkbox', 'file', 'hidden'].includes(el.type) && el.value;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (!ownText && !isField) continue;
      let opacity = 1;
      let unknown = false;
      const layers = [];
      for (let node = el; node; node = node.parentElement) {
        const s = getComputedStyle(node);
        opacity *= Number(s.opacity);
        if (s.backgroundImage !== 'none') unknown = true;
        const bg = parse(s.backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      let behind = [255, 255, 255]; // the canvas, when no ancestor paints one
      for (let i = layers.length - 1; i >= 0; i -= 1) behind = over(layers[i], behind);
      const fg = parse(style.color);
      fg[3] *= opacity;
      out.push({
        text: (isField ? el.value : el.textContent).trim().slice(0, 40),
        tag: el.tagName.toLowerCase(),
        cls: typeof el.className === 'string' ? el.className : '',
        fontSize: parseFloat(style.fontSize),
        color: over(fg, behind),
        background: behind,
        unknown,
      });
    }
    return out;
  }, root);
}

function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2.1's contrast ratio of two opaque colours. */
export function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
