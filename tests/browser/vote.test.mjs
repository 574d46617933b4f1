// Browser test of the evaluator's phone ballot page (/v): the organizer, through the API, schedules
// a committee meeting with one sheet poll for two deputies, prints three phone slips and checks in
// three evaluators; on a 360×640 screen the first slip's page waits until the poll opens, refuses a
// ballot with a deputy left out, confirms, survives a lost answer (the re-sent identical ballot gets
// the same receipt and counts once) and shows the receipt; reopened, it shows 已投票 and the receipt
// but no choice. The second slip's code is typed by hand; the receipt view finds both receipts.
// The code never stays in the address bar; the page's JS + CSS stay under 60 KB gzipped.
//
// Same set-up as shell.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/vote-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { apiLogIn, byTest, DEMO_PASSWORD, openPage, screenshot, startAll, stopAll, text } from './harness.mjs';

const CODE_PATTERN = /[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}-[0-9A-HJKMNP-TV-Z]{2}/g;
const MEETING_TITLE = '常委会述职评议会议（手机测评）';
const GZIP_BUDGET = 60 * 1024;

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

async function json(responsePromise, expectedStatus = 200) {
  const response = await responsePromise;
  const body = await response.text();
  assert.equal(response.status, expectedStatus, `HTTP ${response.status}: ${body}`);
  return body ? JSON.parse(body) : null;
}

