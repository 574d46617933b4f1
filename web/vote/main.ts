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
// text in the state as they are typed, so a re-render never loses what was typed.

import './vote.css';
import { cast, lookup } from './api';
import type { BallotLookup, LookupPoll } from './api';
import { emptyCheck, renderCheck, toApiError, type CheckHost } from './check';
import { button, h } from './dom';
import { message } from './messages';
import type { Lang, MessageKey } from './messages';

const ABSTAIN = 'abstain';
const REFRESH_MS = 5000;
const CODE_LENGTH = 26;
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]*$/;
const LANG_KEY = 'shuzhi.vote.lang';

type View = 'entry' | 'ballot' | 'check';

/** One open poll's ballot as the evaluator fills it in. */
interface BallotUi {
  choices: Record<number, string>;
  stage: 'choose' | 'confirm';
  /** Deputies without a choice after the last 提交, in ballot order. */
  missing: number[];
  sending: boolean;
  error: string;
  networkError: boolean;
}

const state = {
  lang: initialLang(),
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
};

let refreshTimer = 0;
let lookupSeq = 0;

const t = (key: MessageKey, params?: Record<string, string | number>) => message(state.lang, key, params);

function initialLang(): Lang {
  try {
    if (window.localStorage.getItem(LANG_KEY) === 'en') return 'en';
  } catch {
    // Storage may be off (private mode, some WebViews): Chinese, as by default.
  }
  return 'zh-CN';
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
    } else {
      state.lookupError = e.network ? t('networkErrorLookup') : e.message;
    }
  } finally {
    if (seq === lookupSeq) state.loading = false;
  }
  render();
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
    render();
    scheduleRefresh();
  } catch (error) {
    if (code !== state.code) return;
    const e = toApiError(error);
    ui.sending = false;
    if (e.network || e.status >= 500) {
      ui.error = t('networkError');
      ui.networkError = true;
      render();
    } else if (e.status === 400) {
      ui.error = e.message;
      ui.stage = 'choose';
      render();
    } else {
      // Closed poll, carrier spent or voided: the server's word, then what the carrier may do now.
      state.notice = e.message;
      void refresh(false);
    }
  }
}

// ---- DOM ---------------------------------------------------------------------------------------

function render() {
  const app = document.getElementById('app');
  if (!app) return;
  document.documentElement.lang = state.lang;
  document.title = t('title');
  const page = document.createDocumentFragment();
  page.appendChild(renderHeader());
  const body = h('div', { class: 'body' });
  if (state.view === 'entry') body.appendChild(renderEntry());
  else if (state.view === 'check') body.appendChild(renderCheck(state.check, checkHost));
  else body.appendChild(renderBallots());
  page.appendChild(body);
  page.appendChild(renderFooter());
  app.textContent = '';
  app.appendChild(page);
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
    { class: 'top' },
    h('h1', { 'data-test': 'vote-title' }, title),
    h(
      'button',
      {
        type: 'button',
        class: 'link lang',
        'data-test': 'vote-lang',
        lang: state.lang === 'en' ? 'zh-CN' : 'en',
        onclick: () => {
          state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
          try {
            window.localStorage.setItem(LANG_KEY, state.lang);
          } catch {
            // Not remembered; the switch still applies to this page.
          }
          render();
        },
      },
      t('switchLang'),
    ),
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
    h('p', { class: 'hint' }, t('entryHint')),
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
      value: state.entryText,
      oninput: (event) => {
        state.entryText = (event.target as HTMLInputElement).value;
      },
    }),
    state.entryError && h('p', { class: 'error', role: 'alert', 'data-test': 'vote-entry-error' }, state.entryError),
    h('button', { type: 'submit', class: 'btn primary', 'data-test': 'vote-code-submit' }, t('entrySubmit')),
  );
}

