// The receipt check of the phone page: is my ballot in the poll's count? Asked of the server, or,
// without trusting it, against a bulletin board file (board-N.json) the evaluator downloaded, by
// the receipt's digest. The screen's state lives in the page's state object (main.ts); `host` gives
// what the page owns: the language, the translation, re-rendering and leaving the screen.
import { blake2bHex } from 'blakejs';
import { ApiError, checkReceipt } from './api';
import { button, h } from './dom';
import type { Lang, MessageKey } from './messages';

const RECEIPT_LENGTH = 10;

type View = 'entry' | 'ballot' | 'check';

export interface CheckState {
  poll: string;
  receipt: string;
  result: '' | 'included' | 'absent' | 'boardIncluded' | 'boardAbsent';
  error: string;
  busy: boolean;
  back: View;
  /** The receipt digests of a board file the evaluator opened: checked here, without the server. */
  board: string[] | null;
}

export interface CheckHost {
  lang: () => Lang;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  render: () => void;
  close: () => void;
  /** Says the outcome through the page's live region (access.ts). */
  announce: (text: string, urgent?: boolean) => void;
}

export function emptyCheck(): CheckState {
  return { poll: '', receipt: '', result: '', error: '', busy: false, back: 'entry', board: null };
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError('network', 'network', 0, 0);
}

/**
 * A receipt's digest as the bulletin board lists it (docs/design/ballots.md): the first 32 hex
 * characters of the unkeyed BLAKE2b-256 of "shuzhi receipt " and the receipt as printed.
 */
function receiptDigest(receipt: string): string {
  const printed = `${receipt.slice(0, 5)}-${receipt.slice(5)}`;
  return blake2bHex(`shuzhi receipt ${printed}`, undefined, 32).slice(0, 32);
}

/** Reads a downloaded board file (board-N.json) and keeps its receipt digests. */
function openBoard(c: CheckState, { t, render }: CheckHost, event: Event) {
  const file = (event.target as HTMLInputElement).files?.[0];
  c.result = '';
  c.error = '';
  c.board = null;
  if (!file) {
    render();
    return;
  }
  const reader = new FileReader();
  reader.onload = () => {
    try {
      const board = JSON.parse(String(reader.result)) as { receipts?: unknown };
      if (!Array.isArray(board.receipts)) throw new Error('no receipts');
      c.board = board.receipts.filter((r): r is string => typeof r === 'string');
    } catch {
      c.error = t('checkBoardInvalid');
    }
    render();
  };
  reader.onerror = () => {
    c.error = t('checkBoardInvalid');
    render();
  };
  reader.readAsText(file);
}

/** The words of a check's outcome. */
function resultText(c: CheckState, t: CheckHost['t']): string {
  if (c.result === 'included') return t('checkIncluded');
  if (c.result === 'absent') return t('checkAbsent');
  if (c.result === 'boardIncluded') return t('checkBoardIncluded');
  return c.result === 'boardAbsent' ? t('checkBoardAbsent') : '';
}

async function runCheck(c: CheckState, host: CheckHost) {
  if (c.busy) return;
  await check(c, host);
  if (c.error) host.announce(c.error, true);
  else if (c.result) host.announce(resultText(c, host.t));
}

async function check(c: CheckState, { lang, t, render }: CheckHost) {
  c.result = '';
  c.error = '';
  const poll = c.poll.trim();
  const receipt = c.receipt.replace(/[\s-]/g, '').toUpperCase();
  if (c.board) {
    // Against the board file the evaluator holds: nothing is sent, the server is not trusted.
    if (!/^[0-9A-Z]{10}$/.test(receipt)) c.error = t('checkReceiptInvalid');
    else c.result = c.board.includes(receiptDigest(receipt)) ? 'boardIncluded' : 'boardAbsent';
    render();
    return;
  }
  if (!/^\d+$/.test(poll)) c.error = t('checkPollInvalid');
  else if (receipt.length !== RECEIPT_LENGTH) c.error = t('checkReceiptInvalid');
  if (c.error) {
    render();
    return;
  }
  c.busy = true;
  render();
  try {
    const answer = await checkReceipt(parseInt(poll, 10), receipt, lang());
    c.result = answer.included ? 'included' : 'absent';
  } catch (error) {
    const e = toApiError(error);
    c.error = e.network ? t('networkErrorLookup') : e.message;
  }
  c.busy = false;
  render();
}

export function renderCheck(c: CheckState, host: CheckHost): HTMLElement {
  const { t } = host;
  return h(
    'form',
    {
      class: 'card',
      'data-test': 'vote-check',
      novalidate: true,
      autocomplete: 'off',
      onsubmit: (event) => {
        event.preventDefault();
        void runCheck(c, host);
      },
    },
    h('h2', { id: 'vote-check-title', tabindex: '-1' }, t('checkTitle')),
    h('p', { class: 'hint' }, t('checkHint')),
    h('label', { class: 'field-label', for: 'vote-check-poll' }, t('checkPoll')),
    h('input', {
      id: 'vote-check-poll',
      class: 'field',
      'data-test': 'vote-check-poll',
      type: 'text',
      inputmode: 'numeric',
      pattern: '[0-9]*',
      value: c.poll,
      oninput: (event) => {
        c.poll = (event.target as HTMLInputElement).value;
      },
    }),
    h('label', { class: 'field-label', for: 'vote-check-receipt' }, t('checkReceipt')),
    h('input', {
      id: 'vote-check-receipt',
      class: 'field code',
      'data-test': 'vote-check-receipt',
      type: 'text',
      autocomplete: 'off',
      autocorrect: 'off',
      autocapitalize: 'characters',
      spellcheck: 'false',
      value: c.receipt,
      oninput: (event) => {
        c.receipt = (event.target as HTMLInputElement).value;
      },
    }),
    h('label', { class: 'field-label', for: 'vote-check-board' }, t('checkBoard')),
    h('input', {
      id: 'vote-check-board',
      class: 'field',
      'data-test': 'vote-check-board',
      type: 'file',
      accept: '.json,application/json',
      onchange: (event) => openBoard(c, host, event),
    }),
    h('p', { class: 'hint' }, c.board ? t('checkBoardLoaded', { n: c.board.length }) : t('checkBoardHint')),
    c.error && h('p', { class: 'error', 'data-test': 'vote-check-error' }, c.error),
    c.result && h('p', { class: c.result === 'included' || c.result === 'boardIncluded' ? 'ok' : 'error', 'data-test': 'vote-check-result' }, resultText(c, t)),
    h(
      'div',
      { class: 'actions' },
      button(t('checkBack'), 'vote-check-back', host.close, { id: 'vote-check-back' }),
      h('button', { type: 'submit', id: 'vote-check-submit', class: 'btn primary', 'data-test': 'vote-check-submit', 'aria-disabled': c.busy ? 'true' : null }, t('checkSubmit')),
    ),
  );
}
