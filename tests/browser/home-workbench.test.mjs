// Browser test of issue 16 §2, the home page as a workbench (工作台): each demo role logs in and
// finds its cards (every card of the role, 0 greyed), their counts as GET /me/workbench counts them
// and as the page a card leads to shows them, no visible id, and a click on a card landing on the
// page where that work is done. The deputy's report card shows its deadline; English is switchable.
//
// Same set-up as shell.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/home-workbench-*.png.
// Run: cd tests/browser && SHUZHI_BIN=$PWD/../../build/shuzhi node --test home-workbench.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, apiCall, byTest, logIn, openPage, screenshot, startAll, stopAll, text } from './harness.mjs';

const CARDS = {
  organizer: ['review_waiting', 'opinion_moderation', 'meetings_today', 'meetings_this_week', 'polls_open', 'results_to_sign_off'],
  group_leader: ['list_unconfirmed', 'review_waiting', 'opinion_moderation', 'opinions_unanswered', 'results_to_release'],
  deputy: ['my_report', 'opinions_to_answer', 'results_released'],
  reviewer: ['meetings_finished', 'summaries'],
};

before(async () => {
  await startAll();
});
after(stopAll);

const card = (page, role, kind) => byTest(page, `workbench-card-${role}-${kind}`);

/**
 * Logs in as `username` and checks the workbench against the API: the role's cards in order, each count
 * as the server counts it, zero counts greyed, and no "#<digits>" anywhere. Returns the API's cards by kind.
 */
