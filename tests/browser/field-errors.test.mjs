// Browser test of form errors that point at the field (issue 18, item 4): in each form, a value the
// page lets through but the server refuses marks the refused field with what is wrong, in words, the
// message on top asks to correct the marked fields, and a good value then saves and the mark goes.
// Forms: user, new deputy, deputy data, mandate, term, constituency (a taken name), committee member (also
// in English), voter representative, recorded opinion, and the import wizard's column mapping.
//
// Same set-up as shell.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/field-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_PASSWORD, byTest, choose, DEMO_PASSWORD, inputByTest, logIn, openPage, screenshot, startAll, stopAll, text } from './harness.mjs';

const TOWN = '洞桥镇人民代表大会';
const GROUP = '第一代表小组';
const suffix = String(Date.now() % 100000).padStart(5, '0');
/** 22 Chinese characters and 5 digits: 71 bytes, over the 64 bytes the server takes for a person's name. */
const LONG_NAME = `超长姓名${'测'.repeat(18)}${suffix}`;
const CHECK_FIELDS = '输入有误：请按标红的提示修改后再保存。';
const NAME_RULE = '请填写姓名（不超过 64 字节，约 21 个汉字）';

before(async () => {
  await startAll();
});
after(stopAll);

/** The answer to the next request with this method whose path matches. */
const nextResponse = (page, method, path) =>
  page.waitForResponse((response) => response.request().method() === method && path.test(new URL(response.url()).pathname));

/** The marked items of a form (or dialog) as "label: message", in page order. */
async function marks(scope) {
  const items = scope.locator('.el-form-item.is-error');
  const out = [];
  for (let i = 0; i < (await items.count()); i += 1) {
    const item = items.nth(i);
    const label = (await item.locator('.el-form-item__label').count()) ? await text(item.locator('.el-form-item__label')) : '';
    out.push(`${label}: ${await text(item.locator('.el-form-item__error'))}`);
  }
  return out;
}

/** Waits until the scope shows exactly these marks. */
async function expectMarks(scope, expected) {
  const deadline = Date.now() + 5000;
  let shown = await marks(scope);
  while (JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100));
    shown = await marks(scope);
  }
  assert.deepEqual(shown, expected);
}

/** Types a day into the date picker of the form item with this label (el-date-picker keeps no data-test). */
async function fillDate(scope, label, day) {
  const item = scope.locator('.el-form-item').filter({ has: scope.page().locator('.el-form-item__label', { hasText: new RegExp(`^${label}$`) }) });
  const input = item.locator('input').first();
  await input.fill(day);
  await input.press('Enter');
}

