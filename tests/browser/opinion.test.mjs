// Browser test of opinions (意见建议): the group leader records an opinion for the demo deputy of
// 第一代表小组 and creates the deputy's 代表码 link; a constituent opens the link on a phone-sized
// screen without logging in and leaves an anonymous opinion; the leader approves it in 待审核意见;
// the deputy sees both opinions and answers one.
//
// Same set-up as shell.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/opinion-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { byTest, choose, confirmBox, DEMO_PASSWORD, inputByTest, logIn, openPage, screenshot, startAll, stopAll, text } from './harness.mjs';

const GROUP = '第一代表小组';
const RECORDED = '村口道路夜间没有路灯，希望尽快安装。';
const ONLINE = '建议在镇卫生院增加周末门诊时间。';
const ANSWER = '已向镇政府反映，路灯计划于下月安装。';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

const textarea = (page, name) => page.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`).first();

test('opinions: record, 代表码 link, public form on a phone, moderation, the deputy answers', async (t) => {
  const leader = await openPage();
  const deputy = await openPage();
  const visitor = await openPage({ viewport: { width: 360, height: 640 } });
  try {
    // The deputy's id is in their role grant.
    await logIn(deputy.page, 'deputy', DEMO_PASSWORD);
    const me = await deputy.page.evaluate(async () => (await fetch('/api/v1/me')).json());
    const deputyId = me.user.roles.find((grant) => grant.role === 'deputy').deputy_id;
    assert.ok(deputyId > 0);

    // --- group leader: record an opinion on the group page ---
    const lp = leader.page;
    await logIn(lp, 'leader', DEMO_PASSWORD);
    const deputyName = await lp.evaluate(async (id) => (await (await fetch(`/api/v1/deputies/${id}`)).json()).deputy?.name, deputyId);
    assert.ok(deputyName, 'the leader can read the deputy of their group');
    assert.equal(await text(byTest(lp, 'menu-opinions')), '待审核意见');
    await byTest(lp, 'menu-myGroups').click();
    await byTest(lp, 'group-page').waitFor();
    assert.equal(await text(byTest(lp, 'group-title')), GROUP);
    await lp.locator('.el-tabs__item', { hasText: '意见建议' }).click();
    await byTest(lp, 'group-opinions').waitFor();
    // The tab opens on a deputy who reports this year, not on one who reported before.
    const groupId = Number(new URL(lp.url()).pathname.split('/').pop());
    const rotation = await lp.evaluate(async (id) => (await fetch(`/api/v1/groups/${id}/rotation`)).json(), groupId);
    const reportingNow = rotation.persons.filter((p) => p.left_year === null && p.year === rotation.current_year).map((p) => p.name);
    assert.ok(reportingNow.length > 0, 'the demo group has deputies reporting this year');
    const shownName = () =>
      lp.evaluate(() => document.querySelector('[data-test="group-opinions-deputy"] .el-select__placeholder:not(.is-transparent)')?.textContent?.trim() ?? '');
    await lp.waitForFunction(() => !!document.querySelector('[data-test="group-opinions-deputy"] .el-select__placeholder:not(.is-transparent)')?.textContent?.trim());
    const preselected = await shownName();
    assert.ok(reportingNow.includes(preselected), `opens on ${preselected}, one of ${reportingNow.join('、')}`);
    await choose(lp, 'group-opinions-deputy', deputyName);
    await byTest(lp, 'opinion-record').click();
    await byTest(lp, 'opinion-record-dialog').waitFor();
    // Saving without content is refused on the page.
    await byTest(lp, 'opinion-form-submit').click();
    await lp.locator('.el-form-item__error', { hasText: '请填写内容' }).waitFor();
    await choose(lp, 'opinion-form-source', '座谈会');
    await textarea(lp, 'opinion-form-content').fill(RECORDED);
    await inputByTest(lp, 'opinion-form-constituent').fill('张大伯');
    await inputByTest(lp, 'opinion-form-category').fill('基础设施');
    assert.equal(await byTest(lp, 'opinion-form-collector').count(), 1, 'the group has voter representatives to choose from');
    await screenshot(lp, 'opinion-01-record');
    await byTest(lp, 'opinion-form-submit').click();
    const recordedRow = byTest(lp, 'opinions-table').locator('.el-table__body tr', { hasText: RECORDED });
    await recordedRow.waitFor();
    assert.match(await text(recordedRow), /座谈会/);
    assert.match(await text(recordedRow), /张大伯/);
    assert.match(await text(recordedRow), /待答复/);

    // --- the 代表码 link ---
    await byTest(lp, 'opinion-link').click();
    await confirmBox(lp, /之前发出的代表码（链接和二维码）将立即失效/);
    await byTest(lp, 'opinion-link-dialog').waitFor();
    const url = await inputByTest(lp, 'opinion-link-url').inputValue();
    assert.match(url, new RegExp(`^${baseUrl.replace(/[.]/g, '\\.')}/o/[^/]+$`));
    await screenshot(lp, 'opinion-02-link');
    await lp.keyboard.press('Escape');

    // --- a constituent on a phone, not logged in ---
    const vp = visitor.page;
    await vp.goto(`${baseUrl}/o/not-a-real-token`);
    await byTest(vp, 'public-opinion-invalid').waitFor();
    assert.match(await text(byTest(vp, 'public-opinion-invalid')), /链接无效/);
    await vp.goto(url);
    await byTest(vp, 'public-opinion-deputy').waitFor();
    assert.match(await text(byTest(vp, 'public-opinion-deputy')), new RegExp(deputyName));
    assert.equal(await byTest(vp, 'menu-home').count(), 0, 'no admin layout');
    // The page fits the narrow screen (no sideways scrolling).
    assert.ok(await vp.evaluate(() => document.documentElement.scrollWidth <= 360), 'fits 360 px');
    // Too long: the count turns red and 提交 stays off.
    await byTest(vp, 'public-opinion-content').fill('长'.repeat(2001));
    assert.match(await text(byTest(vp, 'public-opinion-count')), /2001 \/ 2000 字.*超出 1 字/);
    assert.equal(await byTest(vp, 'public-opinion-submit').isDisabled(), true);
    await byTest(vp, 'public-opinion-content').fill(ONLINE);
    assert.equal(await text(byTest(vp, 'public-opinion-count')), `${ONLINE.length} / 2000 字`);
    await screenshot(vp, 'opinion-03-public-form');
    await byTest(vp, 'public-opinion-submit').click();
    await byTest(vp, 'public-opinion-done').waitFor();
    assert.match(await text(byTest(vp, 'public-opinion-done')), /审核后将转给代表/);
    await screenshot(vp, 'opinion-04-public-thanks');

    // --- the leader approves it in 待审核意见 ---
    await byTest(lp, 'menu-opinions').click();
    await byTest(lp, 'pending-opinions-page').waitFor();
    const pendingRow = byTest(lp, 'pending-opinions-table').locator('.el-table__body tr', { hasText: ONLINE });
    await pendingRow.waitFor();
    assert.match(await text(pendingRow), new RegExp(deputyName));
    assert.match(await text(pendingRow), /匿名/);
    await screenshot(lp, 'opinion-05-pending');
    await pendingRow.locator('[data-test^="pending-approve-"]').click();
    await lp.locator('.el-message--success', { hasText: '已通过' }).waitFor();
    await pendingRow.waitFor({ state: 'detached' });

    // --- the deputy sees both and answers the recorded one ---
    const dp = deputy.page;
    await dp.reload();
    assert.equal(await text(byTest(dp, 'menu-myOpinions')), '意见建议');
    await byTest(dp, 'menu-myOpinions').click();
    await byTest(dp, 'my-opinions-page').waitFor();
    const recordedCard = dp.locator('[data-test^="my-opinion-"]', { has: dp.locator('[data-test="my-opinion-content"]', { hasText: RECORDED }) });
    const onlineCard = dp.locator('[data-test^="my-opinion-"]', { has: dp.locator('[data-test="my-opinion-content"]', { hasText: ONLINE }) });
    await recordedCard.waitFor();
    await onlineCard.waitFor();
    assert.match(await text(onlineCard), /代表码/);
    assert.match(await text(onlineCard), /匿名/);
    await recordedCard.locator('textarea').fill(ANSWER);
    await recordedCard.locator('[data-test^="my-opinion-answer-submit-"]').click();
    await dp.locator('.el-message--success', { hasText: '答复已保存' }).waitFor();
    await recordedCard.locator('[data-test^="my-opinion-status-"]', { hasText: '已答复' }).waitFor();
    assert.match(await text(onlineCard.locator('[data-test^="my-opinion-status-"]')), /待答复/);
    await screenshot(dp, 'opinion-06-deputy-answers');

    // The leader sees the answer in the group's list.
    await byTest(lp, 'menu-myGroups').click();
    await lp.locator('.el-tabs__item', { hasText: '意见建议' }).click();
    await choose(lp, 'group-opinions-deputy', deputyName);
    const answeredRow = byTest(lp, 'opinions-table').locator('.el-table__body tr', { hasText: RECORDED });
    await answeredRow.locator('text=' + ANSWER).waitFor();
    assert.match(await text(answeredRow), /已答复/);
    assert.equal(await byTest(lp, 'opinions-table').locator('.el-table__body tr', { hasText: ONLINE }).count(), 1);
    await screenshot(lp, 'opinion-07-group-list');

    for (const { pageErrors } of [leader, deputy, visitor]) assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } catch (error) {
    await screenshot(leader.page, 'opinion-fail-leader').catch(() => {});
    await screenshot(deputy.page, 'opinion-fail-deputy').catch(() => {});
    await screenshot(visitor.page, 'opinion-fail-visitor').catch(() => {});
    t.diagnostic(`page errors: ${JSON.stringify([leader.pageErrors, deputy.pageErrors, visitor.pageErrors])}`);
    throw error;
  } finally {
    await leader.context.close();
    await deputy.context.close();
    await visitor.context.close();
  }
});