async function openWorkbench(page, username, role) {
  await logIn(page, username, DEMO_PASSWORD);
  await byTest(page, `workbench-${role}`).waitFor();
  const { status, body } = await apiCall(page, 'GET', '/me/workbench');
  assert.equal(status, 200);
  const cards = Object.fromEntries(body.cards.filter((c) => c.role === role).map((c) => [c.kind, c]));
  assert.deepEqual(Object.keys(cards), CARDS[role], `${role}: the role's cards, in order`);
  const shown = await page.locator(`[data-test="workbench-${role}"] [data-test^="workbench-card-"]`).evaluateAll((links) => links.map((a) => a.dataset.test));
  assert.deepEqual(shown, CARDS[role].map((kind) => `workbench-card-${role}-${kind}`));
  for (const kind of CARDS[role]) {
    assert.equal(Number(await text(byTest(page, `workbench-count-${role}-${kind}`))), cards[kind].count, `${role} ${kind}`);
    const greyed = (await card(page, role, kind).getAttribute('class')).includes('is-zero');
    assert.equal(greyed, cards[kind].count === 0, `${role} ${kind}: greyed exactly when 0`);
  }
  const bodyText = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(bodyText, /#\d+/, 'no visible id on the home page');
  assert.match(await text(byTest(page, 'workbench-today')), new RegExp(body.today));
  // The greeting and the role tags stay.
  await byTest(page, 'home-welcome').waitFor();
  await byTest(page, `role-${role}`).first().waitFor();
  return cards;
}

/** Clicks the card and waits for the route it names (path and tab). */
async function follow(page, role, kind, path) {
  await card(page, role, kind).click();
  await page.waitForURL((url) => url.pathname + url.search === path);
}

test('organizer: reports to review lead to the campaign progress, with as many submitted', async () => {
  const { page, context, pageErrors } = await openPage();
  try {
    const cards = await openWorkbench(page, 'organizer', 'organizer');
    assert.ok(cards.review_waiting.count > 0, 'the demo has submitted reports');
    await screenshot(page, 'home-workbench-organizer');
    const link = cards.review_waiting.link;
    assert.equal(link.page, 'campaign');
    assert.equal(link.tab, 'progress');
    await follow(page, 'organizer', 'review_waiting', `/campaigns/${link.campaign_id}?tab=progress`);
    await byTest(page, 'progress-table').waitFor();
    // The tag reads "已提交 4".
    assert.equal(Number((await text(byTest(page, 'progress-count-submitted'))).match(/\d+/)?.[0]), cards.review_waiting.count);
    // Opinions to moderate: the moderation page.
    await page.goBack();
    await follow(page, 'organizer', 'opinion_moderation', '/opinions/pending');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('group leader: the list to confirm, the results to release and the group opinions, each where it is done', async () => {
  const { page, context, pageErrors } = await openPage();
  try {
    const cards = await openWorkbench(page, 'leader', 'group_leader');
    await screenshot(page, 'home-workbench-leader');
    assert.ok(cards.list_unconfirmed.count > 0, 'the demo leaves the list unconfirmed');
    assert.ok(cards.results_to_release.count > 0, 'the demo leaves private results to release');

    const list = cards.list_unconfirmed.link;
    await follow(page, 'group_leader', 'list_unconfirmed', `/campaigns/${list.campaign_id}?tab=deputies`);
    await byTest(page, 'list-table').waitFor();
    // As many listed deputies of the leader's group, none confirmed yet.
    const me = await apiCall(page, 'GET', '/me');
    const group = me.body.user.roles[0].group_id;
    await byTest(page, `list-confirm-${group}`).waitFor();

    await page.goBack();
    const release = cards.results_to_release.link;
    assert.equal(release.page, 'meeting');
    await follow(page, 'group_leader', 'results_to_release', `/meetings/${release.meeting_id}?tab=feedback`);
    await byTest(page, 'feedback-table').waitFor();
    // The table is drawn empty before the meeting's feedback list arrives: wait for its rows.
    const releaseButtons = page.locator('[data-test^="feedback-release-"]');
    await releaseButtons.first().waitFor();
    const releasable = await releaseButtons.count();
    assert.equal(releasable, cards.results_to_release.count, 'a release button per result waiting');

    await page.goBack();
    await follow(page, 'group_leader', 'opinions_unanswered', `/registry/groups/${group}?tab=opinions`);
    await byTest(page, 'group-opinions').waitFor();
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('deputy: the report card shows the deadline and opens the report; English is switchable', async () => {
  const { page, context, pageErrors } = await openPage();
  try {
    const cards = await openWorkbench(page, 'deputy', 'deputy');
    await screenshot(page, 'home-workbench-deputy');
    const report = cards.my_report.report;
    assert.ok(report, 'the demo deputy reports this year');
    assert.equal(cards.my_report.count, 1, 'the demo leaves their report to write');
    const hint = await text(byTest(page, 'workbench-hint-deputy-my_report'));
    assert.ok(hint.includes(report.deadline), `the deadline is shown: ${hint}`);
    assert.ok(hint.includes(String(Math.abs(report.days_left))), `the days are shown: ${hint}`);
    const overdue = (await byTest(page, 'workbench-hint-deputy-my_report').getAttribute('class')).includes('is-overdue');
    assert.equal(overdue, report.days_left < 0, 'a passed deadline is shown as overdue');

    await byTest(page, 'lang-switch').click();
    await byTest(page, 'lang-option-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await text(byTest(page, 'home-workbench')), /Workbench/);
    assert.match(await text(card(page, 'deputy', 'my_report')), /My duty report/);
    await byTest(page, 'lang-switch').click();
    await byTest(page, 'lang-option-zh-CN').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

    await follow(page, 'deputy', 'my_report', `/my-reports/${cards.my_report.link.campaign_id}`);
    await byTest(page, 'report-page').waitFor();
    await page.goBack();
    await follow(page, 'deputy', 'results_released', '/my-results');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('reviewer: finished meetings and summaries as the campaigns show them, and where they lead', async () => {
  const { page, context, pageErrors } = await openPage();
  try {
    const cards = await openWorkbench(page, 'reviewer', 'reviewer');
    await screenshot(page, 'home-workbench-reviewer');
    // Counted from the campaign and meeting lists: finished meetings of active or closed campaigns,
    // and the campaigns holding one.
    let finished = 0;
    let withFinished = 0;
    for (const c of (await apiCall(page, 'GET', '/campaigns')).body.items) {
      if (c.state !== 'active' && c.state !== 'closed') continue;
      const meetings = (await apiCall(page, 'GET', `/campaigns/${c.id}/meetings`)).body.items.filter((m) => m.state === 'finished');
      finished += meetings.length;
      withFinished += meetings.length > 0 ? 1 : 0;
    }
    assert.ok(finished > 0, 'the demo holds finished meetings');
    assert.equal(cards.meetings_finished.count, finished);
    assert.equal(cards.summaries.count, withFinished);
    const path = (link) =>
      link.page === 'campaign' ? `/campaigns/${link.campaign_id}` : link.page === 'meeting' ? `/meetings/${link.meeting_id}?tab=results` : '/campaigns';
    await follow(page, 'reviewer', 'summaries', path(cards.summaries.link));
    await byTest(page, cards.summaries.link.page === 'campaigns' ? 'campaigns-table' : 'campaign-summary').waitFor();
    await page.goBack();
    await follow(page, 'reviewer', 'meetings_finished', path(cards.meetings_finished.link));
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
