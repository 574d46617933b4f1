// Browser test of the registry: import wizard (problem shown with its row, corrected file, apply,
// summary; the template, a problem's value and accepted forms, skipping the bad rows and
// downloading them), roster search, the group's rotation board (settings, move with dry run,
// export) and the English switch, as the demo organizer; and the group leader's narrower view.
//
// Same set-up as shell.test.mjs (see harness.mjs): `shuzhi serve --demo` on a fresh data directory,
// system Chromium via playwright-core. Screenshots: <repo>/build/screenshots/registry-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { byTest, choose, confirmBox, DEMO_PASSWORD, inputByTest, logIn, openPage, screenshot, startAll, stopAll, text } from './harness.mjs';

const TOWN = '洞桥镇人民代表大会';
const DISTRICT = '江北区人民代表大会';
const GROUP = '第一代表小组';
const suffix = String(Date.now() % 100000).padStart(5, '0');
const NEW_NAMES = [`试导甲${suffix}`, `试导乙${suffix}`, `试导丙${suffix}`];

/** A deputies CSV for the town's 15th term; `badGender` puts 未知 into the third data row (row 4). */
function deputiesCsv(badGender) {
  const rows = [
    '姓名,性别,出生日期,民族,职业类别,工作单位,职务,联系电话,选区,代表小组',
    `${NEW_NAMES[0]},男,1980-03-12,汉族,农民,洞桥村,村民,13900000001,第一选区,${GROUP}`,
    `${NEW_NAMES[1]},女,1975-07-01,汉族,企业负责人,洞桥建材厂,厂长,13900000002,第一选区,${GROUP}`,
    `${NEW_NAMES[2]},${badGender ? '未知' : '男'},1990-11-30,汉族,专业技术人员,镇卫生院,医生,13900000003,第一选区,${GROUP}`,
  ];
  return Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8');
}

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

async function menuText(page, name) {
  return text(byTest(page, `menu-${name}`));
}

