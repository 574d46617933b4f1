// Browser test of the reporting meeting (述职大会): scheduling from the campaign page, check-in
// (only counts of carriers), the chair's console with the countdown, the projector page (no login,
// live over server-sent events, warning colours, overtime, poll progress without counts, the result
// chart only for announced results), paper double entry by two users, finalizing and the results,
// and the meeting's details (chair, tellers, scrutineers, venue).
//
// The whole meetings of the seeds' two plans are in meeting-plans.test.mjs; the projector across a
// dropped event stream and a server restart in meeting-projector.test.mjs.
//
// Clock control: the projector page runs on Playwright's clock, fast-forwarded through the
// speeches, so no test waits real minutes. Most ballots are cast through the public API, the way the
// phone page does. Same set-up as shell.test.mjs (see harness.mjs).
// Screenshots: <repo>/build/screenshots/meeting-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiCall, byTest, confirmBox, DEMO_PASSWORD, inputByTest, logIn, openPage, printCarrierCodes, screenshot, startAll, stopAll, text } from './harness.mjs';
import { castApi, checkIn, COMMITTEE_CAMPAIGN, createMeeting, openTab, VOTER_CAMPAIGN, VOTER_GROUP } from './meeting-helpers.mjs';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

test('committee meeting: create, check in, console and countdown on the projector, poll, announced result', async () => {
  const organizer = await openPage();
  const projector = await openPage({ viewport: { width: 1600, height: 900 } });
  try {
    const page = organizer.page;
    await logIn(page, 'organizer', DEMO_PASSWORD);
    const reporting = (await apiCall(page, 'GET', `/campaigns/${COMMITTEE_CAMPAIGN}/deputies`)).body.items;
    const [first, second] = reporting;
    const meeting = await createMeeting(page, COMMITTEE_CAMPAIGN, { title: '市人大代表述职评议会议', scope: 0, mode: 'per_deputy', deputies: [first.deputy_id, second.deputy_id] });
    assert.equal(meeting.poll_mode, 'per_deputy');
    assert.deepEqual(meeting.agenda.map((item) => item.deputy_id), [first.deputy_id, second.deputy_id]);
    assert.equal(meeting.polls.length, 2);
    assert.ok(meeting.projector_token);

    // --- carriers: 5 phone slips, printed through the API (the codes exist only in the PDF) ---
    const codes = await printCarrierCodes(page, meeting.id, 'phone', 5);
    assert.equal(codes.length, 5);

    // --- 签到: 5 evaluators draw a phone slip; only the counts change ---
    await byTest(page, 'checkin-panel').waitFor();
    assert.match(await text(byTest(page, 'checkin-panel')), /只记录发出的数量，从不记录谁领取了哪一张/);
    const evaluators = meeting.attendees.filter((a) => a.role === 'evaluator').slice(0, 5);
    await checkIn(page, evaluators, 'phone');
    await page.waitForFunction(() => document.querySelector('[data-test="checkin-present"]')?.textContent?.trim() === '5');
    assert.equal(await text(byTest(page, 'checkin-entitled')), String(meeting.attendance.entitled));
    assert.equal(await text(byTest(page, 'checkin-carriers-phone').locator('[data-test="issued"]')), '5');
    await screenshot(page, 'meeting-01-checkin');

    // --- the projector, on a fake clock, without logging in ---
    const pp = projector.page;
    await pp.clock.install();
    // Count the beeps (Web Audio oscillators started).
    await pp.addInitScript(() => {
      window.__beeps = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args) {
        window.__beeps += 1;
        return start.apply(this, args);
      };
    });
    await pp.goto(`${baseUrl}/p/${meeting.projector_token}`);
    assert.equal(await text(byTest(pp, 'projector-title')), meeting.title);
    assert.match(await text(byTest(pp, 'projector-fingerprint')), new RegExp(meeting.key_fingerprint));
    assert.equal(await text(byTest(pp, 'projector-countdown')), '10:00');

    // --- console: item 1, report, start the timer ---
    await openTab(page, 'console');
    await byTest(page, 'console-panel').waitFor();
    await byTest(page, 'console-goto-0-report').click();
    await page.waitForFunction(() => document.querySelector('[data-test="console-now"]')?.textContent?.includes('述职'));
    await byTest(page, 'console-timer-start').click();
    await byTest(page, 'console-timer-pause').waitFor();
    await byTest(pp, 'projector-speaker').filter({ hasText: first.name }).waitFor();
    assert.match(await text(byTest(pp, 'projector-stage')), /述职/);
    await pp.waitForFunction(() => document.querySelector('[data-test="projector-countdown"]')?.textContent?.trim() !== '10:00');
    assert.equal(await byTest(pp, 'projector-countdown').getAttribute('data-level'), 'normal');

    // 8 minutes later: 2:00 or less left, amber.
    await pp.clock.fastForward('08:00');
    await pp.waitForFunction(() => document.querySelector('[data-test="projector-countdown"]')?.getAttribute('data-level') === 'warning');
    const warning = await text(byTest(pp, 'projector-countdown'));
    assert.match(warning, /^0[0-2]:\d\d$/);
    assert.ok(warning <= '02:00', `countdown ${warning} ≤ 02:00`);
    assert.equal(await byTest(pp, 'projector-countdown').evaluate((el) => getComputedStyle(el).color), 'rgb(255, 179, 71)');
    await screenshot(pp, 'meeting-02-projector-warning');

    // 2 more minutes: time is up, red, counting overtime.
    await pp.clock.fastForward('02:05');
    await pp.waitForFunction(() => document.querySelector('[data-test="projector-countdown"]')?.getAttribute('data-level') === 'over');
    assert.match(await text(byTest(pp, 'projector-countdown')), /^超时 \+00:0\d$/);
    assert.equal(await byTest(pp, 'projector-countdown').evaluate((el) => getComputedStyle(el).color), 'rgb(255, 138, 138)');
    assert.equal(await pp.evaluate(() => window.__beeps), 1, 'one beep at zero');
    await pp.clock.fastForward('00:30');
    await pp.waitForFunction(() => /\+00:[3-4]\d/.test(document.querySelector('[data-test="projector-countdown"]')?.textContent ?? ''));
    assert.equal(await pp.evaluate(() => window.__beeps), 1, 'no second beep while over time');

    // --- the chair stops the clock and moves to the evaluation; poll 1: open, 5 phone ballots ---
    await byTest(page, 'console-timer-pause').click();
    await byTest(page, 'console-timer-start').waitFor();
    await byTest(page, 'console-goto-0-evaluation').click();
    await byTest(pp, 'projector-stage').filter({ hasText: '测评' }).waitFor();
    const poll = meeting.polls[0];
    await byTest(page, `poll-open-${poll.id}`).click();
    await confirmBox(page, /开始后测评名单和等次不能再修改/);
    await byTest(page, `poll-close-${poll.id}`).waitFor();
    await byTest(pp, `projector-poll-${poll.id}`).waitFor();
    const options = ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'basically_satisfied'];
    for (const [index, code] of codes.entries()) {
      await castApi(code, poll.id, [{ deputy_id: first.deputy_id, option: options[index] }]);
    }
    await byTest(pp, `projector-poll-${poll.id}`).filter({ hasText: '5 / 5 已投票' }).waitFor();
    assert.equal(await byTest(pp, `projector-result-${poll.id}`).count(), 0);
    // The console shows how many voted and nothing else.
    await byTest(page, `console-poll-${poll.id}`).filter({ hasText: '5 / 5 已投票' }).waitFor();
    assert.doesNotMatch(await text(byTest(page, `console-poll-${poll.id}`)), /满意/);
    await byTest(page, 'meeting-page').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelectorAll('*').forEach((el) => el.scrollTop > 0 && (el.scrollTop = 0)));
    await screenshot(page, 'meeting-03-console');
    await screenshot(pp, 'meeting-04-projector-voting');

    // --- close: the announced result appears on the projector ---
    await byTest(page, `poll-close-${poll.id}`).click();
    await confirmBox(page, /不能恢复/);
    await byTest(pp, `projector-result-${poll.id}`).waitFor();
    await byTest(pp, `projector-result-${poll.id}`).locator('[data-test="projector-row"]').first().waitFor();
    assert.match(await text(byTest(pp, `projector-result-${poll.id}`)), /发出 5 票，收回 5 票，有效 5 票/);
    assert.equal(await byTest(pp, `projector-poll-${poll.id}`).count(), 0);
    await screenshot(pp, 'meeting-05-projector-result');

    // --- 结果 tab: the table per deputy ---
    await openTab(page, 'results');
    const row = byTest(page, `result-poll-${poll.id}`).locator(`[data-test="result-row-${first.deputy_id}"]`);
    await row.waitFor();
    assert.equal(await text(row.locator('[data-test="result-grade"]')), '满意');
    assert.match(await text(row.locator('[data-test="result-approval"]')), /^100(\.0)?%$/);
    assert.match(await text(row), new RegExp(`^${first.name} 4 1 0 5 0`));
    await byTest(page, `result-chart-${poll.id}`).locator('canvas').waitFor();
    // The verification material is folded away for scrutineers and technicians; opened, it holds
    // the key fingerprint and the bulletin board, which downloads as JSON.
    const fingerprint = byTest(page, `result-poll-${poll.id}`).locator('[data-test="result-fingerprint"]');
    assert.equal(await fingerprint.isVisible(), false, 'folded at first');
    await byTest(page, `result-verify-${poll.id}`).locator('.el-collapse-item__header').click();
    await fingerprint.waitFor();
    assert.equal(await text(fingerprint), meeting.key_fingerprint);
    const download = page.waitForEvent('download');
    await byTest(page, `result-board-${poll.id}`).click();
    assert.equal((await download).suggestedFilename(), `board-${poll.id}.json`);
    // Saved byte for byte: the tally certificate prints the SHA-256 of exactly these bytes.
    const served = await page.evaluate(async (id) => (await fetch(`/api/v1/polls/${id}/board`)).text(), poll.id);
    assert.equal(readFileSync(await (await download).path(), 'utf8'), served, 'the board as the server wrote it');
    // The tally certificate (计票结果报告单) opens as a PDF in a new tab.
    const [certificate] = await Promise.all([page.context().waitForEvent('page'), byTest(page, `result-certificate-${poll.id}`).click()]);
    assert.match(certificate.url(), /^blob:/);
    await certificate.close();
    await screenshot(page, 'meeting-06-results');

    // A slip printed from the 凭条 tab is saved under the meeting's title, the kind and the round.
    await openTab(page, 'carriers');
    const slips = page.waitForEvent('download');
    await byTest(page, 'carrier-print-submit').click();
    assert.equal((await slips).suggestedFilename(), `${meeting.title}-手机凭条-第1轮.pdf`);
    // In the campaign's meeting list a click anywhere on the row opens the meeting.
    await page.goto(`${baseUrl}/campaigns/${COMMITTEE_CAMPAIGN}?tab=meetings`);
    const meetingRow = byTest(page, 'meeting-table').locator('.el-table__body tr', { hasText: meeting.title }).first();
    await meetingRow.locator('td').nth(2).click();
    await page.waitForURL(new RegExp(`/meetings/${meeting.id}(\\?|$)`));

    assert.deepEqual(organizer.pageErrors, []);
    assert.deepEqual(projector.pageErrors, []);
  } finally {
    await organizer.context.close();
    await projector.context.close();
  }
});