function renderBallots(): HTMLElement {
  const wrap = h('div', null);
  if (state.notice) wrap.appendChild(h('p', { class: 'error', role: 'alert', 'data-test': 'vote-notice' }, state.notice));
  const data = state.data;
  if (!data) {
    if (state.lookupError) {
      wrap.appendChild(
        h(
          'div',
          { class: 'card' },
          h('p', { class: 'error', role: 'alert', 'data-test': 'vote-lookup-error' }, state.lookupError),
          button(t('retry'), 'vote-lookup-retry', () => void refresh(false), { class: 'btn primary' }),
        ),
      );
    } else {
      wrap.appendChild(h('p', { class: 'card muted', 'data-test': 'vote-loading' }, t('loading')));
    }
    return wrap;
  }
  for (const poll of data.polls) {
    if (poll.voted) wrap.appendChild(renderVoted(poll));
    else if (poll.state === 'open') wrap.appendChild(renderBallot(poll, data));
  }
  if (openPolls(data).length === 0) {
    const anyVoted = data.polls.some((p) => p.voted);
    wrap.appendChild(
      h(
        'div',
        { class: 'card waiting', 'data-test': 'vote-waiting' },
        h('p', { class: 'waiting-text' }, anyVoted ? t('waitingNext') : t('waiting')),
        h('p', { class: 'hint' }, t('autoRefresh')),
        state.lookupError && h('p', { class: 'error', role: 'alert' }, state.lookupError),
        button(t('refresh'), 'vote-refresh', () => void refresh(false), { disabled: state.loading }),
      ),
    );
  }
  return wrap;
}

function ballotUi(poll: LookupPoll): BallotUi {
  let ui = state.ballots[poll.id];
  if (!ui) {
    ui = { choices: {}, stage: 'choose', missing: [], sending: false, error: '', networkError: false };
    state.ballots[poll.id] = ui;
  }
  return ui;
}

function optionLabel(data: BallotLookup, option: string): string {
  if (option === ABSTAIN) return t('abstain');
  for (const s of data.scale) if (s.code === option) return s.label;
  return option;
}

/** The confirm stage of a ballot: the choices once more, then 确认提交 (or 重试 after a lost answer). */
function renderConfirm(poll: LookupPoll, data: BallotLookup, ui: BallotUi, card: HTMLElement): HTMLElement {
  card.appendChild(h('h3', { class: 'confirm-title' }, t('confirmTitle')));
  const list = h('ul', { class: 'summary', 'data-test': 'vote-confirm' });
  for (const d of poll.deputies) {
    list.appendChild(h('li', null, h('span', { class: 'name' }, d.name), h('strong', null, optionLabel(data, ui.choices[d.id]))));
  }
  card.appendChild(list);
  card.appendChild(h('p', { class: 'hint' }, t('confirmNote')));
  if (ui.error) card.appendChild(h('p', { class: 'error', role: 'alert', 'data-test': 'vote-send-error' }, ui.error));
  const actions = h('div', { class: 'actions' });
  actions.appendChild(
    button(t('back'), 'vote-back', () => {
      ui.stage = 'choose';
      ui.error = '';
      render();
    }, { disabled: ui.sending }),
  );
  actions.appendChild(
    button(ui.sending ? t('sending') : ui.networkError ? t('retry') : t('confirm'), ui.networkError ? 'vote-retry' : 'vote-confirm-submit', () => void send(poll), {
      class: 'btn primary',
      disabled: ui.sending,
    }),
  );
  card.appendChild(actions);
  return card;
}

