// Browser test of the meeting's projector page (no login, live over server-sent events): the count
// of ballots following each ballot as it is cast, through the stream's `count` events alone; when the
// connection fails: the event stream dropping and coming back, and the server restarting, each time
// showing the current state again without a reload; and an announced result's legibility in the hall
// (rows of at least 4 % of the screen's height, text contrast of at least 7:1; issue 16 §3). Same
// set-up as shell.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/meeting-restart-*.png
// and meeting-projector-result-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { contrastRatio, textColours } from './a11y.mjs';
import { apiCall, byTest, DEMO_PASSWORD, logIn, openPage, printCarrierCodes, restartServer, screenshot, startAll, stopAll, text } from './harness.mjs';
import { castApi, COMMITTEE_CAMPAIGN } from './meeting-helpers.mjs';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

test('projector: the count of ballots follows each ballot through the stream, without a reload or a fetch', async () => {
  const organizer = await openPage();
  const projector = await openPage();
  try {
    const page = organizer.page;
    await logIn(page, 'organizer', DEMO_PASSWORD);
    const reporting = (await apiCall(page, 'GET', `/campaigns/${COMMITTEE_CAMPAIGN}/deputies`)).body.items.slice(0, 2);
    const created = await apiCall(page, 'POST', `/campaigns/${COMMITTEE_CAMPAIGN}/meetings`, {
      title: '实时计数测试会议',
      group_id: null,
      starts_at: '2026-11-28T09:00:00+08:00',
      venue: '',
      poll_mode: 'sheet',
      deputy_ids: reporting.map((d) => d.deputy_id),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const meeting = created.body;
    const poll = meeting.polls[0];
    const codes = await printCarrierCodes(page, meeting.id, 'phone', 3);
    for (const a of meeting.attendees.filter((x) => x.role === 'evaluator').slice(0, 3)) {
      assert.equal((await apiCall(page, 'POST', `/meetings/${meeting.id}/attendees/${a.id}/check-in`, { channel: 'phone' })).status, 204);
    }
    assert.equal((await apiCall(page, 'POST', `/meetings/${meeting.id}/console`, { kind: 'goto', item: 0, stage: 'evaluation' })).status, 200);
    assert.equal((await apiCall(page, 'POST', `/polls/${poll.id}/open`)).status, 204);

    const pp = projector.page;
    await pp.goto(`${baseUrl}/p/${meeting.projector_token}`);
    const voted = byTest(pp, `projector-poll-${poll.id}`).locator('[data-test="projector-voted"]');
    await voted.filter({ hasText: /^0 \/ 3/ }).waitFor();
    // From here on, a state fetched again (a reload, or the page asking the API) would hide what the
    // stream does: count them.
    let fetched = 0;
    pp.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/v1/public/projector/') && !path.endsWith('/events')) fetched += 1;
    });
    await pp.evaluate(() => (window.__sameDocument = true));
    for (const [i, code] of codes.entries()) {
      await castApi(code, poll.id, poll.deputies.map((d, k) => ({ deputy_id: d.id, option: meeting.scale[(i + k) % meeting.scale.length].code })));
      await voted.filter({ hasText: new RegExp(`^${i + 1} / 3`) }).waitFor({ timeout: 5000 });
    }
    assert.equal(fetched, 0, 'the counts came through the event stream');
    assert.equal(await pp.evaluate(() => window.__sameDocument), true, 'the projector page was not reloaded');
    await screenshot(pp, 'meeting-projector-live-count');
    assert.deepEqual(projector.pageErrors, []);
  } finally {
    await organizer.context.close();
    await projector.context.close();
  }
});

