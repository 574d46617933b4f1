// Browser test of issue 16 §1, "nobody types an ID": an administrator grants a group leader role
// with the pickers (the congress and the group chosen by name, the person found by typing part of
// the name), and the user list, the edit dialog and the new user's home page show names; then every
// page of the admin app, as each demo role, shows no "#<digits>" label, and no chunk of the served
// app builds one.
//
// Same set-up as shell.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/no-ids-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ADMIN_PASSWORD, DEMO_PASSWORD, apiCall, apiLogIn, baseUrlOf, byTest, inputByTest, logIn, openPage, screenshot, startAll, stopAll, text } from './harness.mjs';

const CONGRESS = '洞桥镇人民代表大会';
const GROUP = '第二代表小组';
const ID_LABEL = /#\d+/g;

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

/** A visible option of the open Element Plus select dropdown with this text. */
const option = (page, hasText) => page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText }).first();

/** Opens the select with this data-test inside `scope`, types `typed` into its filter and picks the option. */
async function pick(page, scope, testName, typed, optionText) {
  const input = scope.locator(`[data-test="${testName}"] input, input[data-test="${testName}"]`).first();
  await scope.locator(`[data-test="${testName}"]`).first().click();
  if (typed) await input.fill(typed);
  const found = option(page, optionText);
  await found.waitFor();
  await found.click();
}

/** Every "#<digits>" in the visible text of the page, with a little of what surrounds it. */
async function idLabels(page) {
  const body = await page.evaluate(() => document.body.innerText);
  return [...body.matchAll(ID_LABEL)].map((m) => body.slice(Math.max(0, m.index - 20), m.index + m[0].length + 10).replace(/\s+/g, ' '));
}

