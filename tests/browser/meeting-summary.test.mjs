// Browser test of the end of a plan-1 meeting (issue 13), in Chinese: the chair switches the
// projector to the summary of every deputy's announced result from the console, the hall screen
// lists them all at once in large type, and the meeting page's 会议记录 (PDF) button opens the
// minutes. Same set-up as shell.test.mjs (see harness.mjs). Screenshots:
// <repo>/build/screenshots/meeting-summary-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { contrastRatio, textColours } from './a11y.mjs';
import { apiCall, byTest, DEMO_PASSWORD, logIn, openPage, printCarrierCodes, screenshot, startAll, stopAll, text } from './harness.mjs';
import { castApi, COMMITTEE_CAMPAIGN, openTab } from './meeting-helpers.mjs';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

/** A plan-1 meeting of up to eight deputies, each in a poll of their own, every poll final. */
async function meetingWithResults(page) {
  const reporting = (await apiCall(page, 'GET', `/campaigns/${COMMITTEE_CAMPAIGN}/deputies`)).body.items.slice(0, 8);
  assert.ok(reporting.length >= 3, 'the demo committee campaign lists at least three deputies');
  const created = await apiCall(page, 'POST', `/campaigns/${COMMITTEE_CAMPAIGN}/meetings`, {
    title: '述职评议会（结果汇总）',
    group_id: null,
    starts_at: '2026-11-28T09:00:00+08:00',
    venue: '常委会议室',
    poll_mode: 'per_deputy',
    deputy_ids: reporting.map((d) => d.deputy_id),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const meeting = created.body;
  const codes = await printCarrierCodes(page, meeting.id, 'phone', 6);
  for (const a of meeting.attendees.filter((x) => x.role === 'evaluator').slice(0, 6)) {
    assert.equal((await apiCall(page, 'POST', `/meetings/${meeting.id}/attendees/${a.id}/check-in`, { channel: 'phone' })).status, 204);
  }
  // Deputy k gets k % 4 ballots of the worst option and, for odd k, one of the middle one, the rest
  // the best: rates and grades differ.
  for (const [k, poll] of meeting.polls.entries()) {
    assert.equal((await apiCall(page, 'POST', `/polls/${poll.id}/open`)).status, 204);
    for (const [i, code] of codes.entries()) {
      const worst = k % 4;
      const option = meeting.scale[i < worst ? 2 : i < worst + (k % 2) ? 1 : 0].code;
      await castApi(code, poll.id, [{ deputy_id: poll.deputies[0].id, option }]);
    }
    assert.equal((await apiCall(page, 'POST', `/polls/${poll.id}/close`)).status, 204);
  }
  return meeting;
}

test('projector summary: the chair shows every announced result at once, readable from the back of the hall', async () => {
  const organizer = await openPage();
  const projector = await openPage({ viewport: { width: 1920, height: 1080 } });
  const page = organizer.page;
  const pp = projector.page;
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    const meeting = await meetingWithResults(page);
    await page.goto(`${baseUrl}/meetings/${meeting.id}`);
    await openTab(page, 'console');
    await byTest(page, 'console-panel').waitFor();
    await pp.goto(`${baseUrl}/p/${meeting.projector_token}`);
    await byTest(pp, 'projector-title').waitFor();
    assert.equal(await byTest(pp, 'projector-summary').count(), 0, 'not before the chair switches to it');

    await byTest(page, 'console-summary').click();
    await page.waitForFunction(() => document.querySelector('[data-test="console-now"]')?.textContent?.includes('测评结果汇总'));
    await screenshot(page, 'meeting-summary-0-console');
    await byTest(pp, 'projector-summary').waitFor();
    assert.match(await text(byTest(pp, 'projector-summary')), /测评结果汇总/);

    // One row per deputy, in agenda order, as the server's summary has them.
    const state = (await (await fetch(`${baseUrl}/api/v1/public/projector/${meeting.projector_token}`)).json());
    assert.equal(state.summary.length, meeting.polls.length);
    for (const [i, row] of state.summary.entries()) {
      assert.equal(row.status, 'announced');
      const shown = byTest(pp, `projector-summary-row-${i}`);
      assert.equal(await text(shown.locator('[data-test="projector-summary-name"]')), row.name);
      assert.equal(await text(shown.locator('[data-test="projector-summary-rate"]')), `${row.approval_percent}%`);
      assert.equal(await text(shown.locator('[data-test="projector-summary-grade"]')), row.grade_label);
    }
    assert.equal(state.summary[0].approval_percent, '100.0');
    // Large type: each row at least 4 % of the screen's height, the text at least half of that.
    const sizes = await pp.evaluate(() =>
      [...document.querySelectorAll('[data-test^="projector-summary-row-"]')].map((row) => ({
        height: row.getBoundingClientRect().height,
        font: parseFloat(getComputedStyle(row).fontSize),
        bottom: row.getBoundingClientRect().bottom,
      })),
    );
    for (const size of sizes) {
      assert.ok(size.height >= 0.04 * 1080 - 0.5, `row height ${size.height}px`);
      assert.ok(size.font >= 0.02 * 1080, `font ${size.font}px`);
      assert.ok(size.bottom <= 1080, 'every row on the screen without scrolling');
    }
    // Every text at least 7:1 against what is behind it (WCAG 2.1 AAA, 1.4.6): a projector washes colours out.
    for (const item of await textColours(pp, '[data-test="projector"]')) {
      const ratio = contrastRatio(item.color, item.background);
      assert.ok(!item.unknown && ratio >= 7, `"${item.text}" contrast ${ratio.toFixed(2)}: ${item.color} on ${item.background}`);
    }
    await screenshot(pp, 'meeting-summary-1-projector');

    // Choosing an agenda stage leaves the summary.
    await byTest(page, 'console-goto-0-remarks').click();
    await byTest(pp, 'projector-summary').waitFor({ state: 'hidden' });
    await byTest(pp, 'projector-speaker').waitFor();

    // The minutes open as a PDF from the meeting page's header.
    const [minutes] = await Promise.all([page.context().waitForEvent('page'), byTest(page, 'meeting-minutes').click()]);
    assert.match(minutes.url(), /^blob:/);
    await minutes.close();
    assert.deepEqual(organizer.pageErrors, []);
    assert.deepEqual(projector.pageErrors, []);
  } finally {
    await organizer.context.close();
    await projector.context.close();
  }
});
