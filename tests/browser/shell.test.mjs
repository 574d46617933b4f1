// Browser test of the admin shell: login page, role menus, language switch, logout, not-found.
//
// Same set-up as registry.test.mjs (see harness.mjs): a real `shuzhi serve --demo` on a free
// loopback port with a fresh data directory, driven with the system Chromium through
// playwright-core; the UI is the one embedded in the binary, or the web/dist named by
// SHUZHI_WEB_DIST. Run from this folder with `npm ci && npm test`; the server binary comes from
// $SHUZHI_BIN (default <repo>/build/shuzhi). Screenshots go to <repo>/build/screenshots/.
//
// The demo seed (`--demo`) must create these accounts, all with SHUZHI_DEMO_PASSWORD except admin
// (SHUZHI_ADMIN_PASSWORD), none of them forced to change their password:
//   admin (admin), organizer (organizer of one or more congresses), reviewer (reviewer of congress 1),
//   leader (group_leader of congress 1, group 1), deputy (deputy of congress 1).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ADMIN_PASSWORD, DEMO_PASSWORD, openPage as openHarnessPage, screenshot, startAll, stopAll, text } from './harness.mjs';

let baseUrl = '';

// The server (and, with SHUZHI_WEB_DIST, the front serving that build) comes from harness.mjs.
before(async () => {
  baseUrl = await startAll();
  const health = await (await fetch(`${baseUrl}/api/v1/health`)).json();
  assert.equal(health.status, 'ok', 'GET /api/v1/health status');
});

after(stopAll);

/** A fresh browser context (no cookies, no localStorage) and page; records page errors. */
async function openPage() {
  const opened = await openHarnessPage();
  await opened.page.setViewportSize({ width: 1280, height: 800 });
  return opened;
}

const byTest = (page, name) => page.locator(`[data-test="${name}"]`);
// Element Plus puts a data-test given to <el-input> on the inner <input> itself.
const inputByTest = (page, name) => page.locator(`input[data-test="${name}"], [data-test="${name}"] input`).first();

async function logIn(page, username, password) {
  await inputByTest(page, 'login-username').fill(username);
  await inputByTest(page, 'login-password').fill(password);
  await byTest(page, 'login-submit').click();
  const outcome = await Promise.race([
    byTest(page, 'menu-home').waitFor().then(() => 'menu'),
    byTest(page, 'login-error').waitFor().then(() => 'error'),
    byTest(page, 'password-forced').waitFor().then(() => 'forced'),
  ]);
  if (outcome === 'error') {
    assert.fail(`login as ${username} failed: ${await byTest(page, 'login-error').innerText()}`);
  }
  assert.equal(outcome, 'menu', `login as ${username} should land in the app, not on the forced password change`);
}

/** Visible text of a menu item, whitespace-normalised. */
async function menuText(page, name) {
  return (await byTest(page, `menu-${name}`).innerText()).replace(/\s+/g, ' ').trim();
}

