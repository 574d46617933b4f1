// Browser test of the two whole meetings of the seeds: plan 1 (the committee meeting for all 12
// reporting deputies, 25 members, one announced poll per deputy, some ballots on the real phone
// page) and plan 2 (the leader's group meeting, 30 voter representatives, 20 phones + 10 sheets
// keyed twice, a private result released to the deputy).
//
// Clock control: the projector page runs on Playwright's clock, fast-forwarded through the
// speeches, so no test waits real minutes. Most ballots are cast through the public API, the way the
// phone page does. Same set-up as shell.test.mjs (see harness.mjs).
// Screenshots: <repo>/build/screenshots/meeting-plan*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiCall, apiLogIn, byTest, confirmBox, DEMO_PASSWORD, inputByTest, logIn, openPage, printCarrierCodes, screenshot, SCREENSHOTS, startAll, stopAll, text } from './harness.mjs';
import { castApi, checkIn, COMMITTEE_CAMPAIGN, createMeeting, openTab, VOTER_CAMPAIGN, VOTER_GROUP } from './meeting-helpers.mjs';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

// Element Plus puts a data-test given to a textarea <el-input> on the inner <textarea>.
const areaByTest = (page, name) => page.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`).first();

/** Votes on the real phone page (/v#CODE): choose, confirm, the receipt. Returns the receipt. */
async function votePhone(vp, code, pollId, choices, { reopen = true } = {}) {
  if (reopen) {
    await vp.goto('about:blank');
    await vp.goto(`${baseUrl}/v#${code.replace(/-/g, '')}`);
  }
  await byTest(vp, `vote-ballot-${pollId}`).waitFor({ timeout: 12_000 });
  for (const choice of choices) await byTest(vp, `vote-option-${choice.deputy_id}-${choice.option}`).click();
  await byTest(vp, 'vote-submit').click();
  await byTest(vp, 'vote-confirm-submit').click();
  const voted = byTest(vp, `vote-voted-${pollId}`);
  await voted.waitFor();
  const receipt = await text(voted.locator('[data-test="vote-receipt"]'));
  assert.match(receipt, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  return receipt;
}

/**
 * The expected result per deputy from the ballots (each a map deputy → option code; blank and
 * multiple are invalid for that deputy): votes per scale option, valid, invalid, the grade (the
 * best option whose votes with those of all better options exceed half the valid votes, else the
 * lowest) and the approval rate in per cent.
 */
function expectedResult(scale, deputyIds, ballots) {
  const out = new Map();
  for (const id of deputyIds) {
    const votes = scale.map((option) => ballots.filter((b) => b.get(id) === option.code).length);
    const valid = votes.reduce((a, b) => a + b, 0);
    const invalid = ballots.filter((b) => b.has(id) && !scale.some((option) => option.code === b.get(id))).length;
    let grade = scale[scale.length - 1].code;
    let cumulative = 0;
    for (const [index, option] of scale.entries()) {
      cumulative += votes[index];
      if (cumulative * 2 > valid) {
        grade = option.code;
        break;
      }
    }
    const approving = scale.reduce((sum, option, index) => sum + (option.approval ? votes[index] : 0), 0);
    out.set(id, { votes, valid, invalid, grade, label: scale.find((o) => o.code === grade).label, approval: Math.round((approving * 1000) / valid) / 10 });
  }
  return out;
}

/** Checks a 结果 row: name, the votes per option, valid, invalid, the rate and the grade. */
async function assertResultRow(page, pollId, deputy, expected) {
  const row = byTest(page, `result-poll-${pollId}`).locator(`[data-test="result-row-${deputy.deputy_id}"]`);
  await row.waitFor();
  assert.match(await text(row), new RegExp(`^${deputy.name} ${expected.votes.join(' ')} ${expected.valid} ${expected.invalid} `), `row of ${deputy.name}`);
  assert.equal(await text(row.locator('[data-test="result-grade"]')), expected.label, `grade of ${deputy.name}`);
  assert.equal(parseFloat(await text(row.locator('[data-test="result-approval"]'))), expected.approval, `approval of ${deputy.name}`);
}