test('admin: a group leader granted with the pickers; the list, the edit dialog and the home page show names', async () => {
  const username = `lead${randomBytes(3).toString('hex')}`;
  const firstPassword = randomBytes(9).toString('base64url');
  const ownPassword = randomBytes(9).toString('base64url');
  const leaderTag = `代表小组组长 · ${CONGRESS} · ${GROUP}`;
  let deputy = { id: 0, name: '' };

  const admin = await openPage();
  try {
    const page = admin.page;
    // Names come with the users in one reply, not from a look-up per deputy.
    const lookups = [];
    page.on('request', (request) => {
      if (/\/api\/v1\/deputies\/\d+$/.test(new URL(request.url()).pathname)) lookups.push(request.url());
    });
    await logIn(page, 'admin', ADMIN_PASSWORD);
    // A member of the group, to find by name (the test reads the roster; the person picking types).
    const congresses = await apiCall(page, 'GET', '/congresses');
    const town = congresses.body.items.find((item) => item.name === CONGRESS);
    const groups = await apiCall(page, 'GET', `/groups?congress_id=${town.id}`);
    const group = groups.body.items.find((item) => item.name === GROUP);
    const roster = await apiCall(page, 'GET', `/roster?group_id=${group.id}&page_size=5`);
    deputy = roster.body.items[0].deputy;
    assert.ok(deputy.name, 'the demo group has members');

    await byTest(page, 'menu-users').click();
    await byTest(page, 'users-table').waitFor();
    await byTest(page, 'users-create').click();
    const dialog = page.locator('.el-dialog', { has: inputByTest(page, 'user-form-username') });
    await dialog.waitFor();
    await inputByTest(page, 'user-form-username').fill(username);
    await inputByTest(page, 'user-form-display-name').fill(deputy.name);
    await inputByTest(page, 'user-form-password').fill(firstPassword);

    // Role 1: group leader — the congress typed and chosen by name, then the group of that congress.
    await byTest(page, 'role-add').click();
    const leaderRow = byTest(page, 'role-row-0');
    await pick(page, leaderRow, 'role-select', '', '代表小组组长');
    await pick(page, leaderRow, 'role-congress', '洞桥', CONGRESS);
    await pick(page, leaderRow, 'role-group', '', `${GROUP}（${CONGRESS}）`);
    // Role 2: the person themselves, found by typing the name.
    await byTest(page, 'role-add').click();
    const deputyRow = byTest(page, 'role-row-1');
    await deputyRow.locator('[data-test="role-deputy"] input').fill(deputy.name);
    const found = page.locator(`.el-select-dropdown:visible [data-test="role-deputy-option-${deputy.id}"]`);
    await found.waitFor();
    assert.match(await text(found), new RegExp(`^${deputy.name}（\\d{4}-\\d{2}-\\d{2}）· .*${CONGRESS}`));
    await found.click();
    assert.deepEqual(await idLabels(page), [], 'the dialog shows no id');
    await screenshot(page, 'no-ids-1-grant');
    await byTest(page, 'user-form-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    await inputByTest(page, 'users-search').fill(username);
    await byTest(page, 'users-search-submit').click();
    const row = byTest(page, 'users-table').locator('.el-table__body tr', { hasText: username }).first();
    await row.locator('.el-tag', { hasText: leaderTag }).waitFor();
    await row.locator('.el-tag', { hasText: `人大代表 · ${deputy.name}` }).waitFor();
    assert.deepEqual(await idLabels(page), [], 'the user list shows no id');
    await screenshot(page, 'no-ids-2-list');

    // After a reload the editor knows the person only from the user reply: still by name.
    await page.reload();
    await inputByTest(page, 'users-search').fill(username);
    await byTest(page, 'users-search-submit').click();
    await byTest(page, 'users-table').locator('.el-table__body tr', { hasText: username }).first().waitFor();
    await byTest(page, `user-edit-${username}`).click();
    const edit = byTest(page, 'user-edit-dialog');
    await edit.locator('[data-test="role-row-1"]').waitFor();
    const chosen = await edit.evaluate((node) =>
      [...node.querySelectorAll('[data-test^="role-row-"] .el-select__placeholder:not(.is-transparent)')].map((item) => item.textContent.trim()),
    );
    assert.deepEqual(chosen, ['代表小组组长', CONGRESS, `${GROUP}（${CONGRESS}）`, '人大代表', deputy.name]);
    assert.deepEqual(await idLabels(page), [], 'the edit dialog shows no id');
    await screenshot(page, 'no-ids-3-edit');
    assert.deepEqual(lookups, [], 'no deputy looked up one by one');
    assert.deepEqual(admin.pageErrors, [], 'no uncaught errors in the admin page');
  } finally {
    await admin.context.close();
  }

  // The new leader replaces the initial password, then reads the roles on the home page by name.
  const call = await apiLogIn(username, firstPassword);
  const changed = await call('PUT', '/me/password', { current_password: firstPassword, new_password: ownPassword });
  assert.equal(changed.status, 204);
  const leader = await openPage();
  try {
    await logIn(leader.page, username, ownPassword);
    await byTest(leader.page, 'home-roles').waitFor();
    assert.equal(await text(byTest(leader.page, 'role-group_leader')), leaderTag);
    assert.equal(await text(byTest(leader.page, 'role-deputy')), `人大代表 · ${deputy.name}`);
    assert.deepEqual(await idLabels(leader.page), [], 'the home page shows no id');
    assert.deepEqual(leader.pageErrors, [], 'no uncaught errors in the leader page');
  } finally {
    await leader.context.close();
  }
});

// --- every page, as each demo role ---

const ROLES = [
  ['admin', ADMIN_PASSWORD],
  ['organizer', DEMO_PASSWORD],
  ['reviewer', DEMO_PASSWORD],
  ['leader', DEMO_PASSWORD],
  ['deputy', DEMO_PASSWORD],
];
const MAX_PAGES = 40;
const PER_PATTERN = 2;

/** Waits until the page has loaded what it asks for (or 5 s have passed: a meeting console polls). */
async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
}

/** Pages the role reaches with ids from the API: campaigns, their meetings, groups. */
async function pagesFromApi(page) {
  const urls = [];
  const get = async (path) => {
    const answer = await apiCall(page, 'GET', path);
    return answer.status === 200 ? (answer.body.items ?? []) : [];
  };
  for (const campaign of await get('/campaigns')) {
    urls.push(`/campaigns/${campaign.id}`);
    for (const meeting of (await get(`/campaigns/${campaign.id}/meetings`)).slice(0, 2)) urls.push(`/meetings/${meeting.id}`);
  }
  for (const group of (await get('/groups')).slice(0, 2)) urls.push(`/registry/groups/${group.id}`);
  return urls;
}

/** The menu's pages, in order: each entry clicked and where it led. */
async function menuPages(page) {
  const names = await page.locator('[data-test="menu"] [data-test^="menu-"]').evaluateAll((items) => items.map((item) => item.dataset.test));
  const urls = [];
  for (const name of names) {
    await byTest(page, name).click();
    await page.waitForLoadState('domcontentloaded');
    urls.push(new URL(page.url()).pathname);
  }
  return urls;
}