test('projector: survives the event stream dropping and shows the current state after reconnecting', async () => {
  const organizer = await openPage();
  const projector = await openPage();
  try {
    const page = organizer.page;
    await logIn(page, 'organizer', DEMO_PASSWORD);
    const reporting = (await apiCall(page, 'GET', `/campaigns/${COMMITTEE_CAMPAIGN}/deputies`)).body.items;
    const created = await apiCall(page, 'POST', `/campaigns/${COMMITTEE_CAMPAIGN}/meetings`, {
      title: '断线重连测试会议',
      group_id: null,
      starts_at: '2026-11-28T09:00:00+08:00',
      venue: '',
      poll_mode: 'per_deputy',
      deputy_ids: reporting.slice(0, 2).map((d) => d.deputy_id),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const meeting = created.body;
    const console_ = (body) => apiCall(page, 'POST', `/meetings/${meeting.id}/console`, body);
    assert.equal((await console_({ kind: 'goto', item: 0, stage: 'report' })).status, 200);

    const pp = projector.page;
    // The event stream fails while `dropping` holds (every reconnection attempt is aborted); the page
    // shows the state it fetched and says it is reconnecting.
    let dropping = true;
    let aborted = 0;
    await pp.route('**/events', (route) => {
      if (!dropping) return route.continue();
      aborted += 1;
      return route.abort('connectionreset');
    });
    await pp.goto(`${baseUrl}/p/${meeting.projector_token}`);
    await byTest(pp, 'projector-speaker').filter({ hasText: reporting[0].name }).waitFor();
    await byTest(pp, 'projector-reconnecting').waitFor({ timeout: 15_000 });
    assert.ok(aborted >= 1);
    // Meanwhile the chair moves on; the projector cannot hear it yet.
    assert.equal((await console_({ kind: 'goto', item: 1, stage: 'questions' })).status, 200);
    await pp.waitForTimeout(300);
    assert.match(await text(byTest(pp, 'projector-speaker')), new RegExp(reporting[0].name));
    // The network is back: the stream reconnects by itself and the page refetches the current state.
    dropping = false;
    await byTest(pp, 'projector-reconnecting').waitFor({ state: 'hidden', timeout: 15_000 });
    await byTest(pp, 'projector-speaker').filter({ hasText: reporting[1].name }).waitFor();
    assert.match(await text(byTest(pp, 'projector-stage')), /提问/);
    // And it follows live changes again.
    assert.equal((await console_({ kind: 'goto', item: 1, stage: 'evaluation' })).status, 200);
    await byTest(pp, 'projector-stage').filter({ hasText: '测评' }).waitFor();
    assert.deepEqual(projector.pageErrors, []);
  } finally {
    await organizer.context.close();
    await projector.context.close();
  }
});

test('projector: survives a server restart and follows the console afterwards, without reloading', async (t) => {
  const organizer = await openPage();
  const projector = await openPage({ viewport: { width: 1600, height: 900 } });
  const page = organizer.page;
  const pp = projector.page;
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    const reporting = (await apiCall(page, 'GET', `/campaigns/${COMMITTEE_CAMPAIGN}/deputies`)).body.items;
    const created = await apiCall(page, 'POST', `/campaigns/${COMMITTEE_CAMPAIGN}/meetings`, {
      title: '重启测试会议',
      group_id: null,
      starts_at: '2026-11-28T09:00:00+08:00',
      venue: '',
      poll_mode: 'per_deputy',
      deputy_ids: reporting.slice(0, 2).map((d) => d.deputy_id),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const meeting = created.body;
    assert.equal((await apiCall(page, 'POST', `/meetings/${meeting.id}/console`, { kind: 'goto', item: 0, stage: 'report' })).status, 200);

    await page.goto(`${baseUrl}/meetings/${meeting.id}?tab=console`);
    await byTest(page, 'console-panel').waitFor();
    await pp.goto(`${baseUrl}/p/${meeting.projector_token}`);
    await byTest(pp, 'projector-speaker').filter({ hasText: reporting[0].name }).waitFor();
    await pp.evaluate(() => (window.__sameDocument = true));
    let navigations = 0;
    pp.on('framenavigated', (frame) => frame === pp.mainFrame() && (navigations += 1));

    // The server process stops and starts again on the same port and data directory.
    const down = Date.now();
    await restartServer(async () => {
      await byTest(pp, 'projector-reconnecting').waitFor({ timeout: 15_000 });
      await screenshot(pp, 'meeting-restart-1-projector-reconnecting');
    });
    t.diagnostic(`server restarted in ${Date.now() - down} ms`);

    // The chair moves on from the console (the same browser session, no new login).
    await byTest(page, 'console-goto-1-questions').click();
    await page.waitForFunction((name) => document.querySelector('[data-test="console-now"]')?.textContent?.includes(`${name} · 提问`), reporting[1].name);
    // The projector, not reloaded, reconnects by itself and shows the new state.
    await byTest(pp, 'projector-speaker').filter({ hasText: reporting[1].name }).waitFor({ timeout: 20_000 });
    assert.match(await text(byTest(pp, 'projector-stage')), /提问/);
    await byTest(pp, 'projector-reconnecting').waitFor({ state: 'hidden' });
    // And follows live again.
    await byTest(page, 'console-goto-1-evaluation').click();
    await byTest(pp, 'projector-stage').filter({ hasText: '测评' }).waitFor();
    assert.equal(await pp.evaluate(() => window.__sameDocument), true, 'the projector page was not reloaded');
    assert.equal(navigations, 0);
    await screenshot(pp, 'meeting-restart-2-projector-after');
    assert.deepEqual(projector.pageErrors, []);
  } finally {
    await organizer.context.close();
    await projector.context.close();
  }
});

test('projector: an announced result is readable from the back of a 200-seat hall (rows of 4 % of the screen, contrast of 7:1)', async (t) => {
  const organizer = await openPage();
  const page = organizer.page;
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    // One poll over up to twelve deputies (a sheet): the most rows a hall screen shows at once.
    const reporting = (await apiCall(page, 'GET', `/campaigns/${COMMITTEE_CAMPAIGN}/deputies`)).body.items.slice(0, 12);
    const created = await apiCall(page, 'POST', `/campaigns/${COMMITTEE_CAMPAIGN}/meetings`, {
      title: '投屏可读性测试会议',
      group_id: null,
      starts_at: '2026-11-28T09:00:00+08:00',
      venue: '',
      poll_mode: 'sheet',
      deputy_ids: reporting.map((d) => d.deputy_id),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const meeting = created.body;
    const poll = meeting.polls[0];
    // Six ballots: above the demo's minimum of valid votes, so that the counts are shown.
    const codes = await printCarrierCodes(page, meeting.id, 'phone', 6);
    for (const a of meeting.attendees.filter((x) => x.role === 'evaluator').slice(0, 6)) {
      assert.equal((await apiCall(page, 'POST', `/meetings/${meeting.id}/attendees/${a.id}/check-in`, { channel: 'phone' })).status, 204);
    }
    assert.equal((await apiCall(page, 'POST', `/meetings/${meeting.id}/console`, { kind: 'goto', item: 0, stage: 'evaluation' })).status, 200);
    assert.equal((await apiCall(page, 'POST', `/polls/${poll.id}/open`)).status, 204);
    // Every option gets votes somewhere, so that every segment colour is drawn.
    for (const [i, code] of codes.entries()) {
      await castApi(code, poll.id, poll.deputies.map((d, k) => ({ deputy_id: d.id, option: meeting.scale[(i + k) % meeting.scale.length].code })));
    }
    assert.equal((await apiCall(page, 'POST', `/polls/${poll.id}/close`)).status, 204);

    for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
      const projector = await openPage({ viewport });
      const pp = projector.page;
      try {
        await pp.goto(`${baseUrl}/p/${meeting.projector_token}`);
        const rows = byTest(pp, `projector-result-${poll.id}`).locator('[data-test="projector-row"]');
        await rows.first().waitFor();
        assert.equal(await rows.count(), reporting.length);
        assert.equal(await rows.locator('.segment').count(), reporting.length * meeting.scale.length, 'every option drawn for every deputy');
        const sizes = await rows.evaluateAll((all) => all.map((row) => ({ height: row.getBoundingClientRect().height, font: parseFloat(getComputedStyle(row).fontSize) })));
        for (const size of sizes) {
          assert.ok(size.height >= 0.04 * viewport.height - 0.5, `${viewport.height}p: row height ${size.height}px < 4 %`);
          assert.ok(size.font >= 0.024 * viewport.height - 0.5, `${viewport.height}p: font ${size.font}px`);
        }
        let lowest = Infinity;
        for (const item of await textColours(pp, '[data-test="projector"]')) {
          const ratio = contrastRatio(item.color, item.background);
          lowest = Math.min(lowest, ratio);
          assert.ok(!item.unknown && ratio >= 7, `${viewport.height}p: "${item.text}" contrast ${ratio.toFixed(2)}: ${item.color} on ${item.background}`);
        }
        t.diagnostic(`projector ${viewport.width}×${viewport.height}: ${sizes.length} rows of ${(sizes[0].height / viewport.height * 100).toFixed(1)} % of the height, lowest text contrast ${lowest.toFixed(2)}:1`);
        await screenshot(pp, `meeting-projector-result-${viewport.height}`);
        assert.deepEqual(projector.pageErrors, []);
      } finally {
        await projector.context.close();
      }
    }
  } finally {
    await organizer.context.close();
  }
});
