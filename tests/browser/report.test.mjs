// Browser test of campaigns and duty reports: the organizer creates a voter-evaluation campaign for
// the town covering one group, lists the demo deputy and starts it; the deputy writes two sections
// (字数 follows the typing), autosaves and submits; the group leader returns the report with a
// comment; the deputy sees it, edits and submits again; the organizer compares versions and accepts.
// Along the way: the bell in the header (the deputy's overdue demo report, the report waiting for
// the leader), the plan's covered groups changed and kept after a reload, and the question asked
// before leaving the editor with unsaved text.
//
// Same set-up as shell.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/report-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { byTest, choose, confirmBox, DEMO_PASSWORD, logIn, openPage, popoverShown, screenshot, startAll, stopAll, text, UI_TIMEOUT_MS } from './harness.mjs';

const TOWN = '洞桥镇人民代表大会';
const GROUP = '第一代表小组';
const GROUP2 = '第二代表小组';
/** The PUT of a campaign's plan. */
const isPlanSave = (response) => response.request().method() === 'PUT' && /\/api\/v1\/campaigns\/\d+$/.test(new URL(response.url()).pathname);

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

/** The deputy opens 我的述职报告 and lands in the report of this campaign. */
async function openOwnReport(page, campaignId) {
  await byTest(page, 'menu-myReports').click();
  await byTest(page, 'report-page').or(byTest(page, 'my-reports-page')).first().waitFor();
  await page.waitForLoadState('networkidle');
  if (await byTest(page, 'report-page').count()) return;
  // The deputy's list names the campaign they report in.
  const link = byTest(page, `my-report-${campaignId}`);
  await link.waitFor();
  await link.click();
  await byTest(page, 'report-page').waitFor();
}