/** The app's own links on the page (not the API, PDFs or the public pages). */
async function linksOn(page) {
  const hrefs = await page.locator('a[href^="/"]').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
  return hrefs.filter((href) => !/^\/(api|o|p|v)(\/|$)/.test(href));
}

/** Visits `url`, then each of its tabs; returns the "#<digits>" found, and the page's links. */
async function scanPage(page, url) {
  const findings = [];
  await page.goto(`${baseUrl}${url}`);
  await settle(page);
  for (const label of await idLabels(page)) findings.push(`${url}: …${label}…`);
  const links = await linksOn(page);
  // A link may open a drawer over the page (a deputy's details, a measure): read, then closed.
  const overlay = page.locator('.el-overlay:visible');
  if ((await overlay.count()) > 0) {
    await page.keyboard.press('Escape');
    await overlay.first().waitFor({ state: 'hidden' });
  }
  const tabs = page.locator('.el-tabs__item:not(.is-disabled)');
  const count = await tabs.count();
  for (let i = 0; i < count; i++) {
    const tab = tabs.nth(i);
    if (!(await tab.isVisible())) continue;
    const name = await text(tab);
    await tab.click();
    await settle(page);
    for (const label of await idLabels(page)) findings.push(`${url} [${name}]: …${label}…`);
    links.push(...(await linksOn(page)));
  }
  return { findings, links, tabs: count };
}

/** Crawls what `username` can reach: the menu, the pages named by API ids, and the links on them. */
async function crawl(username, password) {
  const { context, page, pageErrors } = await openPage();
  try {
    await logIn(page, username, password);
    const queue = ['/', ...(await menuPages(page)), ...(await pagesFromApi(page))];
    const patterns = new Map();
    const visited = new Set();
    const findings = [];
    let tabs = 0;
    while (queue.length > 0 && visited.size < MAX_PAGES) {
      const url = queue.shift();
      const pattern = url.replace(/\d+/g, ':n');
      if (visited.has(url) || (patterns.get(pattern) ?? 0) >= PER_PATTERN) continue;
      visited.add(url);
      patterns.set(pattern, (patterns.get(pattern) ?? 0) + 1);
      const scanned = await scanPage(page, url);
      findings.push(...scanned.findings);
      queue.push(...scanned.links);
      tabs += scanned.tabs;
    }
    return { visited: [...visited], tabs, findings, pageErrors };
  } finally {
    await context.close();
  }
}

test('every page as each demo role (and each tab) shows no "#<digits>" label', async (t) => {
  const findings = [];
  for (const [username, password] of ROLES) {
    const result = await crawl(username, password);
    t.diagnostic(`${username}: ${result.visited.length} pages, ${result.tabs} tabs`);
    assert.ok(result.visited.length >= 3, `${username} reached ${result.visited.join(' ')}`);
    findings.push(...result.findings.map((finding) => `${username} ${finding}`));
  }
  assert.deepEqual(findings, [], 'no page shows an id as "#<digits>"');
});

test('no chunk of the served admin app builds a "#<id>" label', async () => {
  // The scripts the server serves: index.html's, and every chunk they import, followed to the end.
  const base = baseUrlOf();
  const html = await (await fetch(`${base}/`)).text();
  const pending = [...html.matchAll(/assets\/([\w.-]+\.js)/g)].map((m) => m[1]);
  const seen = new Set();
  const found = [];
  while (pending.length > 0) {
    const name = pending.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    const source = await (await fetch(`${base}/assets/${name}`)).text();
    for (const m of source.matchAll(/["'`(]\.\/([\w.-]+\.js)|assets\/([\w.-]+\.js)/g)) pending.push(m[1] ?? m[2]);
    // The UI kit's own chunk builds "#id" CSS selectors, never a label.
    if (name.startsWith('vendor-')) continue;
    // A label made of "#" and an interpolated id (`#${id}`), or a message with "#{id}".
    for (const m of source.matchAll(/`#\$\{|#\{\w+\}/g)) found.push(`${name}: …${source.slice(Math.max(0, m.index - 60), m.index + 20)}…`);
  }
  assert.ok(seen.size >= 10, `followed the app's chunks (${seen.size})`);
  assert.deepEqual(found, [], 'no "#<id>" label in the served app');
});