test('organizer: import deputies, find them in the roster, move one on the rotation board, export, English', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    assert.equal(await menuText(page, 'roster'), '代表名册');
    assert.equal(await menuText(page, 'groups'), '代表小组');
    assert.equal(await menuText(page, 'congresses'), '人大与届次');
    assert.equal(await menuText(page, 'committee'), '常委会组成人员');
    assert.equal(await menuText(page, 'imports'), '导入名册');
    assert.equal(await byTest(page, 'menu-myGroups').count(), 0);

    // --- import: target ---
    await byTest(page, 'menu-imports').click();
    await page.waitForURL(/\/registry\/import$/);
    await byTest(page, 'import-kind-deputies').click();
    await choose(page, 'import-congress', TOWN);
    await choose(page, 'import-term', '第 15 届');
    await byTest(page, 'import-next').click();

    // --- upload with one bad row: the problem is shown with its spreadsheet row number ---
    await byTest(page, 'import-file').setInputFiles({ name: '新代表.csv', mimeType: 'text/csv', buffer: deputiesCsv(true) });
    await byTest(page, 'import-step-check').waitFor();
    const problems = byTest(page, 'import-problems');
    await problems.waitFor();
    const badRow = problems.locator('.el-table__body tr', { hasText: '性别' }).first();
    await badRow.waitFor();
    assert.equal(await text(badRow.locator('[data-test="import-problem-row"]')), '4');
    assert.equal(await text(badRow.locator('[data-test="import-problem-reason"]')), '「未知」不是可识别的性别，可写作 男、女、male、female、M 或 F');
    assert.equal(await byTest(page, 'import-apply').isDisabled(), true, 'apply is disabled while problems remain');
    await screenshot(page, 'registry-01-import-problems');

    // --- corrected file: no problems, apply, progress, summary ---
    await byTest(page, 'import-file').setInputFiles({ name: '新代表.csv', mimeType: 'text/csv', buffer: deputiesCsv(false) });
    await byTest(page, 'import-no-problems').waitFor();
    assert.match(await text(byTest(page, 'import-summary')), /有效 3 行/);
    await screenshot(page, 'registry-02-import-ready');
    await byTest(page, 'import-apply').click();
    await byTest(page, 'import-step-done').waitFor();
    assert.match(await text(byTest(page, 'import-applied')), /新建 3 人/);
    await screenshot(page, 'registry-03-import-done');

    // --- roster: the imported deputy is there, in the group ---
    await byTest(page, 'import-result-link').click();
    await page.waitForURL(/\/registry\/roster$/);
    await inputByTest(page, 'roster-search').fill(NEW_NAMES[1]);
    await byTest(page, 'roster-search-submit').click();
    const rosterRow = byTest(page, 'roster-table').locator('.el-table__body tr', { hasText: NEW_NAMES[1] });
    await rosterRow.first().waitFor();
    assert.match(await text(rosterRow.first()), new RegExp(GROUP));
    await byTest(page, 'chart-occupation').locator('canvas').first().waitFor();
    await screenshot(page, 'registry-04-roster');
    // The drawer shows the deputy with the mandate.
    await rosterRow.first().click();
    await byTest(page, 'deputy-drawer').locator('[data-test="mandates-table"]').waitFor();
    assert.equal(await inputByTest(page, 'deputy-form-name').inputValue(), NEW_NAMES[1]);
    await page.keyboard.press('Escape');

    // --- group page: rotation board with one column per window year ---
    await byTest(page, 'menu-groups').click();
    await byTest(page, 'groups-table').locator('.el-table__body tr', { hasText: GROUP }).first().click();
    await page.waitForURL(/\/registry\/groups\/\d+$/);
    const groupId = Number(new URL(page.url()).pathname.split('/').pop());
    await byTest(page, 'rotation-board').waitFor();
    const before = await page.evaluate(async (id) => (await fetch(`/api/v1/groups/${id}/rotation`)).json(), groupId);
    for (const summary of before.years_summary) {
      const column = byTest(page, `rotation-year-${summary.year}`);
      await column.waitFor();
      assert.match(await text(column), new RegExp(`${summary.year} 年.*已述职 ${summary.reported} / 计划 ${summary.planned} / 份额 ${summary.share}`));
    }
    await screenshot(page, 'registry-05-rotation');

    // Moving needs a later open year: lengthen the window by one year in the settings tab.
    const current = before.current_year;
    const lastYear = before.start_year + before.years - 1;
    if (lastYear <= current) {
      await page.locator('.el-tabs__item', { hasText: '设置' }).click();
      await byTest(page, 'group-settings').waitFor();
      const years = inputByTest(page, 'group-form-years');
      await years.fill(String(before.years + current - lastYear + 1));
      await years.press('Tab');
      await byTest(page, 'group-settings-submit').click();
      await page.locator('.el-message--success').first().waitFor();
      await page.locator('.el-tabs__item', { hasText: '轮换计划' }).click();
    }
    const fromYear = current;
    const toYear = current + 1;
    await byTest(page, `rotation-year-${toYear}`).waitFor();
    const moveButton = byTest(page, `rotation-year-${fromYear}`).locator('[data-test^="rotation-move-"]').first();
    await moveButton.waitFor();
    const deputyId = (await moveButton.getAttribute('data-test')).replace('rotation-move-', '');
    await moveButton.click();
    const dialog = byTest(page, 'move-dialog');
    await dialog.waitFor();
    await byTest(page, `move-year-${toYear}`).click();
    // The dry run answers with warnings (or says the move is harmless); nothing moved yet.
    const verdict = await Promise.race([
      byTest(page, 'move-warnings').waitFor().then(() => 'warnings'),
      byTest(page, 'move-ok').waitFor().then(() => 'ok'),
      byTest(page, 'move-refusals').waitFor().then(() => 'refused'),
    ]);
    assert.notEqual(verdict, 'refused', 'moving a planned deputy to a later open year is allowed');
    if (verdict === 'warnings') assert.match(await text(byTest(page, 'move-warnings')), /份额/);
    assert.equal(await byTest(page, `rotation-year-${fromYear}`).locator(`[data-test="rotation-card-${deputyId}"]`).count(), 1);
    await screenshot(page, 'registry-06-move-dry-run');
    await byTest(page, 'move-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await byTest(page, `rotation-year-${toYear}`).locator(`[data-test="rotation-card-${deputyId}"]`).waitFor();
    assert.equal(await byTest(page, `rotation-year-${fromYear}`).locator(`[data-test="rotation-card-${deputyId}"]`).count(), 0);
    await byTest(page, `rotation-year-${toYear}`).locator(`[data-test="rotation-card-${deputyId}"] [data-test="rotation-card-pinned"]`).waitFor();
    await screenshot(page, 'registry-07-moved');

    // --- export: a real file download ---
    // The file's headers follow the UI language, not the browser's.
    assert.match(await byTest(page, 'rotation-export-xlsx').getAttribute('href'), /[?&]lang=zh-CN(&|$)/);
    const [download] = await Promise.all([page.waitForEvent('download'), byTest(page, 'rotation-export-xlsx').click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    assert.equal(await download.failure(), null);

    // --- English once ---
    await byTest(page, 'lang-switch').click();
    await byTest(page, 'lang-option-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(await menuText(page, 'roster'), 'Deputy roster');
    await page.locator('.el-tabs__item', { hasText: 'Rotation plan' }).waitFor();
    assert.match(await byTest(page, 'rotation-export-csv').getAttribute('href'), /[?&]lang=en(&|$)/);
    assert.match(await text(byTest(page, `rotation-year-${toYear}`)), /Reported \d+ \/ planned \d+ \/ share \d+/);
    await screenshot(page, 'registry-08-rotation-en');

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('organizer: a district deputy in a town group is editable; an import row matching her is shown and linked by choice', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    // 谢玉兰 holds only a district (江北区) mandate, in the town's 第一代表小组: the town organizer manages it.
    const known = await page.evaluate(async () => (await (await fetch('/api/v1/roster?q=%E8%B0%A2%E7%8E%89%E5%85%B0')).json()).items[0]);
    assert.equal(known.congress.name, DISTRICT);
    assert.equal(known.group_name, GROUP);
    await byTest(page, 'menu-roster').click();
    await inputByTest(page, 'roster-search').fill(known.deputy.name);
    await byTest(page, 'roster-search-submit').click();
    await byTest(page, 'roster-table').locator('.el-table__body tr', { hasText: known.deputy.name }).first().click();
    const drawer = byTest(page, 'deputy-drawer');
    await drawer.locator('[data-test="mandates-table"]').waitFor();
    await byTest(page, 'deputy-form-submit').waitFor();
    await drawer.locator(`[data-test="mandate-edit-${known.mandate.id}"]`).click();
    await byTest(page, 'mandate-dialog').waitFor();
    // Names, not ids, in the fixed term and the group of another congress.
    assert.equal(await text(byTest(page, 'mandate-form-term')), `${DISTRICT} 第 11 届`);
    assert.equal(await text(byTest(page, 'mandate-form-group')), `${GROUP}（${TOWN}）`);
    await screenshot(page, 'registry-12-district-mandate-in-town-group');
    await byTest(page, 'mandate-form-submit').click();
    await byTest(page, 'mandate-dialog').waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');

    // Import into the town's term: her row matches one known person, linked by default.
    const fresh = `试匹配${suffix}`;
    const csv = Buffer.from(
      [
        '姓名,性别,出生日期,民族,职业类别,工作单位,职务,联系电话,选区,代表小组',
        `${known.deputy.name},女,${known.deputy.birth_date},回族,事业单位负责人,镇中心学校,校长,13800001022,第一选区,${GROUP}`,
        `${fresh},男,1985-05-05,汉族,农民,洞桥村,村民,13900000009,第一选区,${GROUP}`,
      ].join('\r\n') + '\r\n',
      'utf8',
    );
    await byTest(page, 'menu-imports').click();
    await byTest(page, 'import-kind-deputies').click();
    await choose(page, 'import-congress', TOWN);
    await choose(page, 'import-term', '第 15 届');
    await byTest(page, 'import-next').click();
    await byTest(page, 'import-file').setInputFiles({ name: '匹配.csv', mimeType: 'text/csv', buffer: csv });
    const matches = byTest(page, 'import-matches');
    await matches.waitFor();
    const matchRow = matches.locator('.el-table__body tr', { has: page.locator('[data-test="import-match-2"]') });
    assert.match(await text(matchRow), new RegExp(`${known.deputy.name}.*${known.deputy.birth_date}.*${DISTRICT}`));
    assert.equal(await matches.locator('.el-table__body tr').count(), 1, 'only the matching row is listed');
    const link = byTest(page, `import-match-2-link-${known.deputy.id}`);
    const createNew = byTest(page, 'import-match-2-new');
    assert.match(await link.getAttribute('class'), /is-checked/, 'linked by default');
    assert.match(await text(byTest(page, 'import-summary')), /新建 1 人，关联已有 1 人/);
    await createNew.click();
    assert.match(await text(byTest(page, 'import-summary')), /新建 2 人，关联已有 0 人/);
    await screenshot(page, 'registry-13-import-match');
    await link.click();
    assert.match(await text(byTest(page, 'import-summary')), /新建 1 人，关联已有 1 人/);
    await byTest(page, 'import-apply').click();
    await byTest(page, 'import-step-done').waitFor();
    assert.match(await text(byTest(page, 'import-applied')), /新建 1 人，关联已有 1 人/);
    const detail = await page.evaluate(async (id) => (await fetch(`/api/v1/deputies/${id}`)).json(), known.deputy.id);
    assert.equal(detail.mandates.length, 2, 'the known person now also holds the town mandate');

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('organizer: the template to fill in; a bad cell shows its value and the accepted forms; the bad rows are skipped and downloaded', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    await byTest(page, 'menu-imports').click();
    await page.waitForURL(/\/registry\/import$/);

    // --- step 1: the template of the kind chosen, in the UI language ---
    await byTest(page, 'import-kind-voter_reps').click();
    assert.match(await byTest(page, 'import-template').getAttribute('href'), /\/api\/v1\/imports\/template\?kind=voter_reps&lang=zh-CN$/);
    await byTest(page, 'import-kind-deputies').click();
    const template = byTest(page, 'import-template');
    assert.match(await text(template), /下载人大代表模板/);
    assert.match(await template.getAttribute('href'), /kind=deputies/);
    const [templateFile] = await Promise.all([page.waitForEvent('download'), template.click()]);
    assert.equal(templateFile.suggestedFilename(), '人大代表导入模板.xlsx');
    assert.equal(await templateFile.failure(), null);
    await screenshot(page, 'registry-14-import-template');

    // --- a file with one row whose birth date has no day ---
    const good = [`试跳甲${suffix}`, `试跳乙${suffix}`];
    const bad = `试跳丙${suffix}`;
    const csv = Buffer.from(
      [
        '姓名,性别,出生日期,民族,职业类别,代表小组',
        `${good[0]},男,1981-02-03,汉族,农民,${GROUP}`,
        `${bad},女,1980年5月,汉族,工人,${GROUP}`,
        `${good[1]},女,1979/9/9,汉族,企业负责人,${GROUP}`,
      ].join('\r\n') + '\r\n',
      'utf8',
    );
    await choose(page, 'import-congress', TOWN);
    await choose(page, 'import-term', '第 15 届');
    await byTest(page, 'import-next').click();
    await byTest(page, 'import-file').setInputFiles({ name: '跳过.csv', mimeType: 'text/csv', buffer: csv });
    const problems = byTest(page, 'import-problems');
    await problems.waitFor();
    const badRow = problems.locator('.el-table__body tr').first();
    assert.equal(await text(badRow.locator('[data-test="import-problem-row"]')), '3');
    assert.equal(
      await text(badRow.locator('[data-test="import-problem-reason"]')),
      '「1980年5月」不是日期，可写作 1980-05-01、1980/5/1、1980.5.1 或 1980年5月1日',
    );
    assert.equal(await byTest(page, 'import-apply').isDisabled(), true, 'all or nothing until the user chooses to skip');

    // --- skip the row with the problem: the other two are imported ---
    const skip = byTest(page, 'import-skip');
    assert.match(await text(skip), /跳过有问题的 1 行，只导入其余 2 行/);
    await skip.click();
    assert.equal(await byTest(page, 'import-apply').isDisabled(), false);
    await screenshot(page, 'registry-15-import-skip');
    await byTest(page, 'import-apply').click();
    await byTest(page, 'import-step-done').waitFor();
    assert.match(await text(byTest(page, 'import-applied')), /新建 2 人/);
    assert.match(await text(byTest(page, 'import-applied-skipped')), /跳过有问题的 1 行/);
    const skippedList = byTest(page, 'import-skipped-problems');
    assert.match(await text(skippedList), /「1980年5月」不是日期/);
    const roster = async (name) =>
      page.evaluate(async (q) => (await (await fetch(`/api/v1/roster?q=${encodeURIComponent(q)}`)).json()).total, name);
    assert.equal(await roster(good[0]), 1);
    assert.equal(await roster(good[1]), 1);
    assert.equal(await roster(bad), 0, 'the skipped row wrote nothing');
    await screenshot(page, 'registry-16-import-skipped');

    // --- the skipped row downloads with its problem in words, to fix and import again ---
    const [csvFile] = await Promise.all([page.waitForEvent('download'), byTest(page, 'import-skipped-export-csv').click()]);
    assert.equal(csvFile.suggestedFilename(), '跳过（未导入的行）.csv');
    const saved = readFileSync(await csvFile.path(), 'utf8');
    assert.match(saved, new RegExp(`${bad},女,1980年5月`));
    assert.match(saved, /出生日期：「1980年5月」不是日期，可写作 1980-05-01、1980\/5\/1、1980\.5\.1 或 1980年5月1日/);
    const [xlsxFile] = await Promise.all([page.waitForEvent('download'), byTest(page, 'import-skipped-export-xlsx').click()]);
    assert.match(xlsxFile.suggestedFilename(), /\.xlsx$/);
    assert.equal(readFileSync(await xlsxFile.path()).subarray(0, 2).toString(), 'PK');

    // --- the same words in English ---
    await byTest(page, 'lang-switch').click();
    await byTest(page, 'lang-option-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(
      await text(skippedList.locator('[data-test="import-problem-reason"]').first()),
      /^'1980年5月' is not a date; write 1980-05-01, 1980\/5\/1, 1980\.5\.1 or 1980年5月1日$/,
    );
    assert.match(await byTest(page, 'import-skipped-export-csv').getAttribute('href'), /lang=en/);

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('organizer: takes a district deputy out of a town group and puts her back, found by a search over the district', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    // A district-only deputy of the town's 第二代表小组 (issue 11 item 11).
    const found = await page.evaluate(async () => {
      const groups = (await (await fetch('/api/v1/groups')).json()).items;
      const group = groups.find((g) => g.name === '第二代表小组');
      const rows = (await (await fetch(`/api/v1/roster?group_id=${group.id}&page_size=100`)).json()).items;
      const count = (id) => rows.filter((r) => r.deputy.id === id).length;
      return { group, row: rows.find((r) => r.congress.name === '江北区人民代表大会' && count(r.deputy.id) === 1) };
    });
    const name = found.row.deputy.name;
    await page.goto(`${page.url().replace(/\/[^/]*$/, '')}/registry/groups/${found.group.id}`);
    await byTest(page, 'group-title').waitFor();
    const header = async () => text(page.locator('.page-head'));
    assert.match(await header(), new RegExp(`代表人数：${found.group.member_count}`));
    await page.getByRole('tab', { name: '成员' }).click();
    const table = byTest(page, 'members-table');
    const row = table.locator('.el-table__body tr', { hasText: name });
    await row.waitFor();
    assert.match(await text(row), /江北区人民代表大会/);

    // Taking her out asks first, naming her and the group.
    await byTest(page, `member-remove-${found.row.mandate.id}`).click();
    await confirmBox(page, new RegExp(`将${name}移出第二代表小组`));
    await row.waitFor({ state: 'detached' });
    await page.waitForFunction((n) => document.querySelector('.page-head')?.textContent.includes(`代表人数：${n}`), found.group.member_count - 1);

    // Found again by a search over the town's and the district's serving deputies.
    await byTest(page, 'member-add').click();
    await byTest(page, 'member-dialog').waitFor();
    await inputByTest(page, 'member-search').fill(name);
    const option = byTest(page, `member-option-${found.row.mandate.id}`);
    await option.waitFor();
    assert.match(await text(option), new RegExp(`^${name}（\\d{4}-\\d{2}-\\d{2}）· 江北区人民代表大会 · 未编入代表小组$`));
    await screenshot(page, 'registry-14-group-member-search');
    await option.click();
    await byTest(page, 'member-add-submit').click();
    await byTest(page, 'member-dialog').waitFor({ state: 'hidden' });
    await row.waitFor();
    await page.waitForFunction((n) => document.querySelector('.page-head')?.textContent.includes(`代表人数：${n}`), found.group.member_count);
    await screenshot(page, 'registry-15-group-members');

    // Both changes are in the audit log.
    const actions = await page.evaluate(async () =>
      (await (await fetch('/api/v1/audit?page_size=10')).json()).items.map((e) => e.action).filter((a) => a.startsWith('group.member_')),
    );
    assert.deepEqual(actions.slice(0, 2), ['group.member_add', 'group.member_remove']);
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('group leader: reaches the group page from the menu; the roster holds only their group', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'leader', DEMO_PASSWORD);
    assert.equal(await menuText(page, 'myGroups'), '我的代表小组');
    assert.equal(await byTest(page, 'menu-roster').count(), 0);
    assert.equal(await byTest(page, 'menu-imports').count(), 0);
    await byTest(page, 'menu-myGroups').click();
    await byTest(page, 'group-page').waitFor();
    assert.equal(await text(byTest(page, 'group-title')), GROUP);
    await byTest(page, 'rotation-board').locator('[data-test^="rotation-card-"]').first().waitFor();
    assert.equal(await page.locator('.el-tabs__item', { hasText: '设置' }).count(), 0, 'no settings tab for a leader');
    // The leader marks reported: the year defaults to the current one, later years are not offered.
    const groupId = Number(new URL(page.url()).pathname.split('/').pop());
    const plan = await page.evaluate(async (id) => (await fetch(`/api/v1/groups/${id}/rotation`)).json(), groupId);
    // A person planned for this year (not yet reported).
    await byTest(page, `rotation-year-${plan.current_year}`).locator('[data-test^="rotation-reported-"]').first().click();
    await byTest(page, 'reported-dialog').waitFor();
    assert.equal(await text(byTest(page, 'reported-year')), `${plan.current_year} 年`);
    await byTest(page, 'reported-year').click();
    const yearOptions = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
    await yearOptions.first().waitFor();
    const offered = await yearOptions.allInnerTexts();
    const years = offered.map((label) => Number.parseInt(label, 10)).filter((year) => !Number.isNaN(year));
    assert.deepEqual(years, Array.from({ length: plan.current_year - plan.start_year + 1 }, (_, i) => plan.start_year + i));
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: `${plan.current_year} 年` }).click();
    await byTest(page, 'reported-dialog').locator('.el-dialog__footer .el-button', { hasText: '取消' }).click();
    await byTest(page, 'reported-dialog').waitFor({ state: 'hidden' });
    await screenshot(page, 'registry-09-leader-group');

    await page.goto(`${baseUrl}/registry/roster`);
    const rows = byTest(page, 'roster-table').locator('.el-table__body tr');
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    assert.ok(texts.length > 0, 'the leader sees some deputies');
    for (const row of texts) assert.match(row, new RegExp(GROUP), `every roster row is in ${GROUP}: ${row}`);
    assert.equal(await byTest(page, 'roster-create').count(), 0, 'no 新增代表 for a leader');
    await screenshot(page, 'registry-10-leader-roster');
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('reviewer: read-only registry pages', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'reviewer', DEMO_PASSWORD);
    assert.equal(await byTest(page, 'menu-congresses').count(), 0);
    assert.equal(await byTest(page, 'menu-imports').count(), 0);
    await byTest(page, 'menu-committee').click();
    await byTest(page, 'committee-table').locator('.el-table__body tr').first().waitFor();
    assert.equal(await byTest(page, 'committee-create').count(), 0, 'no create button for a reviewer');
    await byTest(page, 'menu-roster').click();
    await byTest(page, 'roster-table').locator('.el-table__body tr').first().waitFor();
    assert.equal(await byTest(page, 'roster-create').count(), 0);
    await screenshot(page, 'registry-11-reviewer-roster');
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});
