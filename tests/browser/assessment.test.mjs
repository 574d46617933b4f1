// Browser test of the annual assessment (年度履职考核) and the duty record (履职档案).
//
// The demo holds a finished private voter meeting of the town's first deputy group, so the town's
// assessment of this year has results. The organizer opens 年度考核 from the menu, picks the town,
// sees the ranking with its grade chart and approval chart, then sets a grade and a threshold,
// sees candidates marked and then only them; the XLSX download starts. From the table the organizer opens a deputy's 履职档案 with its trend chart,
// then the record of a deputy of last year's archived committee campaign, with both years.
// Same set-up as shell.test.mjs (see harness.mjs). Screenshots:
// <repo>/build/screenshots/assessment-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { byTest, choose, DEMO_PASSWORD, logIn, openPage, screenshot, startAll, stopAll } from './harness.mjs';

before(async () => {
  await startAll();
});
after(stopAll);

const TOWN = '洞桥镇人民代表大会';

test('组织者查看年度履职考核排名、图表和优秀代表候选人，并打开代表的履职档案', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    await byTest(page, 'menu-assessment').click();
    await byTest(page, 'assessment-page').waitFor();
    await choose(page, 'assessment-congress', TOWN);
    const rows = page.locator('[data-test="assessment-table"] .el-table__body tr');
    await rows.first().waitFor();
    // Ranked deputies first: the first row has rank 1 and a grade.
    const first = await rows.first().innerText();
    assert.match(first, /^1\s/);
    assert.match(first, /%/);
    await byTest(page, 'assessment-grade-chart').locator('canvas').waitFor();
    await byTest(page, 'assessment-approval-chart').locator('canvas').waitFor();
    await page.waitForTimeout(1500); // the charts' opening animation
    await screenshot(page, 'assessment-01-ranking');

    // Criteria: a grade and a threshold; candidates are marked, then shown alone.
    const min = byTest(page, 'assessment-min-approval').locator('input');
    await min.fill('80');
    await min.blur();
    await choose(page, 'assessment-grades', '优秀');
    await page.keyboard.press('Escape');
    await byTest(page, 'assessment-apply').click();
    await page.locator('[data-test^="assessment-candidate-"]').first().waitFor();
    const summary = await byTest(page, 'assessment-summary').innerText();
    assert.match(summary, /符合优秀代表候选条件的 [1-9]\d* 名/);
    await byTest(page, 'assessment-candidates-only').click();
    await byTest(page, 'assessment-apply').click();
    await page.waitForFunction(() => {
      const body = document.querySelectorAll('[data-test="assessment-table"] .el-table__body tr');
      const marked = document.querySelectorAll('[data-test^="assessment-candidate-"]');
      return body.length > 0 && body.length === marked.length;
    });
    await page.waitForTimeout(1500);
    await screenshot(page, 'assessment-02-candidates');

    const href = await byTest(page, 'assessment-xlsx').getAttribute('href');
    assert.match(href, /assessment\.xlsx\?year=\d{4}.*min_approval=80.*candidates_only=true/);
    const download = page.waitForEvent('download');
    await byTest(page, 'assessment-xlsx').click();
    assert.match((await download).suggestedFilename(), /\.xlsx$/);

    // The duty record of the first candidate, from the table.
    const link = page.locator('[data-test^="assessment-record-"]').first();
    const name = (await link.innerText()).trim();
    await link.click();
    await byTest(page, 'duty-record-page').waitFor();
    await byTest(page, 'duty-record-chart').locator('canvas').waitFor();
    const recordRows = page.locator('[data-test="duty-record-table"] .el-table__body tr');
    await recordRows.first().waitFor();
    assert.match(await byTest(page, 'duty-record-page').innerText(), new RegExp(`${name} 的履职档案`));
    assert.match(await recordRows.first().innerText(), /%/);
    await page.waitForTimeout(1500);
    await screenshot(page, 'assessment-03-record');

    // Last year's committee campaign (archived) gives its deputies two years: two rows, both with a rate.
    const lastYear = await page.evaluate(async () => {
      const campaigns = (await (await fetch('/api/v1/campaigns')).json()).items;
      const archived = campaigns.find((c) => c.state === 'archived');
      const listed = (await (await fetch(`/api/v1/campaigns/${archived.id}/deputies`)).json()).items;
      return { year: archived.spec.year, deputy: listed[0].deputy_id, name: listed[0].name };
    });
    await page.goto(new URL(`/deputies/${lastYear.deputy}/record`, page.url()).href);
    await byTest(page, 'duty-record-chart').locator('canvas').waitFor();
    await recordRows.nth(1).waitFor();
    assert.equal(await recordRows.count(), 2);
    assert.match(await recordRows.nth(0).innerText(), new RegExp(`${lastYear.year + 1}[\\s\\S]*%`));
    assert.match(await recordRows.nth(1).innerText(), new RegExp(`${lastYear.year}[\\s\\S]*%`));
    await page.waitForTimeout(1500);
    await screenshot(page, 'assessment-04-record-two-years');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
