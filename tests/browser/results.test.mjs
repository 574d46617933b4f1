// Browser test of a deputy's own results (我的测评结果, /my-results) and of who may release a private
// result (公开结果) on the meeting's 结果 tab.
//
// The demo data holds a finished private voter meeting of the first deputy group whose poll
// includes the demo `deputy` user's deputy. Before the group leader releases it, the deputy's page
// has nothing from that poll; after the release it shows one card with the deputy's own row and
// grade, and no other deputy of that poll. A reviewer sees the private result but no release button.
// Same set-up as shell.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/results-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiCall, byTest, confirmBox, DEMO_PASSWORD, logIn, openPage, screenshot, startAll, stopAll, text } from './harness.mjs';
import { closedGroupPoll, findDemoGroupMeeting, openTab } from './meeting-helpers.mjs';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

test('a deputy sees their own result only after the group leader released it; reviewers cannot release', async () => {
  const deputy = await openPage();
  const leader = await openPage();
  const reviewer = await openPage();
  try {
    const dp = deputy.page;
    const lp = leader.page;
    const rp = reviewer.page;
    await logIn(dp, 'deputy', DEMO_PASSWORD);
    await logIn(lp, 'leader', DEMO_PASSWORD);
    await logIn(rp, 'reviewer', DEMO_PASSWORD);

    // The deputy user's own deputy, from their role grant.
    const me = (await apiCall(dp, 'GET', '/me')).body.user;
    const ownDeputyIds = me.roles.filter((grant) => grant.role === 'deputy').map((grant) => grant.deputy_id);
    assert.ok(ownDeputyIds.length > 0, 'the demo deputy user holds a deputy role');

    const meeting = await findDemoGroupMeeting(lp);
    assert.equal(meeting.disclosure, 'private');
    assert.equal(meeting.may_run, true, 'the group leader runs their group meeting');
    const poll = meeting.polls.find((p) => p.state === 'final' && p.deputies.some((d) => ownDeputyIds.includes(d.id)));
    assert.ok(poll, 'a final poll of the demo meeting includes the deputy');
    const own = poll.deputies.find((d) => ownDeputyIds.includes(d.id));
    const others = poll.deputies.filter((d) => d.id !== own.id);
    assert.ok(others.length > 0, 'the poll has other deputies too');

    // --- before the release: nothing of this poll on the deputy's page ---
    const before = await apiCall(dp, 'GET', '/me/results');
    assert.equal(before.status, 200);
    assert.equal(before.body.items.filter((item) => item.poll_id === poll.id).length, 0, 'not released yet');
    await byTest(dp, 'menu-myResults').click();
    await dp.waitForURL(/\/my-results$/);
    await byTest(dp, 'my-results-page').waitFor();
    if (before.body.items.length === 0) {
      await byTest(dp, 'my-results-empty').waitFor();
      assert.match(await text(byTest(dp, 'my-results-empty')), /测评结果由代表小组组长反馈后在此显示；当场宣布的结果在会议结束后显示。/);
      await screenshot(dp, 'results-00-deputy-empty');
    } else {
      // Announced results (e.g. the committee's) are there at once.
      await byTest(dp, `my-result-${before.body.items[0].poll_id}`).waitFor();
      assert.equal(await byTest(dp, 'my-results-empty').count(), 0);
    }
    assert.equal(await byTest(dp, `my-result-${poll.id}`).count(), 0);

    // --- a reviewer sees the private result but no 公开结果 button ---
    const reviewerMeeting = await apiCall(rp, 'GET', `/meetings/${meeting.id}`);
    assert.equal(reviewerMeeting.status, 200);
    assert.equal(reviewerMeeting.body.may_run, false);
    await rp.goto(`${baseUrl}/meetings/${meeting.id}`);
    await byTest(rp, 'meeting-page').waitFor();
    await openTab(rp, 'results');
    const reviewerPoll = byTest(rp, `result-poll-${poll.id}`);
    await reviewerPoll.locator(`[data-test="result-row-${own.id}"]`).waitFor();
    await reviewerPoll.locator(`[data-test="result-not-released-${own.id}"]`).waitFor();
    assert.equal(await rp.locator('[data-test^="result-release-"]').count(), 0, 'no release button for a reviewer');
    await screenshot(rp, 'results-01-reviewer-no-release');

    // --- the group leader releases the deputy's result on the 结果 tab ---
    const result = await apiCall(lp, 'GET', `/polls/${poll.id}/result`);
    assert.equal(result.status, 200);
    assert.ok(result.body.available);
    const ownRow = result.body.result.deputies.find((d) => d.deputy_id === own.id);
    await lp.goto(`${baseUrl}/meetings/${meeting.id}`);
    await byTest(lp, 'meeting-page').waitFor();
    await openTab(lp, 'results');
    await byTest(lp, `result-release-${poll.id}-${own.id}`).click();
    await confirmBox(lp, new RegExp(`将向 ${own.name} 本人公开测评结果`));
    await byTest(lp, `result-released-${own.id}`).waitFor();

    // --- after the release: one card of this poll with the deputy's own row only ---
    const after = await apiCall(dp, 'GET', '/me/results');
    assert.equal(after.status, 200);
    assert.equal(after.body.items.filter((item) => item.poll_id === poll.id).length, 1);
    await dp.reload();
    const card = byTest(dp, `my-result-${poll.id}`);
    await card.waitFor();
    assert.equal(await byTest(dp, 'my-results-empty').count(), 0);
    assert.equal(await text(card.locator('[data-test="my-result-meeting"]')), meeting.title);
    assert.equal(await text(card.locator('[data-test="my-result-name"]')), own.name);
    assert.equal(await card.locator('[data-test^="my-result-row-"]').count(), 1);
    if (ownRow.withheld) {
      assert.equal(await text(card.locator('[data-test="my-result-withheld"]')), `有效票少于 ${result.body.result.min_valid_votes} 张，不公布`);
      assert.equal(await card.locator('[data-test="my-result-grade"]').count(), 0);
    } else {
      const gradeLabel = result.body.result.scale.find((option) => option.code === ownRow.grade).label;
      assert.equal(await text(card.locator('[data-test="my-result-grade"]')), gradeLabel);
      assert.equal(await text(card.locator('[data-test="my-result-valid"]')), String(ownRow.valid));
      assert.equal(await text(card.locator('[data-test="my-result-approval"]')), `${ownRow.approval_percent}%`);
    }
    const pageText = await text(byTest(dp, 'my-results-page'));
    for (const other of others) assert.ok(!pageText.includes(other.name), `another deputy's name (${other.name}) is not shown`);
    await screenshot(dp, 'results-02-deputy-my-results');

    assert.deepEqual(deputy.pageErrors, []);
    assert.deepEqual(leader.pageErrors, []);
    assert.deepEqual(reviewer.pageErrors, []);
  } finally {
    await deputy.context.close();
    await leader.context.close();
    await reviewer.context.close();
  }
});

