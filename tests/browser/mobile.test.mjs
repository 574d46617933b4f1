// Browser test of the admin pages on a phone (390×844, as a link opened from WeChat): for each
// role's main pages the side menu is a drawer behind a button in the red bar, the content takes
// the full width, the header title does not overflow, and no page scrolls sideways (wide tables
// scroll inside themselves). Same set-up as shell.test.mjs (see harness.mjs).
// Screenshots: <repo>/build/screenshots/mobile-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiCall, byTest, DEMO_PASSWORD, logIn, openPage, screenshot, startAll, stopAll } from './harness.mjs';

let baseUrl = '';
before(async () => {
  baseUrl = await startAll();
});
after(stopAll);

const PHONE = { width: 390, height: 844 };

/** The elements wider than the screen that make the page scroll sideways, for the message. */
async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0) {
        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(box.right)}`);
      }
      if (out.length >= 8) break;
    }
    return out.length ? out : [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`];
  });
}

/** Opens `path` and checks the phone layout: full-width content, no sideways scroll, title fits. */
async function checkPage(page, path, name) {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300); // tables and charts lay out after their data
  assert.deepEqual(await sidewaysOverflow(page), [], `${path}: nothing wider than the phone`);
  assert.equal(await page.locator('.layout-aside').count(), 0, `${path}: no side menu column`);
  const main = await page.locator('.layout-main').boundingBox();
  assert.ok(main && main.width >= PHONE.width - 1, `${path}: the content takes the full width (${main?.width})`);
  const title = await byTest(page, 'app-name').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
  assert.ok(title.right <= PHONE.width, `${path}: the header title stays in the red bar`);
  await screenshot(page, `mobile-${name}`);
}

for (const [role, pages] of Object.entries({
  organizer: [['/', 'home'], ['/campaigns', 'campaigns'], ['/campaigns/1', 'campaign'], ['/registry/roster', 'roster'], ['/registry/groups', 'groups'], ['/users', 'users'], ['/audit', 'audit'], ['/opinions/pending', 'opinions']],
  leader: [['/', 'home'], ['/registry/groups', 'my-groups'], ['/campaigns', 'campaigns'], ['/campaigns/1', 'campaign']],
  deputy: [['/', 'home'], ['/my-reports', 'my-reports'], ['/my-results', 'my-results'], ['/my-opinions', 'my-opinions']],
  reviewer: [['/', 'home'], ['/campaigns', 'campaigns'], ['/registry/roster', 'roster']],
})) {
  test(`${role} on a phone: menu in a drawer, pages fit the screen`, async () => {
    const opened = await openPage({ viewport: PHONE });
    const page = opened.page;
    try {
      await logIn(page, role, DEMO_PASSWORD);
      for (const [path, name] of pages) await checkPage(page, path, `${role}-${name}`);
      // A meeting page, where the role may see one.
      const meetings = role === 'deputy' ? { status: 403 } : await apiCall(page, 'GET', '/campaigns/1/meetings');
      if (meetings.status === 200 && meetings.body.items.length) {
        await checkPage(page, `/meetings/${meetings.body.items[0].id}`, `${role}-meeting`);
      }
      // The menu opens as a drawer and takes the user where they tap, then closes.
      await byTest(page, 'menu-toggle').click();
      const drawer = byTest(page, 'menu-drawer');
      await drawer.waitFor();
      await screenshot(page, `mobile-${role}-menu`);
      await drawer.locator('[data-test="menu-home"]').click();
      await page.waitForURL(`${baseUrl}/`);
      await drawer.waitFor({ state: 'hidden' });
      assert.deepEqual(opened.pageErrors, []);
    } finally {
      await opened.context.close();
    }
  });
}
