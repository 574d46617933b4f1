// What the meeting browser tests share (meeting*.test.mjs, results.test.mjs, feedback.test.mjs): the
// demo's campaigns and meetings, and the steps of a meeting taken on its pages or, for ballots,
// through the public API as a phone would. Each test file starts its own server
// (harness.mjs); these read its address when called.

import assert from 'node:assert/strict';
import { apiCall, baseUrlOf, byTest, inputByTest, printCarrierCodes, text } from './harness.mjs';

export const COMMITTEE_CAMPAIGN = 2; // demo: 常委会评议, results announced
export const VOTER_CAMPAIGN = 1; // demo: 选民评议, results fed back privately
export const VOTER_GROUP = 2; // demo: the leader's group

export async function openTab(page, name) {
  await page.locator(`#tab-${name}`).click();
}

/** The demo's finished private meeting of the first deputy group (its poll is final), as `page`'s user sees it. */
export async function findDemoGroupMeeting(page) {
  const campaigns = await apiCall(page, 'GET', '/campaigns');
  assert.equal(campaigns.status, 200);
  for (const campaign of campaigns.body.items) {
    const meetings = await apiCall(page, 'GET', `/campaigns/${campaign.id}/meetings`);
    if (meetings.status !== 200) continue;
    const summary = meetings.body.items.find((m) => m.state === 'finished' && m.title.includes('第一代表小组'));
    if (!summary) continue;
    const meeting = await apiCall(page, 'GET', `/meetings/${summary.id}`);
    assert.equal(meeting.status, 200);
    return meeting.body;
  }
  assert.fail('the demo has no finished meeting of the first deputy group');
}

/**
 * A meeting of the logged-in leader's deputy group in the demo's private campaign, driven through
 * the API to a closed poll: `phones` evaluators check in with a phone slip and each votes the best
 * option for every deputy, `paper` more check in with a paper sheet that is not keyed. The poll is
 * then final without paper, or counting until the sheets are keyed. Returns { campaign, meeting,
 * poll } as created.
 */
export async function closedGroupPoll(page, { title, startsAt, phones, paper = 0 }) {
  const me = (await apiCall(page, 'GET', '/me')).body.user;
  const group = me.roles.find((grant) => grant.role === 'group_leader').group_id;
  const campaign = (await apiCall(page, 'GET', '/campaigns')).body.items.find((c) => c.spec.disclosure === 'private');
  const created = await apiCall(page, 'POST', `/campaigns/${campaign.id}/meetings`, {
    title, starts_at: startsAt, venue: '村委会', group_id: group, poll_mode: 'sheet',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const meeting = created.body;
  const poll = meeting.polls[0];
  const codes = await printCarrierCodes(page, meeting.id, 'phone', phones);
  if (paper) await printCarrierCodes(page, meeting.id, 'paper', paper);
  const evaluators = meeting.attendees.filter((a) => a.role === 'evaluator').slice(0, phones + paper);
  for (const [index, a] of evaluators.entries()) {
    const channel = index < phones ? 'phone' : 'paper';
    assert.equal((await apiCall(page, 'POST', `/meetings/${meeting.id}/attendees/${a.id}/check-in`, { channel })).status, 204);
  }
  assert.equal((await apiCall(page, 'POST', `/polls/${poll.id}/open`)).status, 204);
  const choices = poll.deputies.map((d) => ({ deputy_id: d.id, option: meeting.scale[0].code }));
  for (const code of codes) await castApi(code, poll.id, choices);
  assert.equal((await apiCall(page, 'POST', `/polls/${poll.id}/close`)).status, 204);
  return { campaign, meeting, poll };
}

/** Creates a meeting in the campaign's 述职会议 tab and lands on the meeting page; returns the meeting. */
export async function createMeeting(page, campaignId, { title, scope, mode, deputies }) {
  await page.goto(`${baseUrlOf()}/campaigns/${campaignId}`);
  await openTab(page, 'meetings');
  await byTest(page, 'meeting-create').click();
  await byTest(page, 'meeting-create-dialog').waitFor();
  await inputByTest(page, 'meeting-form-title').fill(title);
  await byTest(page, `meeting-scope-${scope}`).click();
  await inputByTest(page, 'meeting-form-venue').fill('机关三楼会议室');
  await byTest(page, `meeting-mode-${mode}`).click();
  for (const id of deputies) await byTest(page, `meeting-deputy-${id}`).click();
  await byTest(page, 'meeting-form-submit').click();
  await page.waitForURL(/\/meetings\/\d+$/);
  await byTest(page, 'meeting-page').waitFor();
  assert.equal(await text(byTest(page, 'meeting-title')), title);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const { status, body } = await apiCall(page, 'GET', `/meetings/${id}`);
  assert.equal(status, 200);
  return body;
}

/** Checks evaluators in on the 签到 tab, one button per attendee. */
export async function checkIn(page, attendees, channel) {
  for (const attendee of attendees) {
    await byTest(page, `checkin-${channel}-${attendee.id}`).click();
    await byTest(page, `checkin-done-${attendee.id}`).waitFor();
  }
}

/**
 * Casts a ballot from Node through the public API, as a phone does (no session, no cookie): the
 * ballot routes refuse a request that carries a staff session.
 */
export async function castApi(code, pollId, choices) {
  const response = await fetch(`${baseUrlOf()}/api/v1/public/ballot/cast`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, poll_id: pollId, choices }),
  });
  const body = await response.json().catch(() => null);
  assert.equal(response.status, 200, `cast: HTTP ${response.status} ${JSON.stringify(body)}`);
  assert.ok(body.receipt);
}
