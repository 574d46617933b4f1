// Browser test of rectification measures (整改措施, plan 2's third phase).
//
// The demo holds a finished private voter meeting of the first deputy group whose final poll
// includes the demo `deputy` user's deputy. The group leader records an opinion about that deputy
// and feeds the result back. The deputy opens 我的整改 from the menu, writes a measure answering the
// opinion, adds a progress note with a photo (a .txt file and one over 10 MB are refused on the
// page; a text file named .png goes to the server and comes back with its 415 message, in Chinese)
// and marks it done; a second measure due on the meeting's date is overdue at once. The
// leader follows the bell to the campaign's 整改 tab, returns the measure without a comment (refused
// on the page) and with one; the deputy follows the bell, reads the comment and marks it done
// again; the leader accepts. The opinion then says 已整改 in the leader's opinion list, the dashboard
// counts the group's measures (one accepted, one overdue), and a reviewer reads the tab without
// buttons. Same set-up as shell.test.mjs (see harness.mjs). Screenshots:
// <repo>/build/screenshots/measures-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { apiCall, byTest, choose, confirmBox, DEMO_PASSWORD, logIn, openPage, popoverShown, screenshot, startAll, stopAll, text } from './harness.mjs';
import { findDemoGroupMeeting, openTab } from './meeting-helpers.mjs';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