function renderBallot(poll: LookupPoll, data: BallotLookup): HTMLElement {
  const ui = ballotUi(poll);
  const card = h('section', { class: 'card ballot', 'data-test': `vote-ballot-${poll.id}` }, h('h2', null, t('pollHeading', { n: poll.position + 1, round: poll.round })));
  const options = data.scale.map((s) => ({ code: s.code, label: s.label }));
  if (data.abstention_allowed) options.push({ code: ABSTAIN, label: t('abstain') });

  if (ui.stage === 'confirm') return renderConfirm(poll, data, ui, card);

  card.appendChild(h('p', { class: 'hint' }, t('pollInstructions')));
  for (const d of poll.deputies) {
    const missing = ui.missing.indexOf(d.id) >= 0;
    // Up to three options side by side; more (a four-level scale, 弃权) two per row.
    const group = h('div', { class: options.length <= 3 ? 'options cols-3' : 'options cols-2', role: 'radiogroup', 'aria-labelledby': `vote-name-${poll.id}-${d.id}` });
    for (const o of options) {
      const checked = ui.choices[d.id] === o.code;
      group.appendChild(
        h(
          'button',
          {
            type: 'button',
            role: 'radio',
            class: checked ? 'option checked' : 'option',
            'aria-checked': checked ? 'true' : 'false',
            'data-test': `vote-option-${d.id}-${o.code}`,
            onclick: () => {
              ui.choices[d.id] = o.code;
              ui.missing = ui.missing.filter((id) => id !== d.id);
              ui.error = '';
              render();
            },
          },
          o.label,
        ),
      );
    }
    card.appendChild(
      h(
        'div',
        { class: missing ? 'deputy missing' : 'deputy', 'data-test': `vote-deputy-${d.id}` },
        h('div', { class: 'deputy-name', id: `vote-name-${poll.id}-${d.id}` }, d.name, missing && h('span', { class: 'badge' }, t('missingMark'))),
        group,
      ),
    );
  }
  if (ui.missing.length > 0) {
    const names = poll.deputies.filter((d) => ui.missing.indexOf(d.id) >= 0).map((d) => d.name);
    card.appendChild(h('p', { class: 'error', role: 'alert', 'data-test': 'vote-missing' }, t('missing', { names: names.join('、') })));
  }
  if (ui.error) card.appendChild(h('p', { class: 'error', role: 'alert', 'data-test': 'vote-send-error' }, ui.error));
  card.appendChild(
    button(t('submit'), 'vote-submit', () => {
      ui.missing = poll.deputies.filter((d) => !ui.choices[d.id]).map((d) => d.id);
      ui.error = '';
      if (ui.missing.length === 0) ui.stage = 'confirm';
      render();
    }, { class: 'btn primary' }),
  );
  return card;
}

function renderVoted(poll: LookupPoll): HTMLElement {
  return h(
    'section',
    { class: 'card voted', 'data-test': `vote-voted-${poll.id}` },
    h('h2', null, t('pollHeading', { n: poll.position + 1, round: poll.round })),
    h('p', { class: 'voted-mark', 'data-test': 'vote-voted-mark' }, t('voted')),
    h('p', { class: 'receipt-label' }, t('receiptLabel')),
    h('p', { class: 'receipt', 'data-test': 'vote-receipt' }, poll.receipt || ''),
    h('p', { class: 'receipt-poll', 'data-test': 'vote-receipt-poll' }, t('receiptPoll', { id: poll.id })),
    h('p', { class: 'hint' }, t('receiptExplain')),
  );
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
  window.clearTimeout(refreshTimer);
  render();
  window.scrollTo(0, 0);
}

function closeCheck() {
  state.view = state.check.back === 'ballot' && state.code ? 'ballot' : 'entry';
  if (state.view === 'ballot') void refresh(false);
  else render();
}

function renderFooter(): HTMLElement {
  const links = h('div', { class: 'links' });
  if (state.view !== 'check') links.appendChild(h('button', { type: 'button', class: 'link', 'data-test': 'vote-check-link', onclick: openCheck }, t('checkLink')));
  if (state.view === 'ballot') {
    links.appendChild(
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          'data-test': 'vote-other-code',
          onclick: () => {
            window.clearTimeout(refreshTimer);
            lookupSeq++;
            state.code = '';
            state.data = null;
            state.ballots = {};
            state.notice = '';
            state.view = 'entry';
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

const checkHost: CheckHost = { lang: () => state.lang, t, render, close: closeCheck };

// ---- start -------------------------------------------------------------------------------------

window.addEventListener('hashchange', () => {
  // Another slip scanned while the page is open.
  const raw = takeFragment();
  if (raw) start(raw);
});

const fromFragment = takeFragment();
if (fromFragment) start(fromFragment);
else render();
