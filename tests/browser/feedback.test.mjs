// Browser test of the feedback talk after a private result (会后反馈, plan 2's third phase).
//
// The demo holds a finished private voter meeting of the first deputy group whose final poll
// includes the demo `deputy` user's deputy. The group leader opens the meeting's 会后反馈 tab, records
// the talk with that deputy (a time before the meeting is refused on the field, in Chinese) and
// releases the result in the same step; releases another deputy's result on its own (公开结果). The
// deputy finds the talk on 我的测评结果 and confirms it; the leader's table then says 已确认, and a
// reviewer reads the same table without buttons. A second test drives a meeting of the group
// through the API until its poll waits for paper sheets: its rows cannot be recorded yet.
// Same set-up as shell.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/feedback-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiCall, byTest, confirmBox, DEMO_PASSWORD, inputByTest, logIn, openPage, popoverShown, screenshot, startAll, stopAll, text } from './harness.mjs';
import { closedGroupPoll, findDemoGroupMeeting, openTab } from './meeting-helpers.mjs';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

/** "2026-11-26T14:30:00+08:00" plus `hours`, as the picker shows it: "2026-11-26 16:30". */
function beijingPlus(iso, hours) {
  return new Date(Date.parse(iso) + (8 + hours) * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Types a time into the dialog's date-time picker, as a user may instead of clicking the calendar. */
async function typeTime(page, value) {
  const input = inputByTest(page, 'feedback-form-given-at');
  const panel = page.locator('.el-picker-panel:visible').first();
  // The picker opens on focus, with a transition: wait for it to be open before typing, or Enter
  // may come before it and leave it open (a clean run's axe audit found it open, unnamed, later).
  await input.click();
  await panel.waitFor({ timeout: 5000 }).catch(() => {});
  await input.fill(value);
  await input.press('Enter');
  await panel.waitFor({ state: 'hidden', timeout: 5000 });
}

async function openFeedbackTab(page, meetingId) {
  await page.goto(`${baseUrl}/meetings/${meetingId}`);
  await byTest(page, 'meeting-page').waitFor();
  await openTab(page, 'feedback');
  await byTest(page, 'feedback-table').waitFor();
}

test('组长记录谈话反馈并同时公开结果，代表查看并确认收到，组长的表上显示已确认', async () => {
  const leader = await openPage();
  const deputy = await openPage();
  const reviewer = await openPage();
  try {
    const lp = leader.page;
    const dp = deputy.page;
    const rp = reviewer.page;
    await logIn(lp, 'leader', DEMO_PASSWORD);
    await logIn(dp, 'deputy', DEMO_PASSWORD);
    await logIn(rp, 'reviewer', DEMO_PASSWORD);

    const me = (await apiCall(dp, 'GET', '/me')).body.user;
    const ownIds = me.roles.filter((grant) => grant.role === 'deputy').map((grant) => grant.deputy_id);
    const meeting = await findDemoGroupMeeting(lp);
    assert.equal(meeting.disclosure, 'private');
    const poll = meeting.polls.find((p) => p.state === 'final' && p.deputies.some((d) => ownIds.includes(d.id)));
    assert.ok(poll, 'a final poll of the demo meeting includes the demo deputy');
    const own = poll.deputies.find((d) => ownIds.includes(d.id));
    // The demo has fed back to some of the group already: another deputy with nothing recorded or released.
    const rows = (await apiCall(lp, 'GET', `/meetings/${meeting.id}/feedback`)).body.items;
    const untouched = (d) => rows.some((r) => r.poll_id === poll.id && r.deputy_id === d.id && r.feedback === null && !r.released);
    assert.ok(untouched(own), 'the demo leaves the demo deputy to this test');
    const other = poll.deputies.find((d) => d.id !== own.id && untouched(d));
    assert.ok(other, 'a deputy of the poll the demo has not fed back to');
    const ownKey = `${poll.id}-${own.id}`;
    const otherKey = `${poll.id}-${other.id}`;

    // --- the leader's home page lists the talk owed among their to-dos, linked as the bell links it ---
    await lp.goto(new URL('/', lp.url()).href);
    const todo = lp.locator(`[data-test="home-todo-feedback_due"][href="/meetings/${meeting.id}?tab=feedback"]`, { hasText: own.name });
    await todo.first().waitFor();
    assert.equal(await text(todo.first()), `${own.name} 的测评结果待谈话反馈（${meeting.title}）`);
    assert.ok(Number(await text(byTest(lp, 'home-todos-count'))) >= 2, 'the demo leaves two talks owed');
    await screenshot(lp, 'feedback-00-leader-home');

    // --- the leader's bell: the talk owed to the deputy, linked to the meeting's 会后反馈 tab ---
    await byTest(lp, 'notifications-bell').click();
    const owed = lp.locator(`[data-test="notification-feedback_due"][href="/meetings/${meeting.id}?tab=feedback"]`, { hasText: own.name });
    await owed.first().waitFor();
    assert.equal(await text(owed.first()), `${own.name} 的测评结果待谈话反馈（${meeting.title}）`);
    await popoverShown(lp, 'notifications-list');
    await screenshot(lp, 'feedback-00-leader-notifications');
    await owed.first().click();
    await lp.waitForURL(new RegExp(`/meetings/${meeting.id}\\?tab=feedback$`));

    // --- the leader's table: every deputy of the poll; nothing fed back to the demo deputy or released yet ---
    await byTest(lp, 'feedback-table').waitFor();
    for (const d of poll.deputies) await byTest(lp, `feedback-row-${poll.id}-${d.id}`).waitFor();
    assert.equal(await text(byTest(lp, `feedback-row-${ownKey}`)), own.name);
    assert.equal(await text(byTest(lp, `feedback-status-${ownKey}`).locator('[data-test="feedback-status-tag"]')), '未反馈');
    await byTest(lp, `feedback-release-${ownKey}`).waitFor();
    assert.equal(await lp.locator('[data-test="feedback-table"]').getByText('#').count(), 0, 'no internal ids shown');
    await screenshot(lp, 'feedback-01-leader-table');

    // --- the dialog: now and the leader's own name by default; a time before the meeting is refused ---
    await byTest(lp, `feedback-record-${ownKey}`).click();
    await byTest(lp, 'feedback-dialog').waitFor();
    const leaderName = (await apiCall(lp, 'GET', '/me')).body.user.display_name;
    assert.equal(leaderName, '第一代表小组 组长');
    assert.equal(await inputByTest(lp, 'feedback-form-given-by').inputValue(), leaderName);
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    assert.ok((await inputByTest(lp, 'feedback-form-given-at').inputValue()).startsWith(today), 'the talk defaults to now');
    await typeTime(lp, beijingPlus(meeting.starts_at, -48));
    await byTest(lp, 'feedback-form-submit').click();
    await byTest(lp, 'feedback-form-error').waitFor();
    assert.equal(await text(byTest(lp, 'feedback-form-error')), '输入有误：请按标红的提示修改后再保存。');
    assert.equal(await text(byTest(lp, 'feedback-dialog').locator('.el-form-item__error')), '不能早于述职会议开始的时间');
    await screenshot(lp, 'feedback-02-dialog-before-meeting');

    // --- recorded after the meeting, by phone, with the result released in the same step ---
    const givenAt = beijingPlus(meeting.starts_at, 3);
    const notes = '反馈测评等次和选民代表提出的三条意见，代表表示将加强与选民的联系。';
    await typeTime(lp, givenAt);
    await byTest(lp, 'feedback-method-phone').click();
    await lp.locator('textarea[data-test="feedback-form-notes"], [data-test="feedback-form-notes"] textarea').first().fill(notes);
    await byTest(lp, 'feedback-form-release').click();
    await screenshot(lp, 'feedback-03-dialog');
    await byTest(lp, 'feedback-form-submit').click();
    await lp.locator('.el-message--success', { hasText: `已记录与 ${own.name} 的谈话反馈，并已向其公开测评结果` }).waitFor();
    await byTest(lp, 'feedback-dialog').waitFor({ state: 'hidden' });
    const ownStatus = byTest(lp, `feedback-status-${ownKey}`);
    assert.equal(await text(ownStatus.locator('[data-test="feedback-status-tag"]')), '已反馈');
    assert.equal(await text(ownStatus.locator('[data-test="feedback-given"]')), `${givenAt}:00 · 电话 · 第一代表小组 组长`);
    assert.equal(await text(byTest(lp, `feedback-released-${ownKey}`)), '已公开');

    // --- another deputy's result released on its own: still no talk recorded ---
    await byTest(lp, `feedback-release-${otherKey}`).click();
    await confirmBox(lp, new RegExp(`将向 ${other.name} 本人公开测评结果`));
    await byTest(lp, `feedback-released-${otherKey}`).filter({ hasText: '已公开' }).waitFor();
    assert.equal(await text(byTest(lp, `feedback-status-${otherKey}`).locator('[data-test="feedback-status-tag"]')), '未反馈');
    await screenshot(lp, 'feedback-04-leader-recorded');

    // --- the deputy's bell asks to confirm the talk and leads to 我的测评结果, where they read and confirm it ---
    await dp.reload();
    await byTest(dp, 'notifications-bell').click();
    const toConfirm = dp.locator('[data-test="notification-feedback_to_confirm"][href="/my-results"]', { hasText: meeting.title });
    await toConfirm.first().waitFor();
    assert.match(await text(toConfirm.first()), /^请确认已收到「.+」的谈话反馈$/);
    await toConfirm.first().click();
    await dp.waitForURL(/\/my-results$/);
    const card = byTest(dp, `my-feedback-${poll.id}`);
    await card.waitFor();
    assert.equal(await text(card.locator('[data-test="my-feedback-meeting"]')), meeting.title);
    assert.equal(await text(card.locator('[data-test="my-feedback-given-at"]')), `${givenAt}:00`);
    assert.equal(await text(card.locator('[data-test="my-feedback-method"]')), '电话');
    assert.equal(await text(card.locator('[data-test="my-feedback-given-by"]')), '第一代表小组 组长');
    assert.equal(await text(card.locator('[data-test="my-feedback-notes"]')), notes);
    assert.equal(await text(card.locator('[data-test="my-feedback-released"]')), '已向您公开，见下方');
    await byTest(dp, `my-result-${poll.id}`).waitFor(); // released with the talk: the result is there too
    await screenshot(dp, 'feedback-05-deputy');
    await card.locator('[data-test="my-feedback-confirm"]').click();
    await dp.locator('.el-message--success', { hasText: '已确认收到谈话反馈' }).waitFor();
    const confirmed = card.locator('[data-test="my-feedback-confirmed"]');
    await confirmed.waitFor();
    assert.match(await text(confirmed), /^已确认 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(await card.locator('[data-test="my-feedback-confirm"]').count(), 0);
    const mine = await apiCall(dp, 'GET', '/me/feedback');
    assert.equal(mine.status, 200);
    assert.ok(mine.body.items.find((item) => item.poll_id === poll.id).confirmed_at, 'confirmed on the server');
    await screenshot(dp, 'feedback-06-deputy-confirmed');

    // --- the leader's table says 已确认, with when ---
    await openFeedbackTab(lp, meeting.id);
    const after = byTest(lp, `feedback-status-${ownKey}`);
    await after.locator('[data-test="feedback-status-tag"]', { hasText: '已确认' }).waitFor();
    assert.match(await text(after.locator('[data-test="feedback-confirmed-at"]')), /^代表已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 确认收到$/);
    await screenshot(lp, 'feedback-07-leader-confirmed');

    // --- a reviewer reads the same table, without a button ---
    await openFeedbackTab(rp, meeting.id);
    await byTest(rp, `feedback-status-${ownKey}`).locator('[data-test="feedback-status-tag"]', { hasText: '已确认' }).waitFor();
    assert.equal(await rp.locator('[data-test^="feedback-record-"], [data-test^="feedback-release-"]').count(), 0);

    assert.deepEqual(leader.pageErrors, []);
    assert.deepEqual(deputy.pageErrors, []);
    assert.deepEqual(reviewer.pageErrors, []);
  } finally {
    await leader.context.close();
    await deputy.context.close();
    await reviewer.context.close();
  }
});

test('计票未完成的测评：会后反馈表列出代表，但要等确认计票结果后才能记录', async () => {
  const leader = await openPage();
  try {
    const lp = leader.page;
    await logIn(lp, 'leader', DEMO_PASSWORD);
    // A meeting of the leader's group that began an hour ago: six phones vote, two paper sheets are
    // handed out, and the poll closes waiting for the sheets to be keyed.
    const startsAt = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 19) + '+08:00';
    const { meeting, poll } = await closedGroupPoll(lp, { title: '会后反馈（计票中）', startsAt, phones: 6, paper: 2 });
    assert.equal((await apiCall(lp, 'GET', `/meetings/${meeting.id}`)).body.polls[0].state, 'counting');

    await openFeedbackTab(lp, meeting.id);
    const first = poll.deputies[0];
    await byTest(lp, `feedback-row-${poll.id}-${first.id}`).waitFor();
    assert.equal(await lp.locator('[data-test^="feedback-record-"], [data-test^="feedback-release-"]').count(), 0, 'nothing to record yet');
    assert.match(await text(byTest(lp, 'feedback-table')), /计票中/);
    assert.match(await text(byTest(lp, 'feedback-table')), /计票完成后才能记录/);
    await screenshot(lp, 'feedback-08-counting');

    // The server says the same, in the user's language.
    const refused = await apiCall(lp, 'PUT', `/polls/${poll.id}/feedback/${first.id}`, {
      given_at: startsAt, method: 'in_person', given_by: '组长', notes: '', release: false,
    });
    assert.equal(refused.status, 412);
    assert.equal(refused.body.error.code, 'feedback.result_not_final');
    assert.deepEqual(leader.pageErrors, []);
  } finally {
    await leader.context.close();
  }
});