test('plan 1, the whole committee meeting: 12 deputies, 25 members, a poll each on phones, announced on the projector', async (t) => {
  const started = Date.now();
  const organizer = await openPage();
  const projector = await openPage({ viewport: { width: 1600, height: 900 } });
  // Three evaluators' phones (360×640), voting side by side.
  const phones = [];
  for (let n = 0; n < 3; n += 1) phones.push(await openPage({ viewport: { width: 360, height: 640 } }));
  const page = organizer.page;
  const pp = projector.page;
  const vp = phones[0].page;
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    const reporting = (await apiCall(page, 'GET', `/campaigns/${COMMITTEE_CAMPAIGN}/deputies`)).body.items;
    assert.equal(reporting.length, 12, 'plan 1: 12 reporting deputies');
    const meeting = await createMeeting(page, COMMITTEE_CAMPAIGN, { title: '2026年市人大代表向县人大常委会述职评议会（全体）', scope: 0, mode: 'per_deputy', deputies: reporting.map((d) => d.deputy_id) });
    assert.equal(meeting.disclosure, 'announce');
    assert.equal(meeting.polls.length, 12, 'one poll per deputy');
    assert.deepEqual(meeting.agenda.map((item) => item.deputy_id), reporting.map((d) => d.deputy_id));
    const evaluators = meeting.attendees.filter((a) => a.role === 'evaluator');
    assert.equal(evaluators.length, 25, 'all 25 committee members are evaluators');
    assert.equal(meeting.attendance.entitled, 25);
    const scale = meeting.scale;
    assert.deepEqual(scale.map((o) => o.label), ['满意', '基本满意', '不满意']);

    // --- 25 phone slips; 4 members check in on the 签到 tab, 21 through the API ---
    const codes = await printCarrierCodes(page, meeting.id, 'phone', 25);
    assert.equal(codes.length, 25);
    await byTest(page, 'checkin-panel').waitFor();
    await checkIn(page, evaluators.slice(0, 4), 'phone');
    for (const attendee of evaluators.slice(4)) {
      const r = await apiCall(page, 'POST', `/meetings/${meeting.id}/attendees/${attendee.id}/check-in`, { channel: 'phone' });
      assert.equal(r.status, 204, JSON.stringify(r.body));
    }
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-test="checkin-present"]')?.textContent?.trim() === '25');
    assert.equal(await text(byTest(page, 'checkin-carriers-phone').locator('[data-test="issued"]')), '25');
    for (const attendee of evaluators) await byTest(page, `checkin-done-${attendee.id}`).waitFor();

    // --- the projector, on Playwright's clock, open for the whole meeting ---
    await pp.clock.install();
    await pp.goto(`${baseUrl}/p/${meeting.projector_token}`);
    assert.equal(await text(byTest(pp, 'projector-title')), meeting.title);
    assert.equal(await text(byTest(pp, 'projector-countdown')), '10:00');

    // The first phone slip is scanned before any poll is open: its page waits.
    await vp.goto(`${baseUrl}/v#${codes[0].replace(/-/g, '')}`);
    await byTest(vp, 'vote-waiting').waitFor();

    await openTab(page, 'console');
    await byTest(page, 'console-panel').waitFor();

    // Ballot k of 25 for deputy i: three patterns giving 满意, 基本满意 and 不满意.
    const PATTERNS = [
      [20, 24], // 20 满意, 4 基本满意, 1 不满意
      [8, 20], // 8, 12, 5
      [3, 10], // 3, 7, 15
    ];
    const optionOf = (i, k) => {
      const [satisfied, basically] = PATTERNS[i % 3];
      return k < satisfied ? 'satisfied' : k < basically ? 'basically_satisfied' : 'dissatisfied';
    };
    const PHONE_BALLOTS = [0, 12, 24]; // these three are cast on the phone page, with slips 0–2
    const expected = new Map();
    const offScreen = [];
    const phases = { speech: 0, phone: 0, api: 0, other: 0 };
    let mark = Date.now();
    const lap = (phase) => {
      phases[phase] += Date.now() - mark;
      mark = Date.now();
    };

    for (const [i, deputy] of reporting.entries()) {
      const poll = meeting.polls.find((p) => p.deputies.some((d) => d.id === deputy.deputy_id));
      assert.ok(poll, `a poll for ${deputy.name}`);

      // 述职: the speech countdown starts.
      await byTest(page, `console-goto-${i}-report`).click();
      await page.waitForFunction((name) => document.querySelector('[data-test="console-now"]')?.textContent?.includes(`${name} · 述职`), deputy.name);
      // Each speaker starts with the full 10 minutes.
      assert.equal(await text(byTest(page, 'console-countdown')), '10:00', `the timer for ${deputy.name}`);
      await byTest(page, 'console-timer-start').click();
      await byTest(page, 'console-timer-pause').waitFor();
      await byTest(pp, 'projector-speaker').filter({ hasText: deputy.name }).waitFor();
      assert.match(await text(byTest(pp, 'projector-stage')), /述职/);
      assert.match(await text(byTest(pp, 'projector-speaker')), new RegExp(`${i + 1} */ *12|${i + 1}.*12`));
      // Running (the projector has the started timer once it ticks below 10:00).
      await pp.waitForFunction(() => /^09:[0-5]\d$/.test(document.querySelector('[data-test="projector-countdown"]')?.textContent?.trim() ?? ''));
      // Five minutes of speech, in no time.
      await pp.clock.fastForward('05:00');
      await pp.waitForFunction(() => /^0[45]:[0-5]\d$/.test(document.querySelector('[data-test="projector-countdown"]')?.textContent?.trim() ?? ''));
      assert.equal(await byTest(pp, 'projector-countdown').getAttribute('data-level'), 'normal');
      if (i === reporting.length - 1) {
        // The last speaker runs over time.
        await pp.clock.fastForward('05:30');
        await pp.waitForFunction(() => document.querySelector('[data-test="projector-countdown"]')?.getAttribute('data-level') === 'over');
        assert.match(await text(byTest(pp, 'projector-countdown')), /^超时 \+00:[0-5]\d$/);
      }
      await byTest(page, 'console-timer-pause').click();
      await byTest(page, 'console-timer-start').waitFor();
      lap('speech');

      // 提问: one question recorded for the first deputy.
      await byTest(page, `console-goto-${i}-questions`).click();
      await byTest(pp, 'projector-stage').filter({ hasText: '提问' }).waitFor();
      if (i === 0) {
        await inputByTest(page, 'console-question-by').fill('常委会委员 周明');
        await areaByTest(page, 'console-question-text').fill('你在建议办理跟踪方面做了哪些工作？');
        await areaByTest(page, 'console-question-answer').fill('逐件跟踪，年底前全部答复。');
        await byTest(page, 'console-question-save').click();
        await byTest(page, 'agenda-0').filter({ hasText: '你在建议办理跟踪方面做了哪些工作？' }).waitFor();
      }

      // 测评: open the poll; the projector shows only how many voted.
      await byTest(page, `console-goto-${i}-evaluation`).click();
      await byTest(pp, 'projector-stage').filter({ hasText: '测评' }).waitFor();
      await byTest(page, `poll-open-${poll.id}`).click();
      await confirmBox(page, /开始后测评名单和等次不能再修改/);
      await byTest(page, `poll-close-${poll.id}`).waitFor();
      const progress = byTest(pp, `projector-poll-${poll.id}`);
      await progress.filter({ hasText: '0 / 25 已投票' }).waitFor();

      const ballots = [];
      for (let k = 0; k < 25; k += 1) ballots.push(new Map([[deputy.deputy_id, optionOf(i, k)]]));
      // Three on the phone page (slips 0–2, at the same time); the first slip's page, left open
      // before the first poll, notices it by itself.
      await Promise.all(
        PHONE_BALLOTS.map((k, n) => votePhone(phones[n].page, codes[n], poll.id, [{ deputy_id: deputy.deputy_id, option: optionOf(i, k) }], { reopen: !(i === 0 && n === 0) })),
      );
      if (i === 0) await screenshot(vp, 'meeting-plan1-phone-receipt');
      lap('phone');
      lap('other');
      await progress.filter({ hasText: '3 / 25 已投票' }).waitFor();
      assert.equal(await byTest(pp, `projector-result-${poll.id}`).count(), 0, 'no result while open');
      // The other 22 through the public API, slips 3–24.
      // The other 22 through the public API (slips 3–24), all at once, as phones in a hall would.
      const apiBallots = [...Array(25).keys()].filter((k) => !PHONE_BALLOTS.includes(k));
      await Promise.all(apiBallots.map((k, n) => castApi(codes[3 + n], poll.id, [{ deputy_id: deputy.deputy_id, option: optionOf(i, k) }])));
      await progress.filter({ hasText: '25 / 25 已投票' }).waitFor();
      lap('api');
      assert.equal(await byTest(pp, `projector-result-${poll.id}`).count(), 0, 'no result while open');
      if (i === 0) {
        // The console (refreshed every 2 s) shows how many voted and nothing else.
        await byTest(page, `console-poll-${poll.id}`).filter({ hasText: '25 / 25 已投票' }).waitFor();
        assert.doesNotMatch(await text(byTest(page, `console-poll-${poll.id}`)), /满意/);
        await screenshot(pp, 'meeting-plan1-projector-voting');
        await screenshot(page, 'meeting-plan1-console-voting');
      }

      // Close: the announced result appears on the projector at once.
      await byTest(page, `poll-close-${poll.id}`).click();
      await confirmBox(page, /不能恢复/);
      const result = byTest(pp, `projector-result-${poll.id}`);
      await result.waitFor();
      await result.locator('[data-test="projector-row"]').first().waitFor();
      assert.match(await text(result), /发出 25 票，收回 25 票，有效 25 票/);
      assert.equal(await progress.count(), 0);
      // The just-announced result is on the hall's screen, alone: the earlier ones give way to it.
      const box = await result.boundingBox();
      if (!box || box.y >= 900 || box.y + box.height <= 0) offScreen.push(`${i + 1}. ${deputy.name} (chart at y=${Math.round(box?.y ?? -1)})`);
      assert.equal(await pp.locator('[data-test^="projector-result-"]').count(), 1);
      expected.set(deputy.deputy_id, expectedResult(scale, [deputy.deputy_id], ballots).get(deputy.deputy_id));

      // 点评: the leader's remarks, recorded for the first and the last deputy.
      await byTest(page, `console-goto-${i}-remarks`).click();
      await byTest(pp, 'projector-stage').filter({ hasText: '点评' }).waitFor();
      if (i === 0 || i === reporting.length - 1) {
        const remark = `${deputy.name}同志履职认真，联系群众紧密，希望继续发挥代表作用。`;
        await areaByTest(page, 'console-remarks-text').fill(remark);
        await byTest(page, 'console-remarks-save').click();
        await byTest(page, `agenda-${i}`).filter({ hasText: remark }).waitFor();
      }
      lap('other');
    }
    t.diagnostic(`plan 1 phases (ms, all 12 deputies): ${JSON.stringify(phases)}`);

    assert.deepEqual(offScreen, [], 'every just-announced result is on the 1600×900 screen');

    // Every poll closed; the projector shows the last one's result, drawn.
    await pp.waitForTimeout(600);
    assert.equal(await pp.locator('[data-test^="projector-result-"]').count(), 1);
    assert.equal(await pp.locator('[data-test^="projector-poll-"]').count(), 0);
    await screenshot(pp, 'meeting-plan1-projector-results');
    await page.evaluate(() => document.querySelectorAll('*').forEach((el) => el.scrollTop > 0 && (el.scrollTop = 0)));
    await screenshot(page, 'meeting-plan1-console');

    // --- 结果: all 12 deputies with their grades ---
    await openTab(page, 'results');
    for (const deputy of reporting) {
      const poll = meeting.polls.find((p) => p.deputies.some((d) => d.id === deputy.deputy_id));
      await assertResultRow(page, poll.id, deputy, expected.get(deputy.deputy_id));
    }
    assert.equal(await page.locator('[data-test^="result-row-"]').count(), 12);
    const grades = [...expected.values()].map((e) => e.label);
    assert.deepEqual([...new Set(grades)].sort(), ['不满意', '基本满意', '满意'].sort());
    await screenshot(page, 'meeting-plan1-results');

    // --- 结果汇总: one sortable table of all 12, downloadable and printable ---
    const overview = byTest(page, 'results-overview-table');
    await overview.waitFor();
    assert.equal(await overview.locator('.el-table__body tr').count(), 12);
    const approvalHeader = overview.locator('.el-table__header th').filter({ hasText: '满意率' });
    await approvalHeader.click(); // ascending
    await approvalHeader.click(); // descending: the best first
    const byRate = [...expected.values()].map((e) => e.approval).sort((a, b) => b - a);
    const shownRates = (await overview.locator('[data-test="overview-approval"]').allTextContents()).map((s) => parseFloat(s));
    assert.deepEqual(shownRates, byRate, 'sorted by approval, highest first');
    const names = await overview.locator('.el-table__body tr td:nth-child(2)').allTextContents();
    const overviewGrades = await overview.locator('[data-test="overview-grade"]').allTextContents();
    for (const [k, name] of names.entries()) {
      const deputy = reporting.find((d) => d.name === name.trim());
      assert.equal(overviewGrades[k], expected.get(deputy.deputy_id).label, `overview grade of ${name}`);
    }
    await byTest(page, 'results-overview').screenshot({ path: `${SCREENSHOTS}/meeting-plan1-results-overview.png` });
    // The XLSX download: a spreadsheet the office files.
    const [download] = await Promise.all([page.waitForEvent('download'), byTest(page, 'results-export-xlsx').click()]);
    assert.match(download.suggestedFilename(), /测评结果汇总\.xlsx$/);
    // Printing shows the overview sheet alone, in the screen's order, without the menu.
    await page.emulateMedia({ media: 'print' });
    const sheet = byTest(page, 'results-print-sheet');
    assert.ok(await sheet.isVisible(), 'the print sheet shows in print');
    const printedNames = await sheet.locator('tbody tr td:nth-child(2)').allTextContents();
    assert.deepEqual(printedNames.map((n) => n.trim()), names.map((n) => n.trim()), 'printed in the screen order');
    assert.match(await text(sheet.locator('h2')), /测评结果汇总/);
    assert.equal(await page.locator('.el-aside').isVisible(), false, 'no menu on paper');
    assert.equal(await overview.isVisible(), false, 'no screen table on paper');
    await page.pdf({ path: `${SCREENSHOTS}/meeting-plan1-results-print.pdf`, format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await sheet.isVisible(), false, 'the print sheet stays off the screen');

    // --- the chair ends the meeting ---
    await openTab(page, 'console');
    await byTest(page, 'console-finish').click();
    await confirmBox(page);
    await byTest(page, 'meeting-state').filter({ hasText: '已结束' }).waitFor();
    // The projector says the meeting has ended, and no longer shows a speaker, the clock or a result.
    await byTest(pp, 'projector-finished').filter({ hasText: '会议已结束' }).waitFor();
    assert.equal(await byTest(pp, 'projector-countdown').count(), 0);
    assert.equal(await byTest(pp, 'projector-speaker').count(), 0);
    assert.equal(await pp.locator('[data-test^="projector-result-"]').count(), 0);
    await screenshot(pp, 'meeting-plan1-projector-finished');

    assert.deepEqual(organizer.pageErrors, []);
    assert.deepEqual(projector.pageErrors, []);
    for (const phone of phones) assert.deepEqual(phone.pageErrors, []);
    t.diagnostic(`plan 1 meeting: ${Date.now() - started} ms`);
  } catch (error) {
    await screenshot(page, 'meeting-plan1-fail-console').catch(() => {});
    await screenshot(pp, 'meeting-plan1-fail-projector').catch(() => {});
    await screenshot(vp, 'meeting-plan1-fail-phone').catch(() => {});
    throw error;
  } finally {
    await organizer.context.close();
    await projector.context.close();
    for (const phone of phones) await phone.context.close();
  }
});

