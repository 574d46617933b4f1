// Browser test of the phone ballot page for elderly evaluators and assistive technology (issue 16
// §3, docs/design/accessibility.md), on a 360×640 screen:
//   - on every screen (code entry with an error, ballot with a deputy left out, confirm, voted,
//     receipt check) and at each of the three text sizes: every text at least 18 / 22 / 28 px,
//     every text colour at least 10:1 against what is behind it (computed from the page's own
//     colours), every touch target at least 48 px, nothing wider than the screen, and axe-core;
//   - a ballot cast with the keyboard alone, each deputy a named radio group, the focus following
//     each step and the result announced in the live region;
//   - the next voter finds nothing of the last: a new scan or 换一张凭条 starts at the standard size
//     in Chinese, with nothing stored in the browser.
// Same set-up as vote.test.mjs (see harness.mjs). Screenshots: <repo>/build/screenshots/vote-a11y-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { contrastRatio, textColours } from './a11y.mjs';
import { apiLogIn, byTest, DEMO_PASSWORD, openPage, printCodes, screenshot, startAll, stopAll, text } from './harness.mjs';

const PHONE = { width: 360, height: 640 };
const SIZES = [18, 22, 28]; // 标准, 大, 特大: the root font size in CSS px
const MIN_CONTRAST = 10;
const MIN_TARGET = 48;

let baseUrl = '';
let org = null;
let setup = null;
before(async () => {
  baseUrl = await startAll();
  org = await apiLogIn('organizer', DEMO_PASSWORD);
  setup = await openPhoneMeeting(5);
});
after(stopAll);

async function json(responsePromise, expectedStatus = 200) {
  const response = await responsePromise;
  const body = await response.text();
  assert.equal(response.status, expectedStatus, `HTTP ${response.status}: ${body}`);
  return body ? JSON.parse(body) : null;
}

/** A committee meeting of two deputies with one open sheet poll, `slips` phone slips, all checked in. */
async function openPhoneMeeting(slips) {
  const campaigns = await json(org('GET', '/campaigns'));
  const committee = campaigns.items.find((c) => c.spec?.template_code === 'committee');
  const reporting = await json(org('GET', `/campaigns/${committee.id}/deputies`));
  const deputies = reporting.items.slice(0, 2).map((d) => ({ id: d.deputy_id, name: d.name }));
  const meeting = await json(
    org('POST', `/campaigns/${committee.id}/meetings`, {
      title: '无障碍测试会议',
      starts_at: '2026-11-28T09:00:00+08:00',
      deputy_ids: deputies.map((d) => d.id),
      poll_mode: 'sheet',
    }),
    201,
  );
  const pdf = await org('POST', `/meetings/${meeting.id}/carriers`, { channel: 'phone', count: slips });
  assert.equal(pdf.status, 200);
  const codes = printCodes(Buffer.from(await pdf.arrayBuffer())).map((c) => c.replace(/-/g, ''));
  assert.equal(codes.length, slips);
  for (const a of meeting.attendees.filter((x) => x.role === 'evaluator').slice(0, slips)) {
    assert.equal((await org('POST', `/meetings/${meeting.id}/attendees/${a.id}/check-in`, { channel: 'phone' })).status, 204);
  }
  const pollId = meeting.polls[0].id;
  assert.equal((await org('POST', `/polls/${pollId}/open`)).status, 204);
  return { meeting, pollId, codes, deputies, scale: meeting.scale };
}

/** Chooses the text size with the 字号 switch and checks that the root follows. */
async function chooseSize(page, index) {
  await byTest(page, `vote-size-${index}`).check();
  assert.equal(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize)), SIZES[index]);
}

/**
 * The measures of the screen as shown: every text's size and contrast, every target's size, no
 * sideways scroll. Returns the lowest contrast seen.
 */