test('a withheld private result says how many valid votes it needed and offers nothing to release', async () => {
  const leader = await openPage();
  try {
    const lp = leader.page;
    await logIn(lp, 'leader', DEMO_PASSWORD);
    // Three phones vote in the group's meeting: below the plan's minimum of valid votes.
    const { campaign, meeting, poll } = await closedGroupPoll(lp, { title: '少数票测评', startsAt: '2026-12-05T09:00:00+08:00', phones: 3 });

    await lp.goto(`${baseUrl}/meetings/${meeting.id}`);
    await byTest(lp, 'meeting-page').waitFor();
    await openTab(lp, 'results');
    const section = byTest(lp, `result-poll-${poll.id}`);
    await section.locator('[data-test="result-withheld"]').first().waitFor();
    const minimum = campaign.spec.min_valid_votes;
    for (const d of poll.deputies) {
      const row = section.locator(`[data-test="result-row-${d.id}"]`);
      assert.equal(await text(row.locator('[data-test="result-withheld"]')), `有效票少于 ${minimum} 张，不公布`);
      assert.equal(await row.locator('[data-test^="result-release-"]').count(), 0, `no release for ${d.name}`);
      await row.locator(`[data-test="result-nothing-to-release-${d.id}"]`).waitFor();
    }
    assert.equal(await section.locator(`[data-test="result-chart-${poll.id}"]`).count(), 0, 'no empty chart');
    await screenshot(lp, 'results-withheld-leader');
    assert.deepEqual(leader.pageErrors, []);
  } finally {
    await leader.context.close();
  }
});
