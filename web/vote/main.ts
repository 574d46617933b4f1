// The evaluator's phone page: its own small entry, no framework and no UI kit, built for es2017
// (WeChat's browser, Android 7+ WebView, iOS Safari 12+; DESIGN.md §6).
//
// Secrecy (DESIGN.md §5): the carrier's code arrives in the URL #fragment, which the browser never
// sends to the server; the page reads it once, keeps it in memory only, and takes it out of the
// address bar at once (a screenshot or a shared link then shows no code). The code and receipts go
// to the server in request bodies only (see api.ts). A ballot's choices live in memory until the
// server acknowledges it and are dropped then; a voted poll shows its receipt, never its choices.
//
// The page is a plain state object and a render() that rebuilds the DOM from it. Inputs keep their
// text in the state as they are typed, so a re-render never loses what was typed, and the focus
// goes back to the element that had it (or to where the next step is: access.ts, ballot.ts).
//
// The next voter finds nothing of the last one: the text size and the language live in memory
// only, and a new scan or 换一张凭条 resets them with everything else (resetVoter).

import './vote.css';
import { announce, applySize, clearAnnouncements, focusById, focusedId, renderSizes } from './access';
import { cast, lookup } from './api';
import type { BallotLookup, LookupPoll } from './api';
import { newBallotUi, renderBallot, renderVoted, type BallotHost, type BallotUi } from './ballot';
import { emptyCheck, renderCheck, toApiError, type CheckHost } from './check';
import { button, h } from './dom';
import { message } from './messages';
import type { Lang, MessageKey } from './messages';

const REFRESH_MS = 5000;
const CODE_LENGTH = 26;
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]*$/;

type View = 'entry' | 'ballot' | 'check';

const state = {
  lang: 'zh-CN' as Lang,
  /** The 字号 switch: 0 标准, 1 大, 2 特大 (access.ts). */
  size: 0,
  view: 'entry' as View,
  /** The normalized code (26 characters), in memory only. */
  code: '',
  entryText: '',
  entryError: '',
  data: null as BallotLookup | null,
  loading: false,
  lookupError: '',
  /** A refusal that made a ballot disappear (the poll closed, the carrier was spent elsewhere). */
  notice: '',
  ballots: {} as Record<number, BallotUi>,
  /** The poll to scroll to after the next render (just voted). */
  scrollTo: 0,
  check: emptyCheck(),
  /** The id of the element to focus after the next render, instead of the one focused before. */
  focus: '',
};

let refreshTimer = 0;
let lookupSeq = 0;

const t = (key: MessageKey, params?: Record<string, string | number>) => message(state.lang, key, params);

/** Forgets the last voter: their code, ballots, receipt check, text size, language and announcements. */
function resetVoter() {
  window.clearTimeout(refreshTimer);
  lookupSeq++;
  state.lang = 'zh-CN';
  state.size = 0;
  state.code = '';
  state.data = null;
  state.ballots = {};
  state.notice = '';
  state.entryText = '';
  state.entryError = '';
  state.lookupError = '';
  state.check = emptyCheck();
  state.view = 'entry';
  clearAnnouncements();
}

// ---- codes -------------------------------------------------------------------------------------

/** Upper case without spaces or dashes; the misreadings Crockford's base32 allows (I, L → 1; O → 0). */
function normalizeCode(raw: string): string {
  return raw.replace(/[\s\-\u2010-\u2015\u00a0]/g, '').toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
}

function codeProblem(code: string): string {
  if (!CROCKFORD.test(code)) {
    const bad = code.replace(/[0-9A-HJKMNP-TV-Z]/g, '');
    return t('codeChars', { chars: bad.split('').filter((c, i) => bad.indexOf(c) === i).join(' ') });
  }
  if (code.length !== CODE_LENGTH) return t('codeLength', { n: code.length });
  return '';
}