test('voter meeting (private): leader checks in phones and paper, two tellers key the sheet, result not on the projector', async () => {
  const leader = await openPage();
  const organizer = await openPage();
  const projector = await openPage();
  try {
    const op = organizer.page;
    await logIn(op, 'organizer', DEMO_PASSWORD);
    // The demo's finished meeting has opened a poll of this campaign, so its rule is locked now.
    const campaign = (await apiCall(op, 'GET', `/campaigns/${VOTER_CAMPAIGN}`)).body;
    const locked = await apiCall(op, 'PUT', `/campaigns/${VOTER_CAMPAIGN}`, { spec: { ...campaign.spec, min_valid_votes: 1 }, group_ids: campaign.group_ids });
    assert.equal(locked.status, 412, JSON.stringify(locked.body));
    assert.equal(locked.body.error.code, 'campaign.rule_locked');

    const lp = leader.page;
    await logIn(lp, 'leader', DEMO_PASSWORD);
    const reporting = (await apiCall(lp, 'GET', `/campaigns/${VOTER_CAMPAIGN}/deputies`)).body.items.filter((item) => item.group_id === VOTER_GROUP);
    const deputies = reporting.slice(0, 2);
    const meeting = await createMeeting(lp, VOTER_CAMPAIGN, { title: '第一代表小组代表向选民述职会议', scope: VOTER_GROUP, mode: 'sheet', deputies: deputies.map((d) => d.deputy_id) });
    assert.equal(meeting.poll_mode, 'sheet');
    assert.equal(meeting.disclosure, 'private');
    assert.equal(meeting.polls.length, 1);
    const poll = meeting.polls[0];

    // Five phones and one sheet: at least the campaign's minimum of five valid votes per deputy.
    const phoneCodes = await printCarrierCodes(lp, meeting.id, 'phone', 5);
    const [paperCode] = await printCarrierCodes(lp, meeting.id, 'paper', 1);
    assert.equal(phoneCodes.length, 5);
    assert.ok(paperCode);

    const evaluators = meeting.attendees.filter((a) => a.role === 'evaluator');
    await checkIn(lp, evaluators.slice(0, 5), 'phone');
    await checkIn(lp, evaluators.slice(5, 6), 'paper');
    await lp.waitForFunction(() => document.querySelector('[data-test="checkin-present"]')?.textContent?.trim() === '6');
    assert.equal(await text(byTest(lp, 'checkin-carriers-paper').locator('[data-test="issued"]')), '1');

    // Open, five phone ballots, close: paper is still to be counted.
    await openTab(lp, 'console');
    await byTest(lp, `poll-open-${poll.id}`).click();
    await confirmBox(lp, /开始后测评名单和等次不能再修改/);
    await byTest(lp, `poll-close-${poll.id}`).waitFor();
    const [a, b] = deputies.map((d) => d.deputy_id);
    await castApi(phoneCodes[0], poll.id, [{ deputy_id: a, option: 'excellent' }, { deputy_id: b, option: 'competent' }]);
    for (const code of phoneCodes.slice(1)) {
      await castApi(code, poll.id, [{ deputy_id: a, option: 'excellent' }, { deputy_id: b, option: 'excellent' }]);
    }
    await byTest(lp, `console-poll-${poll.id}`).filter({ hasText: '5 / 6 已投票' }).waitFor();
    await byTest(lp, `poll-close-${poll.id}`).click();
    await confirmBox(lp, /不能恢复/);
    await byTest(lp, `console-poll-${poll.id}`).filter({ hasText: '计票中' }).waitFor();

    // --- 计票: the leader keys the sheet first ---
    async function keySheet(page, expected, markA) {
      await openTab(page, 'paper');
      await byTest(page, 'paper-panel').waitFor();
      assert.match(await text(byTest(page, 'paper-panel')), /两位不同的计票人/);
      await byTest(page, 'paper-progress').waitFor();
      if ((await text(byTest(page, 'paper-counted'))) !== '1') {
        await inputByTest(page, 'paper-count').fill('1');
        await byTest(page, 'paper-count-save').click();
        await byTest(page, 'paper-counted').filter({ hasText: '1' }).waitFor();
      }
      await inputByTest(page, 'paper-code').fill(paperCode.toLowerCase());
      await byTest(page, `paper-mark-${a}-${markA}`).click();
      await byTest(page, `paper-mark-${b}-multiple`).click();
      await byTest(page, 'paper-submit').click();
      await page.locator(`[data-test="paper-outcome"][data-outcome="${expected}"]`).waitFor();
    }
    await keySheet(lp, 'waiting_second', 'competent');
    await byTest(lp, 'paper-waiting').waitFor();

    // --- then the organizer, a different user, reads the first mark differently: a mismatch, shown
    // side by side, which the organizer settles from the sheet ---
    await op.goto(`${baseUrl}/meetings/${meeting.id}`);
    await byTest(op, 'meeting-page').waitFor();
    await keySheet(op, 'mismatch', 'excellent');
    const mismatch = byTest(op, 'paper-mismatch');
    await mismatch.waitFor();
    assert.match(await text(mismatch), /leader organizer/);
    assert.match(await text(mismatch), /称职 优秀/);
    assert.equal(await mismatch.locator('tr.differs').count(), 1);
    await mismatch.scrollIntoViewIfNeeded();
    await screenshot(op, 'meeting-07-paper-mismatch');
    await inputByTest(op, 'paper-resolve-code').fill(paperCode);
    await byTest(op, `paper-resolve-mark-${a}-competent`).click();
    await byTest(op, `paper-resolve-mark-${b}-multiple`).click();
    await byTest(op, 'paper-resolve-submit').click();
    await byTest(op, 'paper-reconciled').filter({ hasText: '1' }).waitFor();
    assert.equal(await byTest(op, 'paper-mismatch').count(), 0);
    await byTest(op, 'paper-finalize').click();
    await confirmBox(op);
    await op.locator('.el-message--success', { hasText: '计票结果已确认' }).waitFor();

    // --- 结果: the table (a private result: staff see it; a 公开结果 button per deputy) ---
    await openTab(op, 'results');
    const rowA = byTest(op, `result-poll-${poll.id}`).locator(`[data-test="result-row-${a}"]`);
    await rowA.waitFor();
    // a: 5 × 优秀 from phones, 1 × 称职 on paper; b: 4 × 优秀, 1 × 称职, and an invalid row (多划).
    assert.match(await text(rowA), /^\S+ 5 1 0 0 6 0 /);
    assert.equal(await text(rowA.locator('[data-test="result-grade"]')), '优秀');
    const rowB = byTest(op, `result-poll-${poll.id}`).locator(`[data-test="result-row-${b}"]`);
    assert.match(await text(rowB), /^\S+ 4 1 0 0 5 1 /);
    await screenshot(op, 'meeting-08-results-private');

    // The group leader releases the result to the first deputy (公开结果).
    await openTab(lp, 'results');
    await byTest(lp, `result-release-${poll.id}-${a}`).click();
    await confirmBox(lp, /向 \S+ 本人公开测评结果/);
    await byTest(lp, `result-released-${a}`).waitFor();
    await byTest(lp, `result-release-${poll.id}-${b}`).waitFor();

    // --- the projector never shows a private result ---
    const pp = projector.page;
    await pp.goto(`${baseUrl}/p/${meeting.projector_token}`);
    await byTest(pp, 'projector-title').waitFor();
    await pp.waitForLoadState('networkidle').catch(() => {});
    await pp.waitForTimeout(500);
    assert.equal(await pp.locator('[data-test^="projector-result-"]').count(), 0);
    assert.doesNotMatch(await text(byTest(pp, 'projector')), /优秀|称职/);

    assert.deepEqual(leader.pageErrors, []);
    assert.deepEqual(organizer.pageErrors, []);
    assert.deepEqual(projector.pageErrors, []);
  } finally {
    await leader.context.close();
    await organizer.context.close();
    await projector.context.close();
  }
});

