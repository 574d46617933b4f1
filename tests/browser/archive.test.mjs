// Browser test of the campaign archive (归档, plan 2's third phase), in Chinese.
//
// The organizer closes the demo's private voter campaign (结束, with its confirmation), opens its
// 归档 tab, builds the first deputy group's archive and sees the progress bar reach 100% with the
// archive No. 1 listed with its size, time, SHA-256 and a download link, which downloads a ZIP
// whose SHA-256 is the one shown. Marking the campaign 已归档 is refused while other groups have no
// archive (the server's message, in Chinese); after an archive of the whole campaign it is
// accepted. A reviewer sees both archives and no build button; a deputy reads none. Screenshots:
// <repo>/build/screenshots/archive-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { apiCall, byTest, choose, confirmBox, DEMO_PASSWORD, logIn, openPage, screenshot, startAll, stopAll, text } from './harness.mjs';
import { openTab, VOTER_CAMPAIGN } from './meeting-helpers.mjs';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

/** Clicks 生成归档 and waits until the table's row `index` (oldest first) is done; returns its progress cell's text. */
async function buildAndWait(page, index) {
  await byTest(page, 'archive-build').click();
  await confirmBox(page, /生成新的归档/);
  const progress = page.locator('[data-test^="archive-progress-"]').nth(index);
  await progress.waitFor();
  await page.waitForFunction((i) => document.querySelectorAll('[data-test^="archive-progress-"]')[i]?.dataset.state === 'done', index, {
    timeout: 60_000,
  });
  // The bar at 100% (shown done: a tick instead of the number).
  assert.equal(await progress.locator('.el-progress[aria-valuenow="100"]').count(), 1);
  assert.match(await text(progress), /已完成/);
  return text(progress);
}

test('the organizer closes the campaign, builds the archive with a progress bar and downloads it', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    await page.goto(`${baseUrl}/campaigns/${VOTER_CAMPAIGN}`);
    await byTest(page, 'campaign-page').waitFor();
    await openTab(page, 'archives');
    // Still open: nothing to build yet.
    await byTest(page, 'archive-not-closed').waitFor();
    assert.equal(await byTest(page, 'archive-build').count(), 0);

    await byTest(page, 'campaign-state-closed').click();
    await confirmBox(page, /已结束/);
    await page.locator('.el-message--success', { hasText: '活动状态已更新' }).waitFor();
    await page.reload();
    await byTest(page, 'campaign-page').waitFor();
    await openTab(page, 'archives');
    await byTest(page, 'archive-build').waitFor();
    // The scope starts at the whole campaign and turns to the first group once the groups are loaded.
    await byTest(page, 'archive-scope').filter({ hasText: '第一代表小组' }).waitFor({ timeout: 10_000 });
    assert.match(await text(byTest(page, 'archive-scope')), /第一代表小组/);

    const row = await buildAndWait(page, 0);
    assert.match(row, /个文件/);
    await page.locator('.el-message--success', { hasText: '归档已生成' }).waitFor();
    const shown = await text(byTest(page, 'archive-sha-1'));
    assert.match(shown, /^[0-9a-f]{16}…$/);
    await screenshot(page, 'archive-done');

    const [download] = await Promise.all([page.waitForEvent('download'), byTest(page, 'archive-download-1').click()]);
    assert.match(download.suggestedFilename(), /\.zip$/);
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    assert.ok(createHash('sha256').update(bytes).digest('hex').startsWith(shown.slice(0, 16)));

    // 归档 of the campaign needs every group: refused now, in Chinese.
    await byTest(page, 'campaign-state-archived').click();
    await confirmBox(page, /已归档/);
    await page.locator('.el-message--error', { hasText: '还有代表小组没有完成归档' }).waitFor();
    assert.match(await text(byTest(page, 'campaign-state')), /已结束/);

    await choose(page, 'archive-scope', '整个活动');
    await buildAndWait(page, 1);
    // The whole campaign counts its own numbers: it is No. 1 too.
    assert.match(await text(byTest(page, 'archive-table')), /整个活动（全部代表）/);
    assert.equal(await page.locator('[data-test^="archive-progress-"]').count(), 2);
    await screenshot(page, 'archive-two');
    await byTest(page, 'campaign-state-archived').click();
    await confirmBox(page, /已归档/);
    await page.locator('.el-message--success', { hasText: '活动状态已更新' }).waitFor();
    assert.match(await text(byTest(page, 'campaign-state')), /已归档/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }

  // A reviewer reads the archives, without the build button.
  const reviewer = await openPage();
  try {
    await logIn(reviewer.page, 'reviewer', DEMO_PASSWORD);
    await reviewer.page.goto(`${baseUrl}/campaigns/${VOTER_CAMPAIGN}`);
    await byTest(reviewer.page, 'campaign-page').waitFor();
    await openTab(reviewer.page, 'archives');
    await byTest(reviewer.page, 'archive-table').waitFor();
    await reviewer.page.locator('[data-test^="archive-download-"]').first().waitFor();
    assert.equal(await reviewer.page.locator('[data-test^="archive-download-"]').count(), 2);
    assert.equal(await byTest(reviewer.page, 'archive-build').count(), 0);
  } finally {
    await reviewer.context.close();
  }

  // A deputy reads no archive.
  const deputy = await openPage();
  try {
    await logIn(deputy.page, 'deputy', DEMO_PASSWORD);
    assert.equal((await apiCall(deputy.page, 'GET', `/campaigns/${VOTER_CAMPAIGN}/archives`)).status, 403);
  } finally {
    await deputy.context.close();
  }
});