test('roster: the new-deputy, deputy and mandate forms mark the field the server refused', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    await byTest(page, 'menu-roster').click();
    await byTest(page, 'roster-create').click();
    const dialog = byTest(page, 'deputy-create-dialog');
    await dialog.waitFor();
    await inputByTest(page, 'deputy-create-name').fill(LONG_NAME);
    await byTest(page, 'deputy-create-gender').locator('.el-radio', { hasText: '女' }).click();
    await fillDate(dialog, '出生日期', '1981-04-05');
    await choose(page, 'deputy-create-occupation', '农民');
    await choose(page, 'deputy-create-mandate-term', `${TOWN} 第 15 届`);

    // The page takes the name (not empty); the server refuses it (71 bytes), and says so on the field.
    let answer = nextResponse(page, 'POST', /^\/api\/v1\/deputies$/);
    await byTest(page, 'deputy-create-submit').click();
    assert.equal((await answer).status(), 400);
    await expectMarks(dialog, [`姓名: ${NAME_RULE}`]);
    assert.equal(await text(byTest(page, 'deputy-create-error')), CHECK_FIELDS);
    await screenshot(page, 'field-01-new-deputy');

    const name = `字段${suffix}`;
    await inputByTest(page, 'deputy-create-name').fill(name);
    answer = nextResponse(page, 'POST', /^\/api\/v1\/deputies$/);
    await byTest(page, 'deputy-create-submit').click();
    assert.equal((await answer).status(), 201);
    await dialog.waitFor({ state: 'hidden' });

    // The new deputy's drawer: the same in the deputy's data, and the mark goes on a good save.
    const drawer = byTest(page, 'deputy-drawer');
    await drawer.locator('[data-test="mandates-table"]').waitFor();
    assert.equal(await inputByTest(page, 'deputy-form-name').inputValue(), name);
    await inputByTest(page, 'deputy-form-name').fill(LONG_NAME);
    answer = nextResponse(page, 'PUT', /^\/api\/v1\/deputies\/\d+$/);
    await byTest(page, 'deputy-form-submit').click();
    assert.equal((await answer).status(), 400);
    await expectMarks(drawer, [`姓名: ${NAME_RULE}`]);
    assert.equal(await text(byTest(page, 'deputy-form-error')), CHECK_FIELDS);
    await inputByTest(page, 'deputy-form-name').fill(name);
    answer = nextResponse(page, 'PUT', /^\/api\/v1\/deputies\/\d+$/);
    await byTest(page, 'deputy-form-submit').click();
    assert.equal((await answer).status(), 200);
    await expectMarks(drawer, []);
    assert.equal(await byTest(page, 'deputy-form-error').count(), 0);

    // The mandate: a status other than 在任 needs its date, which only the server checks.
    await drawer.locator('[data-test^="mandate-edit-"]').first().click();
    const mandateDialog = byTest(page, 'mandate-dialog');
    await mandateDialog.waitFor();
    await choose(page, 'mandate-form-status', '辞职');
    answer = nextResponse(page, 'PUT', /^\/api\/v1\/mandates\/\d+$/);
    await byTest(page, 'mandate-form-submit').click();
    assert.equal((await answer).status(), 400);
    await expectMarks(mandateDialog, ['状态日期: 状态不是“在任”时，请填写状态日期']);
    assert.equal(await text(byTest(page, 'mandate-form-error')), CHECK_FIELDS);
    await screenshot(page, 'field-02-mandate');
    await fillDate(mandateDialog, '状态日期', '2026-03-01');
    answer = nextResponse(page, 'PUT', /^\/api\/v1\/mandates\/\d+$/);
    await byTest(page, 'mandate-form-submit').click();
    assert.equal((await answer).status(), 200);
    await mandateDialog.waitFor({ state: 'hidden' });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('congresses: the term dialog marks the end date, the constituency dialog a taken name', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    await byTest(page, 'menu-congresses').click();
    await byTest(page, 'congresses-table').locator('.el-table__body tr', { hasText: TOWN }).first().click();
    await page.waitForFunction((town) => document.querySelector('[data-test="congress-details"]')?.textContent?.includes(town), TOWN);

    // The page checks the end is not before the start; the server wants it after.
    await byTest(page, 'term-create').click();
    const termDialog = byTest(page, 'term-dialog');
    await termDialog.waitFor();
    await fillDate(termDialog, '开始日期', '2031-01-01');
    await fillDate(termDialog, '结束日期', '2031-01-01');
    let answer = nextResponse(page, 'POST', /^\/api\/v1\/congresses\/\d+\/terms$/);
    await byTest(page, 'term-form-submit').click();
    assert.equal((await answer).status(), 400);
    await expectMarks(termDialog, ['结束日期: 结束日期须晚于开始日期']);
    assert.equal(await text(byTest(page, 'term-form-error')), CHECK_FIELDS);
    await screenshot(page, 'field-03-term');
    await fillDate(termDialog, '结束日期', '2035-12-31');
    answer = nextResponse(page, 'POST', /^\/api\/v1\/congresses\/\d+\/terms$/);
    await byTest(page, 'term-form-submit').click();
    assert.equal((await answer).status(), 201);
    await termDialog.waitFor({ state: 'hidden' });

    // A taken name comes back without details (a conflict); it is still the name's fault.
    await page.locator('.el-tabs__item', { hasText: '选区与选举单位' }).click();
    await byTest(page, 'constituency-create').click();
    const constituencyDialog = byTest(page, 'constituency-dialog');
    await constituencyDialog.waitFor();
    await inputByTest(page, 'constituency-form-name').fill('第一选区');
    answer = nextResponse(page, 'POST', /^\/api\/v1\/congresses\/\d+\/constituencies$/);
    await byTest(page, 'constituency-form-submit').click();
    assert.equal((await answer).status(), 409);
    await expectMarks(constituencyDialog, ['名称: 该名称已被使用。']);
    assert.equal(await text(byTest(page, 'constituency-form-error')), CHECK_FIELDS);
    await inputByTest(page, 'constituency-form-name').fill(`第九选区${suffix}`);
    answer = nextResponse(page, 'POST', /^\/api\/v1\/congresses\/\d+\/constituencies$/);
    await byTest(page, 'constituency-form-submit').click();
    assert.equal((await answer).status(), 201);
    await constituencyDialog.waitFor({ state: 'hidden' });

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('committee member: the name the server refuses is marked, in Chinese and in English', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    await byTest(page, 'menu-committee').click();
    await byTest(page, 'committee-table').waitFor();
    const dialog = byTest(page, 'committee-dialog');
    const fillMember = async (name) => {
      await inputByTest(page, 'committee-form-name').fill(name);
      await dialog.locator('.el-radio', { hasText: /^(男|Male)$/ }).click();
      await dialog.locator('.el-select').first().click();
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').first().click();
    };
    await byTest(page, 'committee-create').click();
    await dialog.waitFor();
    await fillMember(LONG_NAME);
    let answer = nextResponse(page, 'POST', /^\/api\/v1\/congresses\/\d+\/committee-members$/);
    await byTest(page, 'committee-form-submit').click();
    assert.equal((await answer).status(), 400);
    await expectMarks(dialog, [`姓名: ${NAME_RULE}`]);
    assert.equal(await text(byTest(page, 'committee-form-error')), CHECK_FIELDS);
    await screenshot(page, 'field-04-committee');

    // Closing and opening again starts clean.
    await dialog.locator('.el-dialog__footer .el-button', { hasText: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await byTest(page, 'committee-create').click();
    await dialog.waitFor();
    await expectMarks(dialog, []);
    assert.equal(await byTest(page, 'committee-form-error').count(), 0);
    await fillMember(`委员${suffix}`);
    answer = nextResponse(page, 'POST', /^\/api\/v1\/congresses\/\d+\/committee-members$/);
    await byTest(page, 'committee-form-submit').click();
    assert.equal((await answer).status(), 201);
    await dialog.waitFor({ state: 'hidden' });

    // The same words in English.
    await byTest(page, 'lang-switch').click();
    await byTest(page, 'lang-option-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await byTest(page, 'committee-create').click();
    await dialog.waitFor();
    await fillMember(LONG_NAME);
    answer = nextResponse(page, 'POST', /^\/api\/v1\/congresses\/\d+\/committee-members$/);
    await byTest(page, 'committee-form-submit').click();
    assert.equal((await answer).status(), 400);
    await expectMarks(dialog, ['Name: Enter the name (at most 64 bytes)']);
    assert.equal(await text(byTest(page, 'committee-form-error')), 'Some fields are wrong: correct the marked ones and save again.');
    await screenshot(page, 'field-05-committee-en');

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('group page: the voter representative and the recorded opinion mark the refused field', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'leader', DEMO_PASSWORD);
    await byTest(page, 'menu-myGroups').click();
    await byTest(page, 'group-page').waitFor();
    assert.equal(await text(byTest(page, 'group-title')), GROUP);

    // --- a voter representative with a name too long for the server ---
    await page.locator('.el-tabs__item', { hasText: '选民代表' }).click();
    await byTest(page, 'voter-rep-create').click();
    const repDialog = byTest(page, 'voter-rep-dialog');
    await repDialog.waitFor();
    await inputByTest(page, 'voter-rep-form-name').fill(LONG_NAME);
    await repDialog.locator('.el-radio', { hasText: '女' }).click();
    await repDialog.locator('.el-select').first().click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '农民' }).click();
    let answer = nextResponse(page, 'POST', /^\/api\/v1\/groups\/\d+\/voter-reps$/);
    await byTest(page, 'voter-rep-form-submit').click();
    assert.equal((await answer).status(), 400);
    await expectMarks(repDialog, [`姓名: ${NAME_RULE}`]);
    assert.equal(await text(byTest(page, 'voter-rep-form-error')), CHECK_FIELDS);
    await screenshot(page, 'field-06-voter-rep');
    await inputByTest(page, 'voter-rep-form-name').fill(`选民${suffix}`);
    answer = nextResponse(page, 'POST', /^\/api\/v1\/groups\/\d+\/voter-reps$/);
    await byTest(page, 'voter-rep-form-submit').click();
    assert.equal((await answer).status(), 201);
    await repDialog.waitFor({ state: 'hidden' });

    // --- an opinion pasted with a control character (a vertical tab, as Word's line breaks) ---
    await page.locator('.el-tabs__item', { hasText: '意见建议' }).click();
    await byTest(page, 'group-opinions').waitFor();
    await page.waitForFunction(() => !!document.querySelector('[data-test="group-opinions-deputy"] .el-select__placeholder:not(.is-transparent)')?.textContent?.trim());
    await byTest(page, 'opinion-record').click();
    const opinionDialog = byTest(page, 'opinion-record-dialog');
    await opinionDialog.waitFor();
    const content = page.locator('textarea[data-test="opinion-form-content"], [data-test="opinion-form-content"] textarea').first();
    await content.fill('村口路灯坏了\u000b希望尽快修好。');
    answer = nextResponse(page, 'POST', /^\/api\/v1\/deputies\/\d+\/opinions$/);
    await byTest(page, 'opinion-form-submit').click();
    assert.equal((await answer).status(), 400);
    await expectMarks(opinionDialog, ['内容: 含有不允许的字符（如从文档中复制来的控制字符），请删除后再保存']);
    assert.equal(await text(byTest(page, 'opinion-form-error')), CHECK_FIELDS);
    await screenshot(page, 'field-07-opinion');
    await content.fill(`村口路灯坏了，希望尽快修好。${suffix}`);
    answer = nextResponse(page, 'POST', /^\/api\/v1\/deputies\/\d+\/opinions$/);
    await byTest(page, 'opinion-form-submit').click();
    assert.equal((await answer).status(), 201);
    await opinionDialog.waitFor({ state: 'hidden' });
    await byTest(page, 'opinions-table').locator('.el-table__body tr', { hasText: suffix }).waitFor();

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('import wizard: a field mapped to two columns marks both columns', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'organizer', DEMO_PASSWORD);
    await byTest(page, 'menu-imports').click();
    await byTest(page, 'import-kind-deputies').click();
    await choose(page, 'import-congress', TOWN);
    await choose(page, 'import-term', '第 15 届');
    await byTest(page, 'import-next').click();
    const csv = Buffer.from(
      ['姓名,性别,出生日期,职业类别', `映射${suffix},男,1979-09-09,农民`].join('\r\n') + '\r\n',
      'utf8',
    );
    await byTest(page, 'import-file').setInputFiles({ name: '映射.csv', mimeType: 'text/csv', buffer: csv });
    await byTest(page, 'import-no-problems').waitFor();

    // 性别's column mapped to 姓名 too: the server refuses the mapping, without saying which columns.
    await choose(page, 'import-map-1', '姓名');
    let answer = nextResponse(page, 'PUT', /^\/api\/v1\/imports\/[^/]+\/mapping$/);
    await byTest(page, 'import-revalidate').click();
    assert.equal((await answer).status(), 400);
    const mapping = byTest(page, 'import-mapping');
    await expectMarks(mapping, [': “姓名”对应了多列，只能对应其中一列', ': “姓名”对应了多列，只能对应其中一列']);
    assert.equal(await byTest(page, 'import-map-item-0').locator('.el-form-item__error').count(), 1);
    assert.equal(await byTest(page, 'import-map-item-1').locator('.el-form-item__error').count(), 1);
    assert.equal(await text(byTest(page, 'import-mapping-error')), '列对应有误：请按标红的提示修改后重新校验。');
    await screenshot(page, 'field-08-import-mapping');

    await choose(page, 'import-map-1', '性别');
    answer = nextResponse(page, 'PUT', /^\/api\/v1\/imports\/[^/]+\/mapping$/);
    await byTest(page, 'import-revalidate').click();
    assert.equal((await answer).status(), 200);
    await byTest(page, 'import-no-problems').waitFor();
    await expectMarks(mapping, []);
    assert.equal(await byTest(page, 'import-mapping-error').count(), 0);

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('users: the user form marks the refused field, and for a role which role and scope', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await byTest(page, 'menu-users').click();
    await byTest(page, 'users-create').click();
    const dialog = byTest(page, 'user-create-dialog');
    await dialog.waitFor();
    await inputByTest(page, 'user-form-username').fill(`fe${suffix}`);
    // 50 Chinese characters are 150 bytes: the page takes them, the server's limit is 128 bytes.
    await inputByTest(page, 'user-form-display-name').fill('长'.repeat(50));
    await inputByTest(page, 'user-form-password').fill(`pass-word-${suffix}`);
    let answer = nextResponse(page, 'POST', /^\/api\/v1\/users$/);
    await byTest(page, 'user-form-submit').click();
    assert.equal((await answer).status(), 400);
    const [mark] = await marks(dialog);
    assert.equal(mark, '姓名: 请填写姓名（不超过 128 字节，约 42 个汉字）');
    assert.match(await text(byTest(page, 'user-form-error')), /姓名：请填写姓名（不超过 128 字节/);
    await screenshot(page, 'field-users-1-refused');

    await inputByTest(page, 'user-form-display-name').fill('测试用户');
    answer = nextResponse(page, 'POST', /^\/api\/v1\/users$/);
    await byTest(page, 'user-form-submit').click();
    assert.equal((await answer).status(), 201);
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});