/** Reads the #fragment once and removes it from the address bar and the history entry. */
function takeFragment(): string {
  const raw = window.location.hash.replace(/^#/, '');
  if (!raw) return '';
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function start(raw: string) {
  const code = normalizeCode(raw);
  const problem = codeProblem(code);
  if (problem) {
    state.view = 'entry';
    state.entryText = raw;
    state.entryError = problem;
    announce(problem, true);
    render();
    return;
  }
  state.code = code;
  state.entryText = '';
  state.entryError = '';
  state.view = 'ballot';
  state.data = null;
  state.ballots = {};
  state.notice = '';
  state.lookupError = '';
  void refresh(false);
}

// ---- server calls ------------------------------------------------------------------------------

const openPolls = (data: BallotLookup) => data.polls.filter((p) => !p.voted && p.state === 'open');

/** Asks what the carrier may vote on. `quiet`: an automatic refresh, which keeps the page as it is on failure. */
async function refresh(quiet: boolean) {
  window.clearTimeout(refreshTimer);
  const seq = ++lookupSeq;
  const code = state.code;
  // An automatic refresh that changes nothing redraws nothing: a redraw would give the focus back
  // to its element, and a screen reader would read it out again every 5 s.
  const shown = JSON.stringify([state.data, state.lookupError, state.view]);
  const wasOpen = state.data ? openPolls(state.data).length : 0;
  state.loading = true;
  if (!quiet) render();
  try {
    const data = await lookup(code, state.lang);
    if (seq !== lookupSeq || code !== state.code) return;
    state.data = data;
    state.lookupError = '';
    // Keep the choices of polls still open; forget the rest.
    const kept: Record<number, BallotUi> = {};
    for (const p of openPolls(data)) if (state.ballots[p.id]) kept[p.id] = state.ballots[p.id];
    state.ballots = kept;
  } catch (error) {
    if (seq !== lookupSeq || code !== state.code) return;
    const e = toApiError(error);
    if (e.code.indexOf('credential.') === 0 || e.status === 429) {
      // A wrong, voided or throttled code: back to typing it.
      state.code = '';
      state.data = null;
      state.ballots = {};
      state.view = 'entry';
      state.entryError = e.message + (e.retryAfter ? ' ' + t('retryAfter', { s: e.retryAfter }) : '');
      announce(state.entryError, true);
    } else {
      state.lookupError = e.network ? t('networkErrorLookup') : e.message;
      if (!quiet) announce(state.lookupError, true);
    }
  } finally {
    if (seq === lookupSeq) state.loading = false;
  }
  if (quiet && state.data && wasOpen === 0 && openPolls(state.data).length > 0) announce(t('pollOpened'));
  if (!quiet || JSON.stringify([state.data, state.lookupError, state.view]) !== shown) render();
  scheduleRefresh();
}

/** While there is nothing to vote on, asks again every 5 s (valid codes are never rate-limited). */
function scheduleRefresh() {
  window.clearTimeout(refreshTimer);
  if (state.view !== 'ballot' || !state.code) return;
  if (state.data && openPolls(state.data).length > 0) return;
  refreshTimer = window.setTimeout(() => void refresh(true), REFRESH_MS);
}

async function send(poll: LookupPoll) {
  const ui = state.ballots[poll.id];
  if (!ui || ui.sending) return;
  ui.sending = true;
  ui.error = '';
  ui.networkError = false;
  render();
  // The same order and the same choices every time: a re-send after a lost answer is the
  // identical ballot, which the server acknowledges with the same receipt.
  const choices = poll.deputies.map((d) => ({ deputy_id: d.id, option: ui.choices[d.id] }));
  const code = state.code;
  try {
    const answer = await cast(code, poll.id, choices, state.lang);
    if (code !== state.code) return;
    // A refresh may have replaced the lookup meanwhile: mark the poll in the current one.
    const current = (state.data && state.data.polls.find((p) => p.id === poll.id)) || poll;
    current.voted = true;
    current.receipt = answer.receipt;
    delete state.ballots[poll.id];
    state.scrollTo = poll.id;
    state.focus = `vote-voted-title-${poll.id}`;
    announce(t('castDone', { receipt: answer.receipt }));
    render();
    scheduleRefresh();
  } catch (error) {
    if (code !== state.code) return;
    const e = toApiError(error);
    ui.sending = false;
    if (e.network || e.status >= 500) {
      ui.error = t('networkError');
      ui.networkError = true;
      announce(ui.error, true);
      render();
    } else if (e.status === 400) {
      ui.error = e.message;
      ui.stage = 'choose';
      announce(ui.error, true);
      render();
    } else {
      // Closed poll, carrier spent or voided: the server's word, then what the carrier may do now.
      state.notice = e.message;
      announce(e.message, true);
      void refresh(false);
    }
  }
}

// ---- DOM ---------------------------------------------------------------------------------------

function render() {
  const app = document.getElementById('app');
  if (!app) return;
  const focus = state.focus || focusedId();
  state.focus = '';
  document.documentElement.lang = state.lang;
  applySize(state.size);
  document.title = t('title');
  const page = document.createDocumentFragment();
  page.appendChild(renderHeader());
  const body = h('main', { class: 'body' });
  if (state.view === 'entry') body.appendChild(renderEntry());
  else if (state.view === 'check') body.appendChild(renderCheck(state.check, checkHost));
  else body.appendChild(renderBallots());
  page.appendChild(body);
  page.appendChild(renderFooter());
  app.textContent = '';
  app.appendChild(page);
  focusById(focus);
  if (state.scrollTo) {
    const target = document.querySelector(`[data-test="vote-voted-${state.scrollTo}"]`);
    state.scrollTo = 0;
    if (target) target.scrollIntoView();
  }
}

function renderHeader(): HTMLElement {
  const title = state.view === 'ballot' && state.data ? state.data.meeting_title : t('title');
  return h(
    'header',
    null,
    h(
      'div',
      { class: 'top' },
      h('h1', { 'data-test': 'vote-title' }, title),
      h(
        'button',
        {
          type: 'button',
          id: 'vote-lang',
          class: 'link lang',
          'data-test': 'vote-lang',
          lang: state.lang === 'en' ? 'zh-CN' : 'en',
          onclick: () => {
            // For this voter only: not remembered (resetVoter).
            state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
            render();
          },
        },
        t('switchLang'),
      ),
    ),
    renderSizes(state.size, t, (size) => {
      state.size = size;
      render();
    }),
  );
}

function renderEntry(): HTMLElement {
  return h(
    'form',
    {
      class: 'card',
      'data-test': 'vote-entry',
      novalidate: true,
      autocomplete: 'off',
      onsubmit: (event) => {
        event.preventDefault();
        start(state.entryText);
      },
    },
    h('h2', null, t('entryTitle')),
    h('p', { class: 'hint', id: 'vote-code-hint' }, t('entryHint')),
    h('label', { class: 'field-label', for: 'vote-code' }, t('entryLabel')),
    h('input', {
      id: 'vote-code',
      class: 'field code',
      'data-test': 'vote-code-input',
      type: 'text',
      autocomplete: 'off',
      autocorrect: 'off',
      autocapitalize: 'characters',
      spellcheck: 'false',
      'aria-describedby': state.entryError ? 'vote-code-error vote-code-hint' : 'vote-code-hint',
      'aria-invalid': state.entryError ? 'true' : null,
      value: state.entryText,
      oninput: (event) => {
        state.entryText = (event.target as HTMLInputElement).value;
      },
    }),
    state.entryError && h('p', { class: 'error', id: 'vote-code-error', 'data-test': 'vote-entry-error' }, state.entryError),
    h('button', { type: 'submit', id: 'vote-code-submit', class: 'btn primary', 'data-test': 'vote-code-submit' }, t('entrySubmit')),
  );
}

const ballotHost: BallotHost = {
  t,
  render,
  send: (poll) => void send(poll),
  focusNext: (id) => {
    state.focus = id;
  },
  alert: (text) => announce(text, true),
};

function renderBallots(): HTMLElement {
  const wrap = h('div', null);
  if (state.notice) wrap.appendChild(h('p', { class: 'error', 'data-test': 'vote-notice' }, state.notice));
  const data = state.data;
  if (!data) {
    if (state.lookupError) {
      wrap.appendChild(
        h(
          'div',
          { class: 'card' },
          h('p', { class: 'error', 'data-test': 'vote-lookup-error' }, state.lookupError),
          button(t('retry'), 'vote-lookup-retry', () => void refresh(false), { id: 'vote-lookup-retry', class: 'btn primary' }),
        ),
      );
    } else {
      wrap.appendChild(h('p', { class: 'card muted', 'data-test': 'vote-loading' }, t('loading')));
    }
    return wrap;
  }
  for (const poll of data.polls) {
    if (poll.voted) wrap.appendChild(renderVoted(poll, ballotHost));
    else if (poll.state === 'open') wrap.appendChild(renderBallot(poll, data, ballotUi(poll), ballotHost));
  }
  if (openPolls(data).length === 0) {
    const anyVoted = data.polls.some((p) => p.voted);
    wrap.appendChild(
      h(
        'div',
        { class: 'card waiting', 'data-test': 'vote-waiting' },
        h('p', { class: 'waiting-text' }, anyVoted ? t('waitingNext') : t('waiting')),
        h('p', { class: 'hint' }, t('autoRefresh')),
        state.lookupError && h('p', { class: 'error' }, state.lookupError),
        button(t('refresh'), 'vote-refresh', () => state.loading || void refresh(false), { id: 'vote-refresh', 'aria-disabled': state.loading ? 'true' : null }),
      ),
    );
  }
  return wrap;
}

function ballotUi(poll: LookupPoll): BallotUi {
  let ui = state.ballots[poll.id];
  if (!ui) {
    ui = newBallotUi();
    state.ballots[poll.id] = ui;
  }
  return ui;
}

function openCheck() {
  const c = state.check;
  c.back = state.view;
  c.result = '';
  c.error = '';
  // Offer the last receipt of this carrier, if any: it is on this screen already.
  const voted = state.data ? state.data.polls.filter((p) => p.voted && p.receipt) : [];
  if (!c.poll && !c.receipt && voted.length > 0) {
    c.poll = String(voted[voted.length - 1].id);
    c.receipt = voted[voted.length - 1].receipt || '';
  }
  state.view = 'check';
  state.focus = 'vote-check-title';
  window.clearTimeout(refreshTimer);
  render();
  window.scrollTo(0, 0);
}

function closeCheck() {
  state.view = state.check.back === 'ballot' && state.code ? 'ballot' : 'entry';
  state.focus = 'vote-check-link';
  if (state.view === 'ballot') void refresh(false);
  else render();
}

function renderFooter(): HTMLElement {
  const links = h('div', { class: 'links' });
  if (state.view !== 'check') links.appendChild(h('button', { type: 'button', id: 'vote-check-link', class: 'link', 'data-test': 'vote-check-link', onclick: openCheck }, t('checkLink')));
  if (state.view === 'ballot') {
    links.appendChild(
      h(
        'button',
        {
          type: 'button',
          id: 'vote-other-code',
          class: 'link',
          'data-test': 'vote-other-code',
          onclick: () => {
            // The phone may pass to the next voter here.
            resetVoter();
            state.focus = 'vote-code';
            render();
          },
        },
        t('otherCode'),
      ),
    );
  }
  const fingerprint = state.data ? state.data.key_fingerprint : '';
  return h(
    'footer',
    { class: 'bottom' },
    links,
    fingerprint && h('p', { class: 'fingerprint', 'data-test': 'vote-fingerprint' }, t('fingerprint') + (state.lang === 'en' ? ': ' : '：') + fingerprint),
  );
}

const checkHost: CheckHost = { lang: () => state.lang, t, render, close: closeCheck, announce };

// ---- start -------------------------------------------------------------------------------------

window.addEventListener('hashchange', () => {
  // Another slip scanned while the page is open: maybe by the next voter.
  const raw = takeFragment();
  if (!raw) return;
  resetVoter();
  start(raw);
});

const fromFragment = takeFragment();
if (fromFragment) start(fromFragment);
else render();