test('plan 2, the group meeting with voters in sheet mode: 20 phones, 10 sheets keyed twice, a private result fed back', async (t) => {
  const started = Date.now();
  const leader = await openPage();
  const organizer = await openPage();
  const reviewer = await openPage();
  const projector = await openPage({ viewport: { width: 1600, height: 900 } });
  const lp = leader.page;
  const op = organizer.page;
  const rp = reviewer.page;
  const pp = projector.page;
  /** The projector shows no result and no option label, ever, for a private meeting. */
  async function projectorShowsNoResult() {
    assert.equal(await pp.locator('[data-test^="projector-result-"]').count(), 0);
    assert.doesNotMatch(await text(byTest(pp, 'projector')), /优秀|称职|%/);
  }
  try {
    await logIn(lp, 'leader', DEMO_PASSWORD);
    const reporting = (await apiCall(lp, 'GET', `/campaigns/${VOTER_CAMPAIGN}/deputies`)).body.items.filter((item) => item.group_id === VOTER_GROUP);
    assert.ok(reporting.length >= 2, 'the group reports this year');
    const deputies = reporting;
    const ids = deputies.map((d) => d.deputy_id);
    const meeting = await createMeeting(lp, VOTER_CAMPAIGN, { title: '第一代表小组代表向选民述职评议会（全体）', scope: VOTER_GROUP, mode: 'sheet', deputies: ids });
    assert.equal(meeting.poll_mode, 'sheet');
    assert.equal(meeting.disclosure, 'private');
    assert.equal(meeting.polls.length, 1);
    const poll = meeting.polls[0];
    const scale = meeting.scale;
    assert.deepEqual(scale.map((o) => o.code), ['excellent', 'competent', 'basically_competent', 'incompetent']);
    const evaluators = meeting.attendees.filter((a) => a.role === 'evaluator');
    assert.equal(evaluators.length, 30, 'about 30 voter representatives');

    // --- carriers: 20 phone slips and 10 paper sheets; all 30 check in (2 on the 签到 tab) ---
    const phoneCodes = await printCarrierCodes(lp, meeting.id, 'phone', 20);
    const paperCodes = await printCarrierCodes(lp, meeting.id, 'paper', 10);
    assert.equal(phoneCodes.length, 20);
    assert.equal(paperCodes.length, 10);
    await byTest(lp, 'checkin-panel').waitFor();
    await checkIn(lp, evaluators.slice(0, 1), 'phone');
    await checkIn(lp, evaluators.slice(20, 21), 'paper');
    for (const [index, attendee] of evaluators.entries()) {
      if (index === 0 || index === 20) continue;
      const r = await apiCall(lp, 'POST', `/meetings/${meeting.id}/attendees/${attendee.id}/check-in`, { channel: index < 20 ? 'phone' : 'paper' });
      assert.equal(r.status, 204, JSON.stringify(r.body));
    }
    await lp.reload();
    await lp.waitForFunction(() => document.querySelector('[data-test="checkin-present"]')?.textContent?.trim() === '30');
    assert.equal(await text(byTest(lp, 'checkin-carriers-phone').locator('[data-test="issued"]')), '20');
    assert.equal(await text(byTest(lp, 'checkin-carriers-paper').locator('[data-test="issued"]')), '10');

    // --- the projector, open from here on ---
    await pp.goto(`${baseUrl}/p/${meeting.projector_token}`);
    await byTest(pp, 'projector-title').waitFor();
    await projectorShowsNoResult();

    // --- open, 20 phone ballots, close ---
    await openTab(lp, 'console');
    await byTest(lp, `poll-open-${poll.id}`).click();
    await confirmBox(lp, /开始后测评名单和等次不能再修改/);
    await byTest(lp, `poll-close-${poll.id}`).waitFor();
    await byTest(pp, `projector-poll-${poll.id}`).filter({ hasText: '0 / 30 已投票' }).waitFor();
    const PHONE = [
      (k) => (k < 14 ? 'excellent' : k < 18 ? 'competent' : 'basically_competent'),
      (k) => (k < 6 ? 'excellent' : k < 15 ? 'competent' : 'incompetent'),
      (k) => (k < 3 ? 'excellent' : k < 8 ? 'competent' : k < 16 ? 'basically_competent' : 'incompetent'),
      (k) => (k < 2 ? 'excellent' : k < 4 ? 'competent' : k < 7 ? 'basically_competent' : 'incompetent'),
    ];
    const PAPER = [
      (s) => (s < 5 ? 'excellent' : s < 8 ? 'competent' : s === 8 ? 'blank' : 'multiple'),
      (s) => (s < 3 ? 'excellent' : 'competent'),
      (s) => (s < 5 ? 'basically_competent' : 'incompetent'),
      (s) => (s === 0 ? 'multiple' : 'incompetent'),
    ];
    const choose = (rules, n) => ids.map((id, j) => ({ deputy_id: id, option: rules[j % rules.length](n) }));
    const ballots = [];
    for (const [k, code] of phoneCodes.entries()) {
      const choices = choose(PHONE, k);
      await castApi(code, poll.id, choices);
      ballots.push(new Map(choices.map((c) => [c.deputy_id, c.option])));
    }
    await byTest(pp, `projector-poll-${poll.id}`).filter({ hasText: '20 / 30 已投票' }).waitFor();
    await projectorShowsNoResult();
    await byTest(lp, `console-poll-${poll.id}`).filter({ hasText: '20 / 30 已投票' }).waitFor();
    await byTest(lp, `poll-close-${poll.id}`).click();
    await confirmBox(lp, /不能恢复/);
    await byTest(lp, `console-poll-${poll.id}`).filter({ hasText: '计票中' }).waitFor();
    await byTest(pp, `projector-poll-${poll.id}`).waitFor({ state: 'detached' });
    await projectorShowsNoResult();

    // --- 计票: the leader counts 10 sheets in the box; each sheet keyed by the leader and then the organizer ---
    await logIn(op, 'organizer', DEMO_PASSWORD);
    await openTab(lp, 'paper');
    await byTest(lp, 'paper-progress').waitFor();
    await inputByTest(lp, 'paper-count').fill('10');
    await byTest(lp, 'paper-count-save').click();
    await byTest(lp, 'paper-counted').filter({ hasText: '10' }).waitFor();
    const sheets = paperCodes.map((code, s) => ({ code, choices: choose(PAPER, s) }));
    for (const sheet of sheets) ballots.push(new Map(sheet.choices.map((c) => [c.deputy_id, c.option])));
    // Eight sheets through the API…
    for (const [page, outcome] of [[lp, 'waiting_second'], [op, 'reconciled']]) {
      for (const sheet of sheets.slice(0, 8)) {
        const r = await apiCall(page, 'POST', `/polls/${poll.id}/paper-sheets`, sheet);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.outcome, outcome);
      }
    }
    // …and two on the 计票 tab, by each teller.
    async function keyOnTab(page, sheet, outcome) {
      await inputByTest(page, 'paper-code').fill(sheet.code.toLowerCase());
      for (const choice of sheet.choices) await byTest(page, `paper-mark-${choice.deputy_id}-${choice.option}`).click();
      await byTest(page, 'paper-submit').click();
      await page.waitForFunction(() => document.querySelector('input[data-test="paper-code"], [data-test="paper-code"] input')?.value === '');
      assert.equal(await page.locator('[data-test="paper-outcome"]').getAttribute('data-outcome'), outcome);
    }
    for (const sheet of sheets.slice(8)) await keyOnTab(lp, sheet, 'waiting_second');
    await byTest(lp, 'paper-waiting').waitFor();
    await screenshot(lp, 'meeting-plan2-paper-leader');
    await op.goto(`${baseUrl}/meetings/${meeting.id}`);
    await byTest(op, 'meeting-page').waitFor();
    await openTab(op, 'paper');
    await byTest(op, 'paper-progress').waitFor();
    for (const sheet of sheets.slice(8)) await keyOnTab(op, sheet, 'reconciled');
    await byTest(op, 'paper-reconciled').filter({ hasText: '10' }).waitFor();
    assert.equal(await byTest(op, 'paper-waiting').count(), 0);
    assert.equal(await byTest(op, 'paper-mismatch').count(), 0);
    await byTest(op, 'paper-finalize').click();
    await confirmBox(op);
    await op.locator('.el-message--success', { hasText: '计票结果已确认' }).waitFor();
    await projectorShowsNoResult();

    // --- 结果: the organizer, the leader and the reviewer see it ---
    const expected = expectedResult(scale, ids, ballots);
    await openTab(op, 'results');
    await byTest(op, `result-poll-${poll.id}`).locator('[data-test="result-totals"]').waitFor();
    assert.match(await text(byTest(op, `result-poll-${poll.id}`).locator('[data-test="result-totals"]')), /30.*30/);
    for (const deputy of deputies) await assertResultRow(op, poll.id, deputy, expected.get(deputy.deputy_id));
    await screenshot(op, 'meeting-plan2-results-organizer');
    await lp.goto(`${baseUrl}/meetings/${meeting.id}?tab=results`);
    for (const deputy of deputies) await assertResultRow(lp, poll.id, deputy, expected.get(deputy.deputy_id));
    await logIn(rp, 'reviewer', DEMO_PASSWORD);
    await rp.goto(`${baseUrl}/meetings/${meeting.id}?tab=results`);
    for (const deputy of deputies) await assertResultRow(rp, poll.id, deputy, expected.get(deputy.deputy_id));
    await screenshot(rp, 'meeting-plan2-results-reviewer');
    // The reviewer reads; feeding back is the group leader's (DESIGN §1, §4).
    const byReviewer = await apiCall(rp, 'POST', `/polls/${poll.id}/release`, { deputy_id: ids[ids.length - 1] });
    assert.equal(byReviewer.status, 403, `a reviewer releasing a result: HTTP ${byReviewer.status} ${JSON.stringify(byReviewer.body)}`);
    const reviewerButtons = await rp.locator(`[data-test^="result-release-${poll.id}-"]`).count();
    if (reviewerButtons) t.diagnostic(`the reviewer's 结果 tab shows ${reviewerButtons} 公开结果 buttons`);

    // --- the demo deputy sees nothing until the leader feeds their result back, then only their own ---
    const deputyCall = await apiLogIn('deputy', DEMO_PASSWORD);
    const me = await (await deputyCall('GET', '/me')).json();
    const own = me.user.roles.find((role) => role.role === 'deputy')?.deputy_id;
    if (own === undefined || !ids.includes(own)) {
      t.diagnostic(`the demo deputy (deputy_id ${own}) is not among this meeting's deputies (${ids}): feedback not checked`);
    } else {
      const before = await (await deputyCall('GET', `/polls/${poll.id}/result`)).json();
      assert.equal(before.available, false, `before release: ${JSON.stringify(before)}`);
      assert.equal(before.result, undefined);
      await byTest(lp, `result-release-${poll.id}-${own}`).click();
      await confirmBox(lp, /向 \S+ 本人公开测评结果/);
      await byTest(lp, `result-released-${own}`).waitFor();
      for (const id of ids.filter((id) => id !== own)) await byTest(lp, `result-release-${poll.id}-${id}`).waitFor();
      const after = await (await deputyCall('GET', `/polls/${poll.id}/result`)).json();
      assert.equal(after.available, true, `after release: ${JSON.stringify(after)}`);
      assert.deepEqual(after.result.deputies.map((d) => d.deputy_id), [own], 'only their own row');
      const row = after.result.deputies[0];
      assert.deepEqual(row.votes, expected.get(own).votes);
      assert.equal(row.valid, expected.get(own).valid);
      assert.equal(row.grade, expected.get(own).grade);
      // Nor does the deputy get at the meeting itself.
      assert.equal((await deputyCall('GET', `/meetings/${meeting.id}`)).status, 403);
    }
    await screenshot(lp, 'meeting-plan2-results-leader');

    // The projector, reloaded after everything: still no result.
    await pp.reload();
    await byTest(pp, 'projector-title').waitFor();
    await pp.waitForTimeout(300);
    await projectorShowsNoResult();
    await screenshot(pp, 'meeting-plan2-projector');

    for (const p of [leader, organizer, reviewer, projector]) assert.deepEqual(p.pageErrors, []);
    t.diagnostic(`plan 2 meeting: ${Date.now() - started} ms`);
  } catch (error) {
    await screenshot(lp, 'meeting-plan2-fail-leader').catch(() => {});
    await screenshot(op, 'meeting-plan2-fail-organizer').catch(() => {});
    throw error;
  } finally {
    for (const p of [leader, organizer, reviewer, projector]) await p.context.close();
  }
});