test('campaign and duty report: create, list, start, write, autosave, submit, return, resubmit, accept', async (t) => {
  const organizer = await openPage();
  const deputy = await openPage();
  const leader = await openPage();
  try {
    // The deputy's id is in their role grant.
    await logIn(deputy.page, 'deputy', DEMO_PASSWORD);
    const me = await deputy.page.evaluate(async () => (await fetch('/api/v1/me')).json());
    const deputyId = me.user.roles.find((grant) => grant.role === 'deputy').deputy_id;
    assert.ok(deputyId > 0);

    // --- the deputy's bell: the demo campaign's report is overdue; the link opens the editor ---
    const dp = deputy.page;
    await dp.waitForFunction(() => Number(document.querySelector('[data-test="notifications-count"] .el-badge__content')?.textContent) > 0);
    await byTest(dp, 'notifications-bell').click();
    const overdue = byTest(dp, 'notification-report_overdue').first();
    await overdue.waitFor();
    assert.match(await text(overdue), /^《.+》的述职报告已逾期（截止 \d{4}-\d{2}-\d{2}），请尽快提交$/);
    assert.match((await overdue.getAttribute('href')) ?? '', /^\/my-reports\/\d+$/);
    await popoverShown(dp, 'notifications-list');
    await screenshot(dp, 'report-00-notifications');
    await overdue.click();
    await dp.waitForURL(/\/my-reports\/\d+$/);
    await byTest(dp, 'report-page').waitFor();
    await byTest(dp, 'notifications-list').waitFor({ state: 'hidden' });

    // --- organizer: new 选民评议 campaign for the town, covering the first group ---
    const page = organizer.page;
    await logIn(page, 'organizer', DEMO_PASSWORD);
    const deputyName = await page.evaluate(async (id) => (await (await fetch(`/api/v1/deputies/${id}`)).json()).deputy?.name, deputyId);
    assert.ok(deputyName, 'the organizer can read the deputy');
    assert.equal(await text(byTest(page, 'menu-campaigns')), '述职评议活动');
    await byTest(page, 'menu-campaigns').click();
    await byTest(page, 'campaign-create').click();
    await byTest(page, 'campaign-create-dialog').waitFor();
    await choose(page, 'campaign-form-congress', TOWN);
    // A town congress gets plan 2 (选民评议) by default, and the dialog says what it is.
    await byTest(page, 'campaign-template-voter').locator('.is-checked, input:checked').first().waitFor({ state: 'attached' });
    assert.match(await text(byTest(page, 'campaign-template-hint')), /^方案二：/);
    await byTest(page, 'campaign-template-voter').click();
    await choose(page, 'campaign-form-groups', GROUP);
    await page.keyboard.press('Escape');
    // The demo already holds this year's 选民评议 of the town: the dialog warns, and asks on create.
    await byTest(page, 'campaign-form-duplicate').waitFor();
    await screenshot(page, 'report-01-create');
    await byTest(page, 'campaign-form-submit').click();
    await confirmBox(page, /确定再新建一个同样的活动吗/);
    await page.waitForURL(/\/campaigns\/\d+$/);
    const campaignId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.equal(await text(byTest(page, 'campaign-state')), '草稿');
    // 打印实施方案: a plain link to plan.pdf in a new tab; fetched with the page's cookies it is a PDF.
    const planLink = byTest(page, 'campaign-plan-pdf');
    assert.equal(await text(planLink), '打印实施方案');
    assert.equal(await planLink.getAttribute('target'), '_blank');
    const planHref = await planLink.getAttribute('href');
    assert.equal(planHref, `/api/v1/campaigns/${campaignId}/plan.pdf`);
    const planPdf = await page.request.get(new URL(planHref, page.url()).href);
    assert.equal(planPdf.status(), 200);
    assert.match(planPdf.headers()['content-type'] ?? '', /application\/pdf/);
    assert.equal((await planPdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    // The voter template: 8 content items, private disclosure, 优秀 first.
    await byTest(page, 'spec-item-7').waitFor();
    assert.equal(await byTest(page, 'spec-item-8').count(), 0);
    assert.equal(await byTest(page, 'spec-disclosure').locator('label.el-radio.is-checked').innerText(), '会后反馈');
    assert.equal(await page.locator('[data-test="spec-scale-0"] input, input[data-test="spec-scale-0"]').first().inputValue(), '优秀');
    await screenshot(page, 'report-02-spec');

    // --- a wrong value is marked on its field, with what is wrong; nothing is saved ---
    const wordLimit = page.locator('[data-test="spec-word-limit"] input').first();
    await wordLimit.fill('50');
    await wordLimit.press('Tab');
    const refused = page.waitForResponse(isPlanSave);
    await byTest(page, 'spec-save').click();
    assert.equal((await refused).status(), 400);
    const fieldError = byTest(page, 'spec-item-word-limit').locator('.el-form-item__error');
    await fieldError.waitFor();
    assert.equal(await text(fieldError), '字数上限须在 100 到 100000 之间');
    await screenshot(page, 'report-02a-spec-field-error');
    await wordLimit.fill('2500');
    await wordLimit.press('Tab');

    // --- the plan's covered groups: add a second group, save, reload; then take it off again ---
    const specGroups = byTest(page, 'spec-groups');
    await page.waitForFunction((name) => document.querySelector('[data-test="spec-groups"]')?.textContent?.includes(name), GROUP);
    await choose(page, 'spec-groups', GROUP2);
    await page.keyboard.press('Escape');
    let planSaved = page.waitForResponse(isPlanSave);
    await byTest(page, 'spec-save').click();
    assert.equal((await planSaved).status(), 200);
    await page.reload();
    await page.waitForFunction(
      ([a, b]) => {
        const shown = document.querySelector('[data-test="spec-groups"]')?.textContent ?? '';
        return shown.includes(a) && shown.includes(b);
      },
      [GROUP, GROUP2],
    );
    const groupsOf = () => page.evaluate(async (id) => (await (await fetch(`/api/v1/campaigns/${id}`)).json()).group_ids.length, campaignId);
    assert.equal(await groupsOf(), 2);
    await screenshot(page, 'report-02b-spec-groups');
    await specGroups.locator('.el-tag', { hasText: GROUP2 }).locator('.el-tag__close').click();
    planSaved = page.waitForResponse(isPlanSave);
    await byTest(page, 'spec-save').click();
    assert.equal((await planSaved).status(), 200);
    await page.reload();
    await page.waitForFunction((name) => document.querySelector('[data-test="spec-groups"]')?.textContent?.includes(name), GROUP);
    assert.doesNotMatch(await text(specGroups), new RegExp(GROUP2));
    assert.equal(await groupsOf(), 1);

    // --- reporting list: add the deputy by hand ---
    await page.locator('.el-tabs__item', { hasText: '述职名单' }).click();
    await byTest(page, 'list-add').click();
    await page.locator('[data-test="list-add-search"] input, input[data-test="list-add-search"]').first().fill(deputyName);
    await byTest(page, 'list-add-search-submit').click();
    await byTest(page, `list-add-${deputyId}`).click();
    await byTest(page, 'list-table').locator('.el-table__body tr', { hasText: deputyName }).waitFor();
    await page.keyboard.press('Escape');
    await byTest(page, 'list-add-dialog').waitFor({ state: 'hidden' });
    const listRow = byTest(page, 'list-table').locator('.el-table__body tr', { hasText: deputyName });
    assert.match(await text(listRow), new RegExp(`${GROUP}.*手动`));
    await byTest(page, 'chart-list-occupation').locator('canvas').first().waitFor();
    await screenshot(page, 'report-03-list');

    // --- start ---
    await byTest(page, 'campaign-state-active').click();
    await confirmBox(page, /报告截止时间已经过去/);
    await page.waitForFunction(() => document.querySelector('[data-test="campaign-state"]')?.textContent?.trim() === '进行中');
    assert.equal(await byTest(page, 'campaign-state-closed').count(), 1);

    // --- deputy: write two sections, 字数 follows, autosave, submit ---
    await dp.reload();
    await byTest(dp, 'menu-myReports').waitFor();
    await openOwnReport(dp, campaignId);
    assert.equal(await text(byTest(dp, 'report-state')), '未开始');
    const first = dp.locator('textarea[data-test="report-text-item_1"], [data-test="report-text-item_1"] textarea').first();
    const second = dp.locator('textarea[data-test="report-text-item_2"], [data-test="report-text-item_2"] textarea').first();

    // Leaving with unsaved text asks first (the draft save is held back, so the text stays unsaved).
    const FIRST_TEXT = '认真学习宪法和法律，参加培训 3 次。';
    const isDraft = (url) => url.pathname === `/api/v1/campaigns/${campaignId}/reports/${deputyId}/draft`;
    let release = () => {};
    const held = new Promise((done) => (release = done));
    await dp.route(isDraft, async (route) => {
      await held;
      await route.continue();
    });
    await first.fill(FIRST_TEXT);
    await byTest(dp, 'report-save-dirty').or(byTest(dp, 'report-save-saving')).first().waitFor();
    const beforeUnloadStops = () =>
      dp.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      });
    assert.equal(await beforeUnloadStops(), true, 'closing or reloading the tab asks first');
    const leaveBox = dp.locator('.el-message-box');
    await byTest(dp, 'menu-home').click();
    await leaveBox.waitFor();
    assert.match(await text(leaveBox), /未保存的修改/);
    await screenshot(dp, 'report-04a-leave-confirm');
    await leaveBox.locator('.el-button', { hasText: '留在本页' }).click();
    await leaveBox.waitFor({ state: 'hidden' });
    assert.equal(new URL(dp.url()).pathname, `/my-reports/${campaignId}`, 'staying keeps the editor');
    assert.equal(await first.inputValue(), FIRST_TEXT);
    // Leaving anyway: the page changes, and the text still reaches the server.
    await byTest(dp, 'menu-home').click();
    await leaveBox.waitFor();
    await confirmBox(dp);
    await dp.waitForURL((url) => url.pathname === '/');
    const savedOnLeave = dp.waitForResponse((response) => isDraft(new URL(response.url())));
    release();
    assert.equal((await savedOnLeave).status(), 200);
    await dp.unroute(isDraft);
    await openOwnReport(dp, campaignId);
    assert.equal(await text(byTest(dp, 'report-state')), '草稿');
    assert.equal(await first.inputValue(), FIRST_TEXT);
    assert.equal(await beforeUnloadStops(), false, 'nothing unsaved: no question');
    // 认真学习宪法和法律，参加培训 = 14, "3" = 1, 次。 = 2.
    await dp.waitForFunction(() => /字数 17 \//.test(document.querySelector('[data-test="report-counts"]')?.textContent ?? ''));
    assert.equal(await text(byTest(dp, 'report-section-count-item_1')), '17 字');
    await second.fill('Visited 12 households 走访农户。');
    await dp.waitForFunction(() => /字数 25 \//.test(document.querySelector('[data-test="report-counts"]')?.textContent ?? ''));
    assert.match(await text(byTest(dp, 'report-counts')), /字数 25 \/ 2500 字符数 \d+/);
    await byTest(dp, 'report-save-saved').waitFor({ timeout: UI_TIMEOUT_MS });
    const saved = await dp.evaluate(async ([c, d]) => (await fetch(`/api/v1/campaigns/${c}/reports/${d}`)).json(), [campaignId, deputyId]);
    assert.equal(saved.state, 'draft');
    assert.equal(saved.counts.words, 25, 'the server counts as the browser does');
    await screenshot(dp, 'report-04-editor');
    // Submitting asks first, naming the empty sections; cancelling changes nothing.
    await byTest(dp, 'report-submit').click();
    const question = dp.locator('.el-message-box');
    await question.waitFor();
    assert.match(await text(question), /还有 \d+ 项内容为空（共 \d+ 项）/);
    await screenshot(dp, 'report-04-submit-question');
    await question.locator('.el-message-box__btns button:not(.el-button--primary)').click();
    await question.waitFor({ state: 'hidden' });
    assert.equal(await text(byTest(dp, 'report-state')), '草稿');
    await byTest(dp, 'report-submit').click();
    await confirmBox(dp, /审阅之前不能再修改/);
    await dp.waitForFunction(() => document.querySelector('[data-test="report-state"]')?.textContent?.trim() === '已提交');
    await screenshot(dp, 'report-05-submitted');

    // --- group leader: return with a comment ---
    const lp = leader.page;
    await logIn(lp, 'leader', DEMO_PASSWORD);
    // The leader's bell: the submitted report waits for review, linked to the review page.
    await byTest(lp, 'notifications-bell').click();
    const waiting = lp.locator(`[data-test="notification-review_waiting"][href="/campaigns/${campaignId}/reports/${deputyId}"]`);
    await waiting.waitFor();
    assert.match(await text(waiting), new RegExp(`^${deputyName} 的述职报告待审阅（.+）$`));
    await popoverShown(lp, 'notifications-list');
    await screenshot(lp, 'report-05b-leader-notifications');
    await waiting.click();
    await byTest(lp, 'review-box').waitFor();
    await byTest(lp, 'menu-campaigns').click();
    await byTest(lp, `campaign-row-${campaignId}`).click();
    await lp.locator('.el-tabs__item', { hasText: '报告进度' }).click();
    await byTest(lp, `progress-state-${deputyId}`).waitFor();
    assert.equal(await text(byTest(lp, `progress-state-${deputyId}`)), '已提交');
    await byTest(lp, 'chart-progress').locator('canvas').first().waitFor();
    // The started report has its PDF link, the group its 打印本组报告 link.
    assert.equal(await byTest(lp, `progress-pdf-${deputyId}`).getAttribute('href'), `/api/v1/campaigns/${campaignId}/reports/${deputyId}/report.pdf`);
    assert.match(await text(byTest(lp, 'progress-groups')), /打印本组报告/);
    await screenshot(lp, 'report-06-progress');
    // 活动看板: the phases with today marked and the group's progress as a stacked bar chart.
    await lp.locator('.el-tabs__item', { hasText: '活动看板' }).click();
    await byTest(lp, 'dashboard-phases').waitFor();
    await byTest(lp, 'dashboard-today').waitFor();
    await byTest(lp, 'dashboard-report-chart').locator('canvas').first().waitFor();
    assert.match(await text(byTest(lp, 'dashboard-opinions')), new RegExp(GROUP));
    await screenshot(lp, 'report-06b-dashboard');
    await lp.locator('.el-tabs__item', { hasText: '报告进度' }).click();
    await byTest(lp, `progress-open-${deputyId}`).click();
    await byTest(lp, 'review-box').waitFor();
    assert.match(await text(byTest(lp, 'report-read-item_1')), /认真学习宪法/);
    await byTest(lp, 'review-return').click();
    await lp.locator('.el-message--error', { hasText: '必须填写意见' }).waitFor();
    const COMMENT = '请补充参加视察活动的具体情况。';
    await lp.locator('textarea[data-test="review-comment"], [data-test="review-comment"] textarea').first().fill(COMMENT);
    await byTest(lp, 'review-return').click();
    await lp.waitForFunction(() => document.querySelector('[data-test="report-state"]')?.textContent?.trim() === '退回修改');
    await screenshot(lp, 'report-07-returned');

    // --- deputy: sees the comment, edits, resubmits ---
    await dp.reload();
    await byTest(dp, 'report-page').waitFor();
    await dp.waitForFunction(() => document.querySelector('[data-test="report-state"]')?.textContent?.trim() === '退回修改');
    assert.equal(await text(byTest(dp, 'report-review-comment').first()), COMMENT);
    await second.waitFor();
    await second.fill('Visited 12 households 走访农户，参加视察两次。');
    await byTest(dp, 'report-save-saved').waitFor();
    await screenshot(dp, 'report-08-edited');
    await byTest(dp, 'report-submit').click();
    await confirmBox(dp, /审阅之前不能再修改/);
    await dp.waitForFunction(() => document.querySelector('[data-test="report-state"]')?.textContent?.trim() === '已提交');

    // --- organizer: compares the two versions, accepts ---
    await page.goto(`${baseUrl}/campaigns/${campaignId}/reports/${deputyId}`);
    await byTest(page, 'review-box').waitFor();
    await page.locator('.el-collapse-item__header', { hasText: '版本对比' }).click();
    await byTest(page, 'diff-show').click();
    await byTest(page, 'diff-insert').first().waitFor();
    assert.match(await text(byTest(page, 'diff-result')), /参加视察两次/);
    await screenshot(page, 'report-09-diff');
    await byTest(page, 'review-accept').click();
    await page.waitForFunction(() => document.querySelector('[data-test="report-state"]')?.textContent?.trim() === '已通过');
    await screenshot(page, 'report-10-accepted');

    for (const { pageErrors } of [organizer, deputy, leader]) assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } catch (error) {
    // The state of each page at the failure, for diagnosis.
    await screenshot(organizer.page, 'report-fail-organizer').catch(() => {});
    await screenshot(deputy.page, 'report-fail-deputy').catch(() => {});
    await screenshot(leader.page, 'report-fail-leader').catch(() => {});
    t.diagnostic(`page errors: ${JSON.stringify([organizer.pageErrors, deputy.pageErrors, leader.pageErrors])}`);
    throw error;
  } finally {
    await organizer.context.close();
    await deputy.context.close();
    await leader.context.close();
  }
});

test("a group leader's reporting list: their own group only, confirmed by whom and when", async () => {
  const leader = await openPage();
  try {
    const lp = leader.page;
    await logIn(lp, 'leader', DEMO_PASSWORD);
    const me = await lp.evaluate(async () => (await fetch('/api/v1/me')).json());
    const groupId = me.user.roles.find((grant) => grant.role === 'group_leader').group_id;
    const campaigns = await lp.evaluate(async () => (await (await fetch('/api/v1/campaigns')).json()).items);
    // The demo's campaign of the leader's town, whose list holds other groups too.
    let campaign = null;
    let all = [];
    for (const c of campaigns.filter((c) => c.group_ids.includes(groupId))) {
      const items = await lp.evaluate(async (id) => (await (await fetch(`/api/v1/campaigns/${id}/deputies`)).json()).items, c.id);
      if (items.some((d) => d.group_id !== groupId) && items.some((d) => d.group_id === groupId)) {
        campaign = c;
        all = items;
        break;
      }
    }
    assert.ok(campaign, 'a campaign lists the leader’s group and others');
    const own = all.filter((d) => d.group_id === groupId);

    await lp.goto(`${baseUrl}/campaigns/${campaign.id}?tab=deputies`);
    const table = byTest(lp, 'list-table');
    await table.locator('.el-table__body tr').first().waitFor();
    // Only the leader's own group is listed.
    assert.equal(await table.locator('.el-table__body tr').count(), own.length);
    const state = byTest(lp, `list-group-${groupId}`);
    if (own.some((d) => !d.confirmed_by)) {
      await state.locator(`[data-test="list-confirm-${groupId}"]`).click();
    }
    const confirmed = state.locator(`[data-test="list-group-confirmed-${groupId}"]`);
    await confirmed.waitFor();
    assert.match(await text(confirmed), new RegExp(`${own[0].group_name}名单已确认（${own.length} 人）：leader，\\d{4}-\\d{2}-\\d{2}`));
    assert.equal(await table.locator('[data-test="list-confirmed"]').count(), own.length, 'every row says who confirmed it');
    await screenshot(lp, 'report-list-leader-confirmed');
    assert.deepEqual(leader.pageErrors, []);
  } finally {
    await leader.context.close();
  }
});