/** The printed codes of a carriers PDF, read back with pdftotext. */
function codesOf(pdf) {
  const dir = mkdtempSync(join(tmpdir(), 'shuzhi-vote-'));
  try {
    const file = join(dir, 'carriers.pdf');
    writeFileSync(file, pdf);
    const textOfPdf = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    return [...new Set(textOfPdf.match(CODE_PATTERN) ?? [])];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('phone ballot: wait, vote with confirmation, lost answer re-sent, receipt, typed code, receipt check', async (t) => {
  // --- organizer, through the API ---
  const org = await apiLogIn('organizer', DEMO_PASSWORD);
  const campaigns = await json(org('GET', '/campaigns'));
  const committee = campaigns.items.find((c) => c.spec?.template_code === 'committee');
  assert.ok(committee, 'the demo has a committee campaign');
  const reporting = await json(org('GET', `/campaigns/${committee.id}/deputies`));
  const deputies = reporting.items.slice(0, 2).map((d) => ({ id: d.deputy_id, name: d.name }));
  assert.equal(deputies.length, 2);
  const meeting = await json(
    org('POST', `/campaigns/${committee.id}/meetings`, {
      title: MEETING_TITLE,
      starts_at: '2026-11-28T09:00:00+08:00',
      deputy_ids: deputies.map((d) => d.id),
      poll_mode: 'sheet',
    }),
    201,
  );
  assert.equal(meeting.polls.length, 1, 'a sheet meeting has one poll');
  const pollId = meeting.polls[0].id;
  const labels = meeting.scale.map((s) => s.label);
  assert.ok(labels.length >= 2);
  for (const label of labels) assert.ok(!MEETING_TITLE.includes(label), 'the title names no option');

  const pdfResponse = await org('POST', `/meetings/${meeting.id}/carriers`, { channel: 'phone', count: 3 });
  assert.equal(pdfResponse.status, 200);
  assert.match(pdfResponse.headers.get('content-type'), /application\/pdf/);
  const codes = codesOf(Buffer.from(await pdfResponse.arrayBuffer()));
  assert.equal(codes.length, 3, `three distinct printed codes: ${codes.length}`);
  const evaluators = meeting.attendees.filter((a) => a.role === 'evaluator').slice(0, 3);
  assert.equal(evaluators.length, 3);
  for (const a of evaluators) {
    const r = await org('POST', `/meetings/${meeting.id}/attendees/${a.id}/check-in`, { channel: 'phone' });
    assert.equal(r.status, 204, await r.text());
  }

  const phone = await openPage({ viewport: { width: 360, height: 640 } });
  const vp = phone.page;
  // Every JS and CSS file the page loads, to weigh them gzipped.
  const assets = new Map();
  vp.on('response', (response) => {
    const url = response.url();
    if (/\.(js|css)(\?|$)/.test(url)) assets.set(url, response);
  });
  // Nothing may put a code or a receipt into a URL.
  const requested = [];
  vp.on('request', (request) => requested.push(request.url()));
  try {
    // --- first slip: scanned before the poll is open ---
    const first = codes[0].replace(/-/g, '');
    await vp.goto(`${baseUrl}/v#${first}`);
    await byTest(vp, 'vote-waiting').waitFor();
    assert.match(await text(byTest(vp, 'vote-waiting')), /测评尚未开始，请等待主持人宣布开始/);
    assert.equal(vp.url(), `${baseUrl}/v`, 'the code is gone from the address bar');
    assert.equal(await text(byTest(vp, 'vote-title')), MEETING_TITLE);
    assert.equal(await text(byTest(vp, 'vote-fingerprint')), `结果签名密钥指纹：${meeting.key_fingerprint}`);
    assert.ok(await vp.evaluate(() => document.documentElement.scrollWidth <= 360), 'fits 360 px');
    await screenshot(vp, 'vote-00-waiting');

    // --- the chair opens the poll: the page refreshes by itself within 5 s ---
    const opened = await org('POST', `/polls/${pollId}/open`);
    assert.equal(opened.status, 204, await opened.text());
    await byTest(vp, `vote-ballot-${pollId}`).waitFor({ timeout: 12_000 });
    // A screen reader hears that voting has started (the live region, access.ts).
    await byTest(vp, 'vote-live').filter({ hasText: '测评已开始，请投票。' }).waitFor();
    // Named as the console names it, not by its internal number.
    assert.equal(await text(byTest(vp, `vote-ballot-${pollId}`).locator('h2')), '第 1 次测评（第 1 轮）');
    for (const d of deputies) assert.match(await text(byTest(vp, `vote-deputy-${d.id}`)), new RegExp(d.name));
    const [a, b] = deputies;
    const [best, second] = meeting.scale.map((s) => s.code);
    // Touch targets are at least 48 px high: an option's label, around its radio, is the target.
    const optionBox = await byTest(vp, `vote-option-${a.id}-${best}`).locator('xpath=ancestor::label').boundingBox();
    assert.ok(optionBox.height >= 48, `option height ${optionBox.height}`);

    // One deputy left out: the page names them and does not go on.
    await byTest(vp, `vote-option-${a.id}-${best}`).click();
    assert.equal(await byTest(vp, `vote-option-${a.id}-${best}`).isChecked(), true);
    await byTest(vp, 'vote-submit').click();
    const missing = await text(byTest(vp, 'vote-missing'));
    assert.match(missing, new RegExp(`尚未选择.*${b.name}`));
    assert.ok(!missing.includes(a.name), 'only the missing deputy is named');
    assert.equal(await byTest(vp, 'vote-confirm').count(), 0);
    await screenshot(vp, 'vote-01-ballot');

    // Choose, confirm, go back (choices kept), confirm again.
    await byTest(vp, `vote-option-${b.id}-${second}`).click();
    assert.equal(await byTest(vp, 'vote-missing').count(), 0);
    await byTest(vp, 'vote-submit').click();
    await byTest(vp, 'vote-confirm').waitFor();
    assert.match(await text(byTest(vp, `vote-ballot-${pollId}`)), /请确认：/);
    const summary = await text(byTest(vp, 'vote-confirm'));
    assert.match(summary, new RegExp(`${a.name} ${labels[0]}`));
    assert.match(summary, new RegExp(`${b.name} ${labels[1]}`));
    await byTest(vp, 'vote-back').click();
    assert.equal(await byTest(vp, `vote-option-${b.id}-${second}`).isChecked(), true);
    await byTest(vp, 'vote-submit').click();
    await byTest(vp, 'vote-confirm').waitFor();
    await screenshot(vp, 'vote-02-confirm');

    // The answer is lost on the way back (the server has stored the ballot): the choices stay on
    // screen, and the retry — the identical ballot — gets the receipt.
    let lost = 0;
    await vp.route('**/api/v1/public/ballot/cast', async (route) => {
      await route.fetch();
      lost += 1;
      await route.abort('failed');
    });
    await byTest(vp, 'vote-confirm-submit').click();
    await byTest(vp, 'vote-send-error').waitFor();
    assert.equal(lost, 1);
    assert.match(await text(byTest(vp, 'vote-send-error')), /网络连接失败/);
    assert.match(await text(byTest(vp, 'vote-confirm')), new RegExp(`${b.name} ${labels[1]}`), 'choices still shown');
    await vp.unroute('**/api/v1/public/ballot/cast');
    await byTest(vp, 'vote-retry').click();
    const voted = byTest(vp, `vote-voted-${pollId}`);
    await voted.waitFor();
    assert.match(await text(voted), /已投票/);
    const receipt = await text(voted.locator('[data-test="vote-receipt"]'));
    assert.match(receipt, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    // The poll number a receipt is checked against stands beside it.
    assert.equal(await text(voted.locator('[data-test="vote-receipt-poll"]')), `测评编号：${pollId}（查验回执时填写）`);
    assert.match(await text(voted), /不包含也无法推知您的任何选择/);
    await screenshot(vp, 'vote-03-receipt');

    // --- reopened with the same fragment: 已投票, the same receipt, no choice ---
    await vp.goto('about:blank');
    await vp.goto(`${baseUrl}/v#${first}`);
    await byTest(vp, `vote-voted-${pollId}`).waitFor();
    assert.equal(vp.url(), `${baseUrl}/v`);
    assert.equal(await text(byTest(vp, `vote-voted-${pollId}`).locator('[data-test="vote-receipt"]')), receipt);
    assert.equal(await byTest(vp, `vote-ballot-${pollId}`).count(), 0);
    const pageText = await vp.locator('body').innerText();
    for (const label of labels) assert.ok(!pageText.includes(label), `no choice label (${label}) on a voted page`);
    assert.match(await text(byTest(vp, 'vote-waiting')), /已完成当前的测评/);

    // --- second slip, its code typed by hand (lower case, spaces) ---
    await byTest(vp, 'vote-other-code').click();
    await byTest(vp, 'vote-code-input').fill(codes[1].slice(0, 9) + 'u');
    await byTest(vp, 'vote-code-submit').click();
    assert.match(await text(byTest(vp, 'vote-entry-error')), /无法识别的字符：U/);
    await byTest(vp, 'vote-code-input').fill(codes[1].toLowerCase().replace(/-/g, ' '));
    await byTest(vp, 'vote-code-submit').click();
    await byTest(vp, `vote-ballot-${pollId}`).waitFor();
    await byTest(vp, `vote-option-${a.id}-${second}`).click();
    await byTest(vp, `vote-option-${b.id}-${best}`).click();
    await byTest(vp, 'vote-submit').click();
    await byTest(vp, 'vote-confirm-submit').click();
    await byTest(vp, `vote-voted-${pollId}`).waitFor();
    const receipt2 = await text(byTest(vp, `vote-voted-${pollId}`).locator('[data-test="vote-receipt"]'));
    assert.match(receipt2, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    assert.notEqual(receipt2, receipt);

    // Two carriers, two ballots: the lost answer did not count twice.
    const meetingNow = await json(org('GET', `/meetings/${meeting.id}`));
    assert.equal(meetingNow.polls[0].voted, 2);

    // --- receipt check ---
    await byTest(vp, 'vote-check-link').click();
    await byTest(vp, 'vote-check').waitFor();
    await byTest(vp, 'vote-check-poll').fill(String(pollId));
    await byTest(vp, 'vote-check-receipt').fill(receipt.toLowerCase());
    await byTest(vp, 'vote-check-submit').click();
    assert.match(await text(byTest(vp, 'vote-check-result')), /已计入/);
    await byTest(vp, 'vote-check-receipt').fill('00000-00000');
    await byTest(vp, 'vote-check-submit').click();
    await byTest(vp, 'vote-check-result').filter({ hasText: '未找到' }).waitFor();
    await byTest(vp, 'vote-check-receipt').fill(receipt2);
    await byTest(vp, 'vote-check-submit').click();
    await byTest(vp, 'vote-check-result').filter({ hasText: '已计入' }).waitFor();
    await screenshot(vp, 'vote-04-check');

    // --- English, once ---
    await byTest(vp, 'vote-lang').click();
    assert.equal(await text(byTest(vp, 'vote-check').locator('h2')), 'Check a receipt');
    assert.equal(await vp.evaluate(() => document.documentElement.lang), 'en');
    await byTest(vp, 'vote-check-back').click();
    await byTest(vp, `vote-voted-${pollId}`).waitFor();
    assert.match(await text(byTest(vp, `vote-voted-${pollId}`)), /Voted/);
    assert.match(await text(byTest(vp, 'vote-fingerprint')), /^Result signing key fingerprint: /);
    await byTest(vp, 'vote-lang').click();
    assert.match(await text(byTest(vp, `vote-voted-${pollId}`)), /已投票/);

    // --- no code or receipt ever went into a URL ---
    const secrets = [...codes.slice(0, 2).map((c) => c.replace(/-/g, '')), receipt.replace('-', ''), receipt2.replace('-', '')];
    for (const url of requested) {
      const compact = decodeURIComponent(url).toUpperCase().replace(/[-\s]/g, '');
      const [beforeHash] = compact.split('#');
      for (const secret of secrets) assert.ok(!beforeHash.includes(secret), `no secret in a requested URL: ${url}`);
    }

    // --- the same check against a downloaded board file, made in the page: nothing is sent ---
    assert.equal((await org('POST', `/polls/${pollId}/close`)).status, 204);
    const boardResponse = await org('GET', `/polls/${pollId}/board`);
    assert.equal(boardResponse.status, 200);
    const boardDir = mkdtempSync(join(tmpdir(), 'shuzhi-board-'));
    const boardFile = join(boardDir, `board-${pollId}.json`);
    writeFileSync(boardFile, await boardResponse.text());
    await byTest(vp, 'vote-check-link').click();
    await byTest(vp, 'vote-check').waitFor();
    await byTest(vp, 'vote-check-board').setInputFiles(boardFile);
    await byTest(vp, 'vote-check').filter({ hasText: '已打开公示板文件：回执 2 个' }).waitFor();
    const checksBefore = requested.filter((url) => url.includes('/receipts/check')).length;
    await byTest(vp, 'vote-check-receipt').fill(receipt2.toLowerCase().replace('-', ' '));
    await byTest(vp, 'vote-check-submit').click();
    await byTest(vp, 'vote-check-result').filter({ hasText: '在本机核对' }).waitFor();
    await byTest(vp, 'vote-check-receipt').fill('00000-00000');
    await byTest(vp, 'vote-check-submit').click();
    await byTest(vp, 'vote-check-result').filter({ hasText: '公示板文件的回执清单中没有' }).waitFor();
    assert.equal(requested.filter((url) => url.includes('/receipts/check')).length, checksBefore, 'checked without the server');
    await screenshot(vp, 'vote-05-check-board');
    rmSync(boardDir, { recursive: true, force: true });

    // --- size: the page's JS and CSS, gzipped ---
    let gzipped = 0;
    for (const [url, response] of assets) {
      assert.ok(new URL(url).origin === new URL(baseUrl).origin, `only own assets: ${url}`);
      gzipped += gzipSync(await response.body(), { level: 9 }).length;
    }
    assert.ok(assets.size >= 2, 'a script and a stylesheet');
    for (const url of assets.keys()) assert.ok(!/vendor|echarts/.test(url), `no admin-app chunk on the phone page: ${url}`);
    t.diagnostic(`vote page: ${assets.size} JS/CSS files, ${gzipped} bytes gzipped`);
    assert.ok(gzipped <= GZIP_BUDGET, `JS + CSS gzipped ${gzipped} > ${GZIP_BUDGET}`);

    assert.deepEqual(phone.pageErrors, [], 'no uncaught errors in the page');
  } catch (error) {
    await screenshot(vp, 'vote-fail').catch(() => {});
    t.diagnostic(`page errors: ${JSON.stringify(phone.pageErrors)}`);
    throw error;
  } finally {
    await phone.context.close();
  }
});