test('meeting details: the organizer records chair, tellers, scrutineers and venue; reviewers only read them; finished meetings are locked', async () => {
  const organizer = await openPage();
  const reviewer = await openPage();
  const page = organizer.page;
  const rp = reviewer.page;
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    const campaigns = await apiCall(page, 'GET', '/campaigns');
    assert.equal(campaigns.status, 200);
    const voter = campaigns.body.items.find((c) => c.spec?.template_code === 'voter');
    assert.ok(voter, 'the demo has a voter campaign');
    const summaries = (await apiCall(page, 'GET', `/campaigns/${voter.id}/meetings`)).body.items;
    // The demo's second group meeting; other tests in this file may add meetings of their own.
    const scheduled = summaries.filter((m) => m.state === 'scheduled').sort((a, b) => a.id - b.id)[0];
    assert.ok(scheduled, 'the demo has a scheduled meeting');
    const before = (await apiCall(page, 'GET', `/meetings/${scheduled.id}`)).body;
    assert.equal(before.may_run, true);
    assert.deepEqual([before.chair, before.tellers, before.scrutineers], ['', [], []]);
    const day = before.starts_at.slice(0, 10);

    // --- 会议信息 is the first tab; check-in stays the default ---
    await page.goto(`${baseUrl}/meetings/${scheduled.id}`);
    await byTest(page, 'checkin-panel').waitFor();
    assert.equal(await text(page.locator('.el-tabs__item').first()), '会议信息');
    await openTab(page, 'details');
    await byTest(page, 'details-panel').waitFor();
    assert.equal(await inputByTest(page, 'details-title').inputValue(), before.title);
    assert.equal(await inputByTest(page, 'details-venue').inputValue(), before.venue);
    assert.equal(await text(byTest(page, 'details-fingerprint')), before.key_fingerprint);
    assert.match(await text(byTest(page, 'details-panel')), /印在凭条和纸质测评表上，并在投影屏上显示/);
    assert.equal(await inputByTest(page, 'details-projector-url').inputValue(), `${baseUrl}/p/${before.projector_token}`);
    assert.equal(await byTest(page, 'details-read-only').count(), 0);

    // --- fill in and save ---
    await inputByTest(page, 'details-chair').fill('王明华');
    const tellers = inputByTest(page, 'details-tellers');
    await tellers.fill('李建国');
    await tellers.press('Enter');
    await tellers.fill('赵丽');
    await tellers.press('Enter');
    const scrutineers = inputByTest(page, 'details-scrutineers');
    await scrutineers.fill('孙志强');
    await scrutineers.press('Enter');
    await inputByTest(page, 'details-venue').fill('镇人大主席团第二会议室');
    const starts = inputByTest(page, 'details-starts');
    await starts.fill(`${day} 14:30`);
    await starts.press('Enter');
    await page.locator('.el-picker-panel').first().waitFor({ state: 'hidden' }).catch(() => {});
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/api/v1/meetings/${scheduled.id}`));
    await byTest(page, 'details-save').click();
    const response = await saved;
    assert.equal(response.status(), 200, await response.text());
    assert.equal(JSON.parse(response.request().postData() ?? '{}').starts_at, `${day}T14:30:00+08:00`);
    await page.locator('.el-message--success').waitFor();
    assert.equal(await text(byTest(page, 'meeting-title').locator('..').locator('.page-muted').nth(1)), '镇人大主席团第二会议室');

    // --- persisted: the API and the page after a reload ---
    const after = (await apiCall(page, 'GET', `/meetings/${scheduled.id}`)).body;
    assert.equal(after.chair, '王明华');
    assert.deepEqual(after.tellers, ['李建国', '赵丽']);
    assert.deepEqual(after.scrutineers, ['孙志强']);
    assert.equal(after.venue, '镇人大主席团第二会议室');
    assert.equal(after.title, before.title);
    assert.equal(after.starts_at, `${day}T14:30:00+08:00`);
    await page.goto(`${baseUrl}/meetings/${scheduled.id}?tab=details`);
    await byTest(page, 'details-panel').waitFor();
    assert.equal(await inputByTest(page, 'details-chair').inputValue(), '王明华');
    assert.equal(await inputByTest(page, 'details-venue').inputValue(), '镇人大主席团第二会议室');
    assert.equal(await inputByTest(page, 'details-starts').inputValue(), `${day} 14:30`);
    assert.deepEqual(await byTest(page, 'details-tellers').locator('.el-tag').allInnerTexts(), ['李建国', '赵丽']);
    assert.deepEqual(await byTest(page, 'details-scrutineers').locator('.el-tag').allInnerTexts(), ['孙志强']);
    assert.equal(await text(byTest(page, 'details-fingerprint')), before.key_fingerprint);
    await screenshot(page, 'meeting-details-1-organizer');

    // --- the reviewer sees the same, read-only ---
    await logIn(rp, 'reviewer', DEMO_PASSWORD);
    await rp.goto(`${baseUrl}/meetings/${scheduled.id}?tab=details`);
    await byTest(rp, 'details-panel').waitFor();
    await byTest(rp, 'details-read-only').waitFor();
    assert.equal(await inputByTest(rp, 'details-chair').inputValue(), '王明华');
    assert.deepEqual(await byTest(rp, 'details-tellers').locator('.el-tag').allInnerTexts(), ['李建国', '赵丽']);
    for (const name of ['details-title', 'details-starts', 'details-venue', 'details-chair', 'details-tellers', 'details-scrutineers']) {
      assert.equal(await inputByTest(rp, name).isDisabled(), true, `${name} is disabled for the reviewer`);
    }
    assert.equal(await byTest(rp, 'details-save').count(), 0);
    assert.equal(await byTest(rp, 'details-projector-url').count(), 0);
    assert.equal(await text(byTest(rp, 'details-fingerprint')), before.key_fingerprint);
    await screenshot(rp, 'meeting-details-2-reviewer');

    // --- a finished meeting: locked, with a notice, and the server refuses too ---
    const finished = summaries.find((m) => m.state === 'finished');
    assert.ok(finished, 'the demo has a finished meeting');
    const refused = await apiCall(page, 'PUT', `/meetings/${finished.id}`, { chair: '王明华' });
    assert.equal(refused.status, 412);
    assert.equal(refused.body.error.code, 'meeting.finished');
    await page.goto(`${baseUrl}/meetings/${finished.id}?tab=details`);
    await byTest(page, 'details-finished').waitFor();
    assert.equal(await inputByTest(page, 'details-chair').isDisabled(), true);
    assert.equal(await byTest(page, 'details-save').count(), 0);
    await screenshot(page, 'meeting-details-3-finished');
    assert.deepEqual(organizer.pageErrors, []);
    assert.deepEqual(reviewer.pageErrors, []);
  } finally {
    await organizer.context.close();
    await reviewer.context.close();
  }
});