async function checkScreen(page, name, sizeIndex) {
  const where = `${name}, size ${sizeIndex}`;
  const texts = await textColours(page, '#app');
  assert.ok(texts.length > 3, `${where}: texts found`);
  let lowest = Infinity;
  for (const item of texts) {
    assert.ok(!item.unknown, `${where}: "${item.text}" is drawn over an image`);
    const ratio = contrastRatio(item.color, item.background);
    lowest = Math.min(lowest, ratio);
    assert.ok(ratio >= MIN_CONTRAST, `${where}: "${item.text}" (${item.tag}.${item.cls}) contrast ${ratio.toFixed(2)} < ${MIN_CONTRAST}: ${item.color} on ${item.background}`);
    assert.ok(item.fontSize >= SIZES[sizeIndex] - 0.01, `${where}: "${item.text}" (${item.tag}.${item.cls}) is ${item.fontSize} px < ${SIZES[sizeIndex]}`);
  }
  const small = await page.evaluate((min) => {
    const out = [];
    for (const el of document.querySelectorAll('#app button, #app .field, #app label.option, #app label.size-option')) {
      const box = el.getBoundingClientRect();
      if (box.height < min || box.width < min) out.push(`${el.textContent.trim() || el.id}: ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return out;
  }, MIN_TARGET);
  assert.deepEqual(small, [], `${where}: touch targets below ${MIN_TARGET} px`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `${where}: nothing wider than the screen`);
  return lowest;
}

const SIZE_NAMES = ['standard', 'large', 'xlarge'];

/**
 * checkScreen at each size, with a screenshot (and axe-core, through screenshot()) at each:
 * vote-a11y-<screen>-standard|large|xlarge.png. Ends at the standard size.
 */
async function checkAllSizes(page, name, lowest) {
  for (let size = SIZES.length - 1; size >= 0; size -= 1) {
    await chooseSize(page, size);
    lowest.value = Math.min(lowest.value, await checkScreen(page, name, size));
    await screenshot(page, `vote-a11y-${name}-${SIZE_NAMES[size]}`);
  }
}

test('vote page: text of 18 px or more, contrast of 10:1 or more and 48 px targets on every screen at every size', async (t) => {
  const { page, context, pageErrors } = await openPage({ viewport: PHONE });
  const { codes, deputies, pollId, scale } = setup;
  const lowest = { value: Infinity };
  try {
    // Code entry, with the error for a mistyped code.
    await page.goto(`${baseUrl}/v`);
    await byTest(page, 'vote-code-input').fill('ABC');
    await byTest(page, 'vote-code-submit').click();
    await byTest(page, 'vote-entry-error').waitFor();
    await checkAllSizes(page, 'entry', lowest);

    // The ballot, one deputy left out.
    await byTest(page, 'vote-code-input').fill(codes[0]);
    await byTest(page, 'vote-code-submit').click();
    await byTest(page, `vote-ballot-${pollId}`).waitFor();
    await byTest(page, `vote-option-${deputies[0].id}-${scale[0].code}`).check();
    await byTest(page, 'vote-submit').click();
    await byTest(page, 'vote-missing').waitFor();
    await checkAllSizes(page, 'ballot', lowest);

    // The confirm screen repeats every choice in words.
    await byTest(page, `vote-option-${deputies[1].id}-${scale[1].code}`).check();
    await byTest(page, 'vote-submit').click();
    const summary = await text(byTest(page, 'vote-confirm'));
    assert.match(summary, new RegExp(`${deputies[0].name} ${scale[0].label}`));
    assert.match(summary, new RegExp(`${deputies[1].name} ${scale[1].label}`));
    await checkAllSizes(page, 'confirm', lowest);

    // Voted: the receipt.
    await byTest(page, 'vote-confirm-submit').click();
    await byTest(page, `vote-voted-${pollId}`).waitFor();
    await checkAllSizes(page, 'voted', lowest);

    // The receipt check, with its answer.
    await byTest(page, 'vote-check-link').click();
    await byTest(page, 'vote-check-submit').click();
    await byTest(page, 'vote-check-result').waitFor();
    await checkAllSizes(page, 'check', lowest);

    t.diagnostic(`vote page: lowest text contrast ${lowest.value.toFixed(2)}:1 over 5 screens × 3 sizes`);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page, selector, max = 25) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

const focused = (page) => page.evaluate(() => document.activeElement && (document.activeElement.id || document.activeElement.tagName));

test('vote page by keyboard alone: size, code, choices, confirm and cast; each deputy a named radio group; the result announced', async () => {
  const { page, context, pageErrors } = await openPage({ viewport: PHONE });
  const { codes, deputies, pollId, scale } = setup;
  const [a, b] = deputies;
  try {
    await page.goto(`${baseUrl}/v`);
    // The 字号 switch: one tab stop, the arrow keys choose.
    await tabTo(page, '#vote-size-0');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.documentElement.className), 'size-1');
    assert.equal(await focused(page), 'vote-size-1', 'the focus stays on the switch after the page is redrawn');
    await tabTo(page, '#vote-code');
    await page.keyboard.type(codes[1]);
    await page.keyboard.press('Enter');
    await byTest(page, `vote-ballot-${pollId}`).waitFor();

    // Each deputy is a group named by the deputy, of radios named by the option.
    for (const d of [a, b]) {
      const group = page.getByRole('group', { name: d.name, exact: true });
      assert.equal(await group.count(), 1, `a group named ${d.name}`);
      for (const option of scale) assert.equal(await group.getByRole('radio', { name: option.label, exact: true }).count(), 1);
    }
    assert.equal(await page.getByRole('radiogroup', { name: '字号' }).getByRole('radio').count(), 3);

    // The first deputy: Space chooses the first option. Then 提交 with the second left out.
    await tabTo(page, `input[name="vote-${pollId}-${a.id}"]`);
    await page.keyboard.press('Space');
    assert.equal(await byTest(page, `vote-option-${a.id}-${scale[0].code}`).isChecked(), true);
    await tabTo(page, `#vote-submit-${pollId}`);
    await page.keyboard.press('Enter');
    // The focus goes to the deputy left out, and the alert region names them.
    assert.equal(await focused(page), `vote-opt-${pollId}-${b.id}-${scale[0].code}`);
    await byTest(page, 'vote-alert').filter({ hasText: b.name }).waitFor();
    // Arrow down: the second option of the second deputy.
    await page.keyboard.press('ArrowDown');
    assert.equal(await byTest(page, `vote-option-${b.id}-${scale[1].code}`).isChecked(), true);
    await tabTo(page, `#vote-submit-${pollId}`);
    await page.keyboard.press('Enter');

    // The confirm screen has the focus and repeats each choice in words.
    assert.equal(await focused(page), `vote-confirm-title-${pollId}`);
    const summary = await text(byTest(page, 'vote-confirm'));
    assert.match(summary, new RegExp(`${a.name} ${scale[0].label}.*${b.name} ${scale[1].label}`));
    await tabTo(page, `#vote-send-${pollId}`);
    await page.keyboard.press('Enter');

    // Cast: the voted card has the focus, the live region says so with the receipt.
    await byTest(page, `vote-voted-${pollId}`).waitFor();
    const receipt = await text(byTest(page, `vote-voted-${pollId}`).locator('[data-test="vote-receipt"]'));
    assert.equal(await focused(page), `vote-voted-title-${pollId}`);
    const live = byTest(page, 'vote-live');
    await live.filter({ hasText: receipt }).waitFor();
    assert.match(await text(live), /投票成功，您的选票已计入/);
    assert.equal(await live.getAttribute('role'), 'status');
    await screenshot(page, 'vote-a11y-keyboard-voted');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('vote page: the next voter starts at the standard size, in Chinese, with nothing stored', async () => {
  const { page, context, pageErrors } = await openPage({ viewport: PHONE });
  const { codes, pollId } = setup;
  const settingsOf = () =>
    page.evaluate(() => ({
      size: document.documentElement.className,
      lang: document.documentElement.lang,
      live: document.getElementById('vote-live').textContent,
      stored: localStorage.length + sessionStorage.length + document.cookie.length,
    }));
  const fresh = { size: 'size-0', lang: 'zh-CN', live: '', stored: 0 };
  try {
    // A voter enlarges the text, switches to English and votes.
    await page.goto(`${baseUrl}/v#${codes[2]}`);
    await byTest(page, `vote-ballot-${pollId}`).waitFor();
    await chooseSize(page, 2);
    await byTest(page, 'vote-lang').click();
    for (const input of await page.locator(`[data-test="vote-ballot-${pollId}"] input[value="${setup.scale[0].code}"]`).all()) await input.check();
    await byTest(page, 'vote-submit').click();
    await byTest(page, 'vote-confirm-submit').click();
    await byTest(page, `vote-voted-${pollId}`).waitFor();
    await byTest(page, 'vote-live').filter({ hasText: 'Receipt' }).waitFor();

    // The next slip scanned into the same page: the defaults again, the last receipt gone.
    await page.evaluate((code) => (window.location.hash = code), codes[3]);
    await byTest(page, `vote-ballot-${pollId}`).waitFor();
    assert.deepEqual(await settingsOf(), fresh);
    assert.equal(await byTest(page, 'vote-size-0').isChecked(), true);

    // 换一张凭条 hands the phone on too.
    await chooseSize(page, 1);
    await byTest(page, 'vote-lang').click();
    await byTest(page, 'vote-other-code').click();
    await byTest(page, 'vote-entry').waitFor();
    assert.deepEqual(await settingsOf(), fresh);
    assert.equal(await focused(page), 'vote-code');

    // And a fresh load: nothing was kept in the browser.
    await chooseSize(page, 2);
    await page.goto('about:blank');
    await page.goto(`${baseUrl}/v#${codes[4]}`);
    await byTest(page, `vote-ballot-${pollId}`).waitFor();
    assert.deepEqual(await settingsOf(), fresh);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