test('organizer: Chinese login page, staff menu, users and audit pages, English switch, logout', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/login(\?|$)/);
    await assert.doesNotReject(byTest(page, 'login-title').waitFor());
    assert.equal((await byTest(page, 'login-title').innerText()).trim(), '述职评议系统');
    assert.match(await byTest(page, 'login-submit').innerText(), /登\s*录/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await screenshot(page, '01-login-zh');

    await logIn(page, 'organizer', DEMO_PASSWORD);
    assert.equal(await menuText(page, 'home'), '首页');
    assert.equal(await menuText(page, 'users'), '用户管理');
    assert.equal(await menuText(page, 'audit'), '审计日志');
    await byTest(page, 'home-welcome').waitFor();
    // The demo organizer holds one grant per congress they organize (临川县, 洞桥镇).
    await byTest(page, 'role-organizer').first().waitFor();
    await screenshot(page, '02-organizer-home');

    await byTest(page, 'menu-users').click();
    await page.waitForURL(/\/users$/);
    const table = byTest(page, 'users-table');
    await table.waitFor();
    // The demo seed has at least the five demo accounts; the organizer sees itself in the list.
    await table.locator('.el-table__body tr', { hasText: 'organizer' }).first().waitFor();
    assert.ok((await table.locator('.el-table__body tr').count()) >= 1, 'users table has rows');
    // People are listed by name, not led by an internal number.
    assert.equal(await table.locator('.el-table__header th', { hasText: /^ID$/ }).count(), 0, 'no ID column');
    await screenshot(page, '03-users');

    await byTest(page, 'menu-audit').click();
    await page.waitForURL(/\/audit$/);
    await byTest(page, 'audit-table').waitFor();
    await page.waitForFunction(
      () => /^[0-9a-f]{64}$/.test(document.querySelector('[data-test="audit-head-hash"]')?.textContent?.trim() ?? ''),
    );
    assert.match((await byTest(page, 'audit-head-count').innerText()).trim(), /^\d+$/);
    await screenshot(page, '04-audit');

    await byTest(page, 'lang-switch').click();
    await byTest(page, 'lang-option-en').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal(await menuText(page, 'home'), 'Home');
    assert.equal(await menuText(page, 'users'), 'Users');
    assert.equal(await menuText(page, 'audit'), 'Audit log');
    assert.equal(await page.evaluate(() => localStorage.getItem('shuzhi.lang')), 'en');
    await screenshot(page, '05-audit-en');

    // The choice survives a reload.
    await page.reload();
    await byTest(page, 'menu-users').waitFor();
    assert.equal(await menuText(page, 'users'), 'Users');

    await byTest(page, 'user-menu').click();
    await byTest(page, 'logout').click();
    await page.waitForURL(/\/login(\?|$)/);
    await byTest(page, 'login-page').waitFor();
    assert.equal(await byTest(page, 'menu-home').count(), 0, 'no menu after logout');

    // The session is really gone: the API now answers 401.
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    assert.equal(me, 401);

    // The login page has its own language switch: back to Chinese.
    await byTest(page, 'lang-switch').click();
    await byTest(page, 'lang-option-zh-CN').click();
    await page.waitForFunction(() => document.querySelector('[data-test="login-title"]')?.textContent?.trim() === '述职评议系统');
    await screenshot(page, '06-logged-out');

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('deputy: only the home menu, staff pages are out of reach', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await page.goto(`${baseUrl}/login`);
    await logIn(page, 'deputy', DEMO_PASSWORD);
    assert.equal(await menuText(page, 'home'), '首页');
    assert.equal(await byTest(page, 'menu-users').count(), 0, 'deputy has no 用户管理 menu');
    assert.equal(await byTest(page, 'menu-audit').count(), 0, 'deputy has no 审计日志 menu');
    assert.equal(await page.getByText('用户管理').count(), 0);
    await byTest(page, 'role-deputy').waitFor();
    await screenshot(page, '07-deputy-home');

    // Typing the address of a staff page leads back home, and the API refuses too.
    await page.goto(`${baseUrl}/users`);
    await byTest(page, 'home-welcome').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    const users = await page.evaluate(async () => (await fetch('/api/v1/users')).status);
    assert.equal(users, 403);

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('unknown route shows the not-found page; unknown API route stays JSON 404', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await page.goto(`${baseUrl}/no/such/page`);
    await byTest(page, 'not-found').waitFor();
    assert.match(await byTest(page, 'not-found').innerText(), /页面不存在/);
    assert.match(await byTest(page, 'not-found').innerText(), /404/);
    await screenshot(page, '08-not-found');

    const api = await page.evaluate(async () => {
      const response = await fetch('/api/v1/no-such-route');
      return { status: response.status, body: await response.json().catch(() => null) };
    });
    assert.equal(api.status, 404);
    assert.equal(api.body?.error?.code, 'route.not_found');

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});

test('admin: create a user in the dialog, reset the password, the user must change it at login', async () => {
  const username = `u${randomBytes(4).toString('hex')}`;
  const firstPassword = randomBytes(9).toString('base64url');
  const resetPassword = randomBytes(9).toString('base64url');
  const ownPassword = randomBytes(9).toString('base64url');

  const admin = await openPage();
  try {
    await admin.page.goto(`${baseUrl}/login`);
    await logIn(admin.page, 'admin', ADMIN_PASSWORD);
    await byTest(admin.page, 'menu-users').click();
    await byTest(admin.page, 'users-table').waitFor();

    // Client-side validation: an empty form is not sent.
    await byTest(admin.page, 'users-create').click();
    const dialog = admin.page.locator('.el-dialog', { has: inputByTest(admin.page, 'user-form-username') });
    await dialog.waitFor();
    await byTest(admin.page, 'user-form-submit').click();
    await dialog.locator('.el-form-item__error').first().waitFor();

    await inputByTest(admin.page, 'user-form-username').fill(username);
    await inputByTest(admin.page, 'user-form-display-name').fill('测试代表');
    await inputByTest(admin.page, 'user-form-password').fill(firstPassword);
    await byTest(admin.page, 'role-add').click(); // defaults to deputy: the person alone, no congress
    await byTest(admin.page, 'role-deputy-hint').waitFor();
    assert.equal(await byTest(admin.page, 'role-congress').count(), 0, 'a deputy role asks for no congress');
    // The person chosen by a name search: name, birth date and the congresses of their mandates.
    await inputByTest(admin.page, 'role-deputy').fill('马振宇');
    const deputyOption = admin.page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '马振宇' }).first();
    await deputyOption.waitFor();
    assert.match(await text(deputyOption), /^马振宇（\d{4}-\d{2}-\d{2}）· .*人民代表大会$/);
    await deputyOption.click();
    await screenshot(admin.page, '09-user-create');
    await byTest(admin.page, 'user-form-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    await inputByTest(admin.page, 'users-search').fill(username);
    await byTest(admin.page, 'users-search-submit').click();
    // The search narrows the table to exactly the new user.
    await admin.page.waitForFunction((name) => {
      const rows = [...document.querySelectorAll('[data-test="users-table"] .el-table__body tr')];
      return rows.length === 1 && rows[0].textContent.includes(name);
    }, username);
    const row = byTest(admin.page, 'users-table').locator('.el-table__body tr', { hasText: username });
    // The role tag names the person instead of an id.
    await row.first().locator('.el-tag', { hasText: '人大代表 · 马振宇' }).waitFor();

    await byTest(admin.page, `user-reset-${username}`).first().click();
    const box = admin.page.locator('.reset-password-box');
    await box.waitFor();
    await box.locator('input').fill(resetPassword);
    await box.locator('.el-button--primary').click();
    await box.waitFor({ state: 'hidden' });
    await row.first().locator('.el-tag', { hasText: '需改密' }).waitFor();
    await screenshot(admin.page, '10-user-reset');
    assert.deepEqual(admin.pageErrors, [], 'no uncaught errors in the admin page');
  } finally {
    await admin.context.close();
  }

  const user = await openPage();
  try {
    await user.page.goto(`${baseUrl}/login`);
    await inputByTest(user.page, 'login-username').fill(username);
    await inputByTest(user.page, 'login-password').fill(resetPassword);
    await byTest(user.page, 'login-submit').click();
    await byTest(user.page, 'password-forced').waitFor();
    assert.equal(new URL(user.page.url()).pathname, '/account/password');

    // Held on the password page until it is changed.
    await byTest(user.page, 'menu-home').click();
    await byTest(user.page, 'password-forced').waitFor();

    await inputByTest(user.page, 'password-current').fill(resetPassword);
    await inputByTest(user.page, 'password-new').fill(ownPassword);
    await inputByTest(user.page, 'password-confirm').fill(ownPassword);
    await screenshot(user.page, '11-password-forced');
    await byTest(user.page, 'password-submit').click();
    await byTest(user.page, 'home-welcome').waitFor();
    await byTest(user.page, 'role-deputy').waitFor();
    assert.equal(await byTest(user.page, 'menu-users').count(), 0);
    assert.deepEqual(user.pageErrors, [], 'no uncaught errors in the user page');
  } finally {
    await user.context.close();
  }
});

