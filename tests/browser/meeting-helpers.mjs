// What the meeting browser tests share (meeting.test.mjs, meeting-plans.test.mjs,
// meeting-projector.test.mjs): the demo's campaigns, and the steps of a meeting taken on its pages
// or, for ballots, through the public API as a phone would. Each test file starts its own server
// (harness.mjs); these read its address when called.

import assert from 'node:assert/strict';
import { apiCall, baseUrlOf, byTest, inputByTest, text } from './harness.mjs';

export const COMMITTEE_CAMPAIGN = 2; // demo: 常委会评议, results announced
export const VOTER_CAMPAIGN = 1; // demo: 选民评议, results fed back privately
export const VOTER_GROUP = 2; // demo: the leader's group

export async function openTab(page, name) {
  await page.locator(`#tab-${name}`).click();
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