const textarea = (page, name) => page.locator(`textarea[data-test="${name}"], [data-test="${name}"] textarea`).first();

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
/** A valid RGB PNG of `width` × `height`: a sky over a field, enough to see as a thumbnail. */
function pngImage(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then pixels
    for (let x = 0; x < width; x++) row.set(y < height * 0.6 ? [120, 170, 230] : [90, 160 - (y % 8) * 4, 70], 1 + x * 3);
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const MEASURE = '针对选民反映的村道路灯不亮问题，走访镇建设办和供电所，推动年底前完成主村道路灯维修。';
const OPINION = '村道路灯坏了半年，晚上出行不安全，希望代表帮助反映解决。';
const NOTE = '已走访镇建设办和供电所，确定维修方案，附现场照片。';
const RETURN_COMMENT = '请补充维修完成后的照片和村民的反馈意见。';
const LATE = '每季度到联系村开展一次接待选民活动。';
/** A measure's text as the bell shows it: its first 30 characters. */
const short = (value) => ([...value].length > 30 ? `${[...value].slice(0, 30).join('')}…` : value);

/** Opens the campaign's 整改 tab, its table shown. */
async function openMeasuresTab(page, campaignId) {
  await page.goto(`${baseUrl}/campaigns/${campaignId}`);
  await byTest(page, 'campaign-page').waitFor();
  await openTab(page, 'measures');
  await byTest(page, 'measure-table').waitFor();
}

/** Clicks the bell and the notification of `kind` whose link is `href`; returns its text. */
async function followBell(page, kind, href, shot) {
  await byTest(page, 'notifications-bell').click();
  const entry = page.locator(`[data-test="notification-${kind}"][href="${href}"]`).first();
  await entry.waitFor();
  const said = await text(entry);
  await popoverShown(page, 'notifications-list');
  if (shot) await screenshot(page, shot);
  await entry.click();
  return said;
}

test('代表撰写整改措施并上传证明材料，组长退回后再次完成并通过，意见显示已整改', async () => {
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

    // --- the demo's final private evaluation of the deputy; the leader records an opinion and feeds back ---
    const me = (await apiCall(dp, 'GET', '/me')).body.user;
    const ownIds = me.roles.filter((grant) => grant.role === 'deputy').map((grant) => grant.deputy_id);
    const meeting = await findDemoGroupMeeting(lp);
    const poll = meeting.polls.find((p) => p.state === 'final' && p.deputies.some((d) => ownIds.includes(d.id)));
    assert.ok(poll, 'a final poll of the demo meeting includes the demo deputy');
    const own = poll.deputies.find((d) => ownIds.includes(d.id));
    const meetingDate = meeting.starts_at.slice(0, 10);
    const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    assert.ok(meetingDate < today, 'the demo meeting lies in the past');
    const recorded = await apiCall(lp, 'POST', `/deputies/${own.id}/opinions`, { source: 'visit', received_on: meetingDate, content: OPINION, constituent: '李大姐' });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const opinion = recorded.body;
    const givenAt = new Date(Date.parse(meeting.starts_at) + 3 * 3600 * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 19) + '+08:00';
    const dashboardOf = async () => (await apiCall(lp, 'GET', `/campaigns/${meeting.campaign_id}/dashboard`)).body.groups.find((g) => g.group_id === meeting.group_id);
    const before = (await dashboardOf()).measures; // the demo's other deputies have measures too
    const fed = await apiCall(lp, 'PUT', `/polls/${poll.id}/feedback/${own.id}`, { given_at: givenAt, method: 'in_person', given_by: '第一代表小组 组长', notes: '', release: true });
    assert.equal(fed.status, 200, JSON.stringify(fed.body));

    // --- 我的整改 from the menu: nothing yet; 新建整改措施 answers the opinion ---
    await byTest(dp, 'menu-myMeasures').click();
    await dp.waitForURL(/\/my-measures$/);
    await byTest(dp, 'my-measures-page').waitFor();
    assert.equal(await text(byTest(dp, 'menu-myMeasures')), '我的整改');
    await byTest(dp, 'measure-create').click();
    await byTest(dp, 'measure-dialog').waitFor();
    // The one evaluation is chosen already; saving without text is refused on the page.
    assert.match(await text(byTest(dp, 'measure-form-target')), new RegExp(meeting.title));
    assert.match(await text(byTest(dp, 'measure-form-due')), new RegExp(`不能早于述职会议的日期（${meetingDate}）`));
    await byTest(dp, 'measure-form-submit').click();
    await byTest(dp, 'measure-dialog').locator('.el-form-item__error', { hasText: '请填写整改措施' }).waitFor();
    await textarea(dp, 'measure-form-text').fill(MEASURE);
    await byTest(dp, `measure-opinion-${opinion.id}`).click();
    await screenshot(dp, 'measures-01-create');
    await byTest(dp, 'measure-form-submit').click();
    await dp.locator('.el-message--success', { hasText: '已新建整改措施' }).waitFor();
    await dp.waitForURL(/\/my-measures\/\d+$/);
    const measureId = Number(new URL(dp.url()).pathname.split('/').pop());
    await byTest(dp, 'measure-view').waitFor();
    assert.equal(await text(byTest(dp, 'measure-state')), '整改中');
    assert.equal(await text(byTest(dp, 'measure-text')), MEASURE);
    assert.equal(await text(byTest(dp, 'measure-meeting')), meeting.title);
    assert.match(await text(byTest(dp, `measure-answers-${opinion.id}`)), new RegExp(OPINION));
    assert.equal(await byTest(dp, 'measure-overdue').count(), 0);

    // --- 添加进展: a .txt is refused on the page; a text file named .png is refused by the server (415) ---
    await byTest(dp, 'measure-add-note').click();
    await byTest(dp, 'note-dialog').waitFor();
    await textarea(dp, 'note-form-text').fill(NOTE);
    await byTest(dp, 'note-files').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('会议记录') });
    assert.equal(await text(byTest(dp, 'note-refused')), '“说明.txt”不能上传：只能上传 PNG、JPG 图片或 PDF 文件。');
    // Over 10 MB is refused on the page too, before anything is sent.
    await byTest(dp, 'note-files').setInputFiles({ name: '航拍.png', mimeType: 'image/png', buffer: Buffer.concat([pngImage(2, 2), Buffer.alloc(10 * 1024 * 1024)]) });
    assert.equal(await text(byTest(dp, 'note-refused')), '“航拍.png”有 10.1 MB，超过 10 MB，不能上传。');
    assert.equal(await dp.locator('[data-test^="note-file-"][data-test$=".txt"], [data-test="note-file-航拍.png"]').count(), 0);
    await byTest(dp, 'note-files').setInputFiles([
      { name: '路灯现场.png', mimeType: 'image/png', buffer: pngImage(160, 120) },
      { name: '会议纪要.png', mimeType: 'image/png', buffer: Buffer.from('这其实是一份文字材料，不是图片。') },
    ]);
    await byTest(dp, 'note-form-submit').click();
    const photoRow = byTest(dp, 'note-file-路灯现场.png');
    const fakeRow = byTest(dp, 'note-file-会议纪要.png');
    await fakeRow.locator('[data-test="note-file-error"]').waitFor();
    assert.equal(await text(photoRow.locator('[data-test="note-file-status"]')), '已上传');
    assert.equal(await text(fakeRow.locator('[data-test="note-file-status"]')), '未能上传');
    assert.equal(await text(fakeRow.locator('[data-test="note-file-error"]')), '文件类型不支持：只能上传 PNG、JPEG 图片或 PDF 文件，且文件内容须与其类型相符。');
    assert.match(await text(byTest(dp, 'note-form-error')), /进展已保存，但有文件未能上传/);
    assert.equal(await textarea(dp, 'note-form-text').isDisabled(), true, 'the note is written: only files are retried');
    await screenshot(dp, 'measures-02-note-upload');
    await fakeRow.locator('[data-test="note-file-remove"]').click();
    await byTest(dp, 'note-finish').click();
    await byTest(dp, 'note-dialog').waitFor({ state: 'hidden' });

    // --- the note with its photo: a thumbnail that loads, and a download of the same file ---
    const notes = byTest(dp, 'measure-notes');
    await notes.locator('[data-test="measure-note-text"]', { hasText: NOTE }).waitFor();
    const thumb = notes.locator('[data-test="evidence-thumb"] img');
    await thumb.waitFor();
    await dp.waitForFunction(() => document.querySelector('[data-test="evidence-thumb"] img')?.naturalWidth === 160);
    assert.equal(await text(notes.locator('[data-test="evidence-name"]')), '路灯现场.png');
    const href = await notes.locator('[data-test="evidence-download"]').getAttribute('href');
    assert.match(href, new RegExp(`^/api/v1/measures/${measureId}/files/\\d+$`));
    const file = await dp.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type'), size: (await response.arrayBuffer()).byteLength };
    }, href);
    assert.equal(file.status, 200);
    assert.equal(file.type, 'image/png');
    assert.equal(file.size, pngImage(160, 120).length);
    await screenshot(dp, 'measures-03-deputy-detail');

    // --- 标记完成: asked once, then 待审核 and no more editing ---
    await byTest(dp, 'measure-done').click();
    await confirmBox(dp, /标记完成后，这项整改措施将交代表小组组长审核/);
    await byTest(dp, 'measure-state').filter({ hasText: '待审核' }).waitFor();
    assert.equal(await byTest(dp, 'measure-edit').count(), 0);
    assert.equal(await byTest(dp, 'measure-done').count(), 0);

    // A second measure written through the API with the meeting's date as its due date is overdue at once.
    const late = await apiCall(dp, 'POST', '/measures', { poll_id: poll.id, deputy_id: own.id, text: LATE, due_on: meetingDate });
    assert.equal(late.status, 201, JSON.stringify(late.body));
    const lateId = late.body.id;
    assert.equal(late.body.overdue, true);
    await byTest(dp, 'menu-myMeasures').click();
    await byTest(dp, `my-measure-${measureId}`).waitFor();
    assert.equal(await text(byTest(dp, `my-measure-state-${measureId}`)), '待审核');
    assert.equal(await text(byTest(dp, `my-measure-overdue-${lateId}`)), '已逾期');
    assert.equal(await byTest(dp, `my-measure-overdue-${measureId}`).count(), 0);
    await screenshot(dp, 'measures-04-deputy-list');

    // --- the leader's bell leads to the 整改 tab with the measure open ---
    await lp.reload();
    const toReview = await followBell(lp, 'measure_to_review', `/campaigns/${meeting.campaign_id}?tab=measures&measure=${measureId}`, 'measures-05-leader-bell');
    assert.equal(toReview, `${own.name} 的整改措施待审核：${short(MEASURE)}`);
    await lp.waitForURL(new RegExp(`/campaigns/${meeting.campaign_id}\\?tab=measures&measure=${measureId}$`));
    const drawer = byTest(lp, 'measure-drawer');
    await drawer.locator('[data-test="measure-text"]', { hasText: MEASURE }).waitFor();
    await drawer.locator('[data-test="evidence-thumb"]').waitFor();
    assert.equal(await text(byTest(lp, `measure-state-${measureId}`)), '待审核');
    assert.equal(await text(byTest(lp, `measure-overdue-${lateId}`)), '已逾期');
    // 退回 without a comment is refused on the page; with one, the deputy will see it.
    await drawer.locator('[data-test="measure-return"]').click();
    await drawer.locator('.el-form-item__error', { hasText: '退回须填写意见' }).waitFor();
    await textarea(lp, 'measure-review-comment-input').fill(RETURN_COMMENT);
    await screenshot(lp, 'measures-06-leader-review');
    await drawer.locator('[data-test="measure-return"]').click();
    await lp.locator('.el-message--success', { hasText: `已退回，${own.name} 将看到您的意见` }).waitFor();
    await drawer.locator('[data-test="measure-state"]', { hasText: '已退回' }).waitFor();
    assert.equal(await drawer.locator('[data-test="measure-review"]').count(), 0);
    await byTest(lp, `measure-state-${measureId}`).filter({ hasText: '已退回' }).waitFor();
    // 只看逾期 keeps only the late one.
    await drawer.locator('.el-drawer__close-btn').click();
    await drawer.waitFor({ state: 'hidden' });
    await byTest(lp, 'measure-filter-overdue').click();
    await byTest(lp, `measure-row-${measureId}`).waitFor({ state: 'detached' });
    await byTest(lp, `measure-row-${lateId}`).waitFor();
    await screenshot(lp, 'measures-07-leader-overdue');

    // --- the deputy's bell: the returned measure, its comment, and done again ---
    await dp.reload();
    await byTest(dp, 'notifications-bell').click();
    const overdue = dp.locator(`[data-test="notification-measure_overdue"][href="/my-measures/${lateId}"]`);
    assert.equal(await text(overdue), `整改措施「${LATE}」已逾期（完成期限 ${meetingDate}）`);
    // The list stays open (closing and reopening the bell at once can race its fade-out).
    const returnedEntry = dp.locator(`[data-test="notification-measure_returned"][href="/my-measures/${measureId}"]`).first();
    const returned = await text(returnedEntry);
    await popoverShown(dp, 'notifications-list');
    await returnedEntry.click();
    assert.equal(returned, `整改措施「${short(MEASURE)}」被退回：${RETURN_COMMENT}`);
    await dp.waitForURL(new RegExp(`/my-measures/${measureId}$`));
    await byTest(dp, 'measure-returned').waitFor();
    assert.equal(await text(byTest(dp, 'measure-review-comment')), RETURN_COMMENT);
    assert.equal(await text(byTest(dp, 'measure-state')), '已退回');
    await screenshot(dp, 'measures-08-deputy-returned');
    await byTest(dp, 'measure-done').click();
    await confirmBox(dp, /标记完成后/);
    await byTest(dp, 'measure-state').filter({ hasText: '待审核' }).waitFor();
    assert.equal(await byTest(dp, 'measure-returned').count(), 0);

    // --- the leader accepts ---
    await lp.goto(`${baseUrl}/campaigns/${meeting.campaign_id}?tab=measures&measure=${measureId}`);
    await drawer.locator('[data-test="measure-accept"]').click();
    await confirmBox(lp, new RegExp(`确定通过 ${own.name} 的这项整改措施吗`));
    await lp.locator('.el-message--success', { hasText: `已通过 ${own.name} 的整改措施` }).waitFor();
    await drawer.locator('[data-test="measure-state"]', { hasText: '已通过' }).waitFor();
    await byTest(lp, `measure-state-${measureId}`).filter({ hasText: '已通过' }).waitFor();

    // --- the opinion it answers: 已整改 in the leader's opinion list ---
    await lp.goto(`${baseUrl}/registry/groups/${meeting.group_id}`);
    await byTest(lp, 'group-page').waitFor();
    await lp.locator('.el-tabs__item', { hasText: '意见建议' }).click();
    await byTest(lp, 'group-opinions').waitFor();
    await choose(lp, 'group-opinions-deputy', own.name);
    await byTest(lp, `opinion-status-${opinion.id}`).filter({ hasText: '已整改' }).waitFor();
    await screenshot(lp, 'measures-09-opinion-rectified');

    // --- the dashboard: the group's measures with the two new ones (one accepted, one overdue) ---
    await lp.goto(`${baseUrl}/campaigns/${meeting.campaign_id}?tab=dashboard`);
    await byTest(lp, 'dashboard-measures').waitFor();
    const total = before.total + 2;
    const done = before.accepted + before.done + 1;
    const row = await dashboardOf();
    assert.deepEqual(row.measures, { ...before, total, accepted: before.accepted + 1, open: before.open + 1, overdue: before.overdue + 1 });
    assert.equal(await text(byTest(lp, `dashboard-measures-done-${meeting.group_id}`)), `${done} / ${total}`);
    assert.equal(await text(byTest(lp, `dashboard-measures-overdue-${meeting.group_id}`)), String(before.overdue + 1));
    assert.equal(await text(byTest(lp, `dashboard-measures-bar-${meeting.group_id}`)), `${Math.round((done / total) * 100)}%`);
    assert.equal(await text(byTest(lp, `dashboard-feedback-due-${meeting.group_id}`)), String(row.feedback_due));
    await byTest(lp, 'dashboard-measures').scrollIntoViewIfNeeded();
    await screenshot(lp, 'measures-10-dashboard');

    // --- a reviewer reads the tab and the measure, without buttons ---
    await openMeasuresTab(rp, meeting.campaign_id);
    await byTest(rp, `measure-row-${measureId}`).waitFor();
    await byTest(rp, `measure-open-${lateId}`).click();
    const reviewerDrawer = byTest(rp, 'measure-drawer');
    await reviewerDrawer.locator('[data-test="measure-view"]').waitFor();
    await reviewerDrawer.locator('[data-test="measure-not-done"]').waitFor();
    assert.equal(await rp.locator('[data-test="measure-accept"], [data-test="measure-return"], [data-test="measure-review"]').count(), 0);
    await screenshot(rp, 'measures-11-reviewer');

    // --- 评议情况报告: the reviewer prints the summary for the presidium; the leader has no such menu ---
    await rp.keyboard.press('Escape');
    await byTest(rp, 'campaign-summary').click();
    const summaryLink = byTest(rp, 'campaign-summary-pdf');
    await summaryLink.waitFor();
    assert.equal(await text(summaryLink), '打印报告（PDF，含图表）');
    const summaryHref = await summaryLink.getAttribute('href');
    assert.equal(summaryHref, `/api/v1/campaigns/${meeting.campaign_id}/summary.pdf?lang=zh-CN`);
    const summaryPdf = await rp.request.get(new URL(summaryHref, rp.url()).href);
    assert.equal(summaryPdf.status(), 200);
    assert.match(summaryPdf.headers()['content-type'] ?? '', /application\/pdf/);
    assert.equal((await summaryPdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    const xlsxHref = await byTest(rp, 'campaign-summary-xlsx').getAttribute('href');
    const summaryXlsx = await rp.request.get(new URL(xlsxHref, rp.url()).href);
    assert.equal(summaryXlsx.status(), 200);
    assert.match(summaryXlsx.headers()['content-disposition'] ?? '', /attachment/);
    await screenshot(rp, 'measures-12-summary-menu');
    assert.equal(await byTest(lp, 'campaign-summary').count(), 0);

    assert.deepEqual(leader.pageErrors, []);
    assert.deepEqual(deputy.pageErrors, []);
    assert.deepEqual(reviewer.pageErrors, []);
  } finally {
    await leader.context.close();
    await deputy.context.close();
    await reviewer.context.close();
  }
});