test('organizer: the audit log in words, filtered by person, action and day, exported as the filter shows', async () => {
  const { context, page, pageErrors } = await openPage();
  try {
    await page.goto(`${baseUrl}/login`);
    await logIn(page, 'organizer', DEMO_PASSWORD);
    await page.goto(`${baseUrl}/audit`);
    const table = byTest(page, 'audit-table');
    const rows = table.locator('.el-table__body > tbody > tr.el-table__row');
    await rows.first().waitFor();
    // The newest entry is this login, in words: the person's name, 登录, the account by name.
    const first = await text(rows.first());
    assert.match(first, /县人大常委会办公室 王敏（organizer）/);
    assert.match(first, /登录/);
    assert.match(first, /用户 县人大常委会办公室 王敏/);
    assert.doesNotMatch(first, /session\.login|user:\d|[0-9a-f]{16}/, 'no codes or hashes in the row');
    assert.equal(await table.locator('.el-table__header th', { hasText: /^(哈希|序号)$/ }).count(), 0, 'no hash or number column');
    // The codes and the hash are in the detail row.
    await rows.first().locator('.el-table__expand-icon').click();
    const detail = byTest(page, 'audit-detail').first();
    await detail.waitFor();
    assert.match(await text(detail), /操作代码 session\.login/);
    assert.match(await text(detail), /哈希 [0-9a-f]{64}/);
    await screenshot(page, '12-audit-detail');

    // Narrowed to one action: every row says it.
    await byTest(page, 'audit-filter-action').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: /^新建用户$/ }).click();
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-test="audit-table"] .el-table__body > tbody > tr.el-table__row td:nth-child(4)')];
      return cells.length > 0 && cells.every((cell) => cell.textContent.trim() === '新建用户');
    });
    // And to one person: the system created the demo accounts, nobody else did.
    // (Exactly: the administrator's name, 系统管理员, starts with the same two characters.)
    await byTest(page, 'audit-filter-actor').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: /^系统（system）$/ }).click();
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('[data-test="audit-table"] .el-table__body > tbody > tr.el-table__row td:nth-child(3)')];
      return cells.length >= 4 && cells.every((cell) => cell.textContent.trim() === '系统');
    });
    const shown = await rows.count();
    assert.match(await text(byTest(page, 'audit-pager')), new RegExp(`共 ${shown} 条`));
    await screenshot(page, '13-audit-filtered');

    // The export carries the filter: the CSV holds the same entries, words and codes side by side.
    const href = await byTest(page, 'audit-export-csv').getAttribute('href');
    assert.match(href, /actor=system/);
    assert.match(href, /action=user\.create/);
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(lines.length, shown + 1, 'a header and one line per entry');
    assert.match(lines[0], /序号,时间,操作人,用户名,操作,操作代码,对象,对象代码,详细信息,哈希/);
    assert.ok(lines.slice(1).every((line) => line.includes(',系统,system,新建用户,user.create,用户 ')), lines.slice(1).join('\n'));

    // A day with no entries empties the table.
    const days = byTest(page, 'audit-filters').locator('input.el-range-input');
    await days.nth(0).fill('2020-01-01');
    await days.nth(1).fill('2020-01-02');
    await days.nth(1).press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-test="audit-table"] .el-table__body > tbody > tr.el-table__row').length === 0);
    await byTest(page, 'audit-filter-reset').click();
    await rows.first().waitFor();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } finally {
    await context.close();
  }
});
