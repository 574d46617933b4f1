// One poll's ballot on the phone page: choosing (one radio group per deputy, named by the deputy),
// the confirm screen that repeats every choice in words, and the voted card with the receipt. The
// ballot's state lives in the page's state object (main.ts); `host` gives what the page owns.
//
// Keyboard and screen reader (docs/design/accessibility.md): each deputy is a <fieldset> whose
// <legend> is the name, holding native radio inputs, so Tab moves between deputies, the arrow keys
// between options, and a screen reader says "张三, 满意, radio button, 1 of 3". After each step
// the focus goes where the next action is (the confirm heading, the first deputy left out, the
// voted card), and the page's live region says what happened.

import type { BallotLookup, LookupPoll } from './api';
import { button, h } from './dom';
import type { MessageKey } from './messages';

const ABSTAIN = 'abstain';

/** One open poll's ballot as the evaluator fills it in. */
export interface BallotUi {
  choices: Record<number, string>;
  stage: 'choose' | 'confirm';
  /** Deputies without a choice after the last 提交, in ballot order. */
  missing: number[];
  sending: boolean;
  error: string;
  networkError: boolean;
}

export interface BallotHost {
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  render: () => void;
  send: (poll: LookupPoll) => void;
  /** Gives the focus to the element with this id after the next render. */
  focusNext: (id: string) => void;
  /** Says a problem through the assertive live region. */
  alert: (text: string) => void;
}

export function newBallotUi(): BallotUi {
  return { choices: {}, stage: 'choose', missing: [], sending: false, error: '', networkError: false };
}

const optionId = (poll: LookupPoll, deputy: number, code: string) => `vote-opt-${poll.id}-${deputy}-${code}`;

function optionLabel(data: BallotLookup, option: string, t: BallotHost['t']): string {
  if (option === ABSTAIN) return t('abstain');
  for (const s of data.scale) if (s.code === option) return s.label;
  return option;
}

/** The confirm stage: every choice once more in words, then 确认提交 (or 重试 after a lost answer). */
function renderConfirm(poll: LookupPoll, data: BallotLookup, ui: BallotUi, card: HTMLElement, host: BallotHost): HTMLElement {
  const { t } = host;
  card.appendChild(h('h3', { class: 'confirm-title', id: `vote-confirm-title-${poll.id}`, tabindex: '-1' }, t('confirmTitle')));
  const list = h('ul', { class: 'summary', 'data-test': 'vote-confirm' });
  for (const d of poll.deputies) {
    list.appendChild(h('li', null, h('span', { class: 'name' }, d.name), h('strong', null, optionLabel(data, ui.choices[d.id], t))));
  }
  card.appendChild(list);
  card.appendChild(h('p', { class: 'hint' }, t('confirmNote')));
  if (ui.error) card.appendChild(h('p', { class: 'error', 'data-test': 'vote-send-error' }, ui.error));
  const actions = h('div', { class: 'actions' });
  // While sending, the buttons say so and ignore taps, but keep the focus (aria-disabled rather
  // than disabled, which would drop it).
  const busy = ui.sending ? 'true' : null;
  actions.appendChild(
    button(t('back'), 'vote-back', () => {
      if (ui.sending) return;
      ui.stage = 'choose';
      ui.error = '';
      const first = poll.deputies[0];
      if (first) host.focusNext(optionId(poll, first.id, ui.choices[first.id]));
      host.render();
    }, { id: `vote-back-${poll.id}`, 'aria-disabled': busy }),
  );
  actions.appendChild(
    button(ui.sending ? t('sending') : ui.networkError ? t('retry') : t('confirm'), ui.networkError ? 'vote-retry' : 'vote-confirm-submit', () => host.send(poll), {
      id: `vote-send-${poll.id}`,
      class: 'btn primary',
      'aria-disabled': busy,
    }),
  );
  card.appendChild(actions);
  return card;
}

function renderDeputy(poll: LookupPoll, d: LookupPoll['deputies'][number], options: { code: string; label: string }[], ui: BallotUi, host: BallotHost): HTMLElement {
  const missing = ui.missing.indexOf(d.id) >= 0;
  // Up to three options side by side at the standard size; more (a four-level scale, 弃权) two
  // per row; one per row at the larger sizes (vote.css).
  const group = h('div', { class: options.length <= 3 ? 'options cols-3' : 'options cols-2' });
  for (const o of options) {
    const checked = ui.choices[d.id] === o.code;
    const id = optionId(poll, d.id, o.code);
    group.appendChild(
      h(
        'label',
        { class: checked ? 'option checked' : 'option', for: id },
        h('input', {
          type: 'radio',
          id,
          name: `vote-${poll.id}-${d.id}`,
          value: o.code,
          checked,
          'data-test': `vote-option-${d.id}-${o.code}`,
          onchange: () => {
            ui.choices[d.id] = o.code;
            ui.missing = ui.missing.filter((other) => other !== d.id);
            ui.error = '';
            host.render();
          },
        }),
        h('span', null, o.label),
      ),
    );
  }
  return h(
    'fieldset',
    { class: missing ? 'deputy missing' : 'deputy', 'data-test': `vote-deputy-${d.id}` },
    h('legend', { class: 'deputy-name' }, d.name, missing && h('span', { class: 'badge' }, host.t('missingMark'))),
    group,
  );
}

export function renderBallot(poll: LookupPoll, data: BallotLookup, ui: BallotUi, host: BallotHost): HTMLElement {
  const headingId = `vote-poll-${poll.id}`;
  const card = h(
    'section',
    { class: 'card ballot', 'aria-labelledby': headingId, 'data-test': `vote-ballot-${poll.id}` },
    h('h2', { id: headingId }, host.t('pollHeading', { n: poll.position + 1, round: poll.round })),
  );
  if (ui.stage === 'confirm') return renderConfirm(poll, data, ui, card, host);

  const options = data.scale.map((s) => ({ code: s.code, label: s.label }));
  if (data.abstention_allowed) options.push({ code: ABSTAIN, label: host.t('abstain') });
  card.appendChild(h('p', { class: 'hint' }, host.t('pollInstructions')));
  for (const d of poll.deputies) card.appendChild(renderDeputy(poll, d, options, ui, host));
  if (ui.missing.length > 0) {
    const names = poll.deputies.filter((d) => ui.missing.indexOf(d.id) >= 0).map((d) => d.name);
    card.appendChild(h('p', { class: 'error', 'data-test': 'vote-missing' }, host.t('missing', { names: names.join('、') })));
  }
  if (ui.error) card.appendChild(h('p', { class: 'error', 'data-test': 'vote-send-error' }, ui.error));
  card.appendChild(
    button(host.t('submit'), 'vote-submit', () => {
      ui.missing = poll.deputies.filter((d) => !ui.choices[d.id]).map((d) => d.id);
      ui.error = '';
      if (ui.missing.length === 0) {
        ui.stage = 'confirm';
        host.focusNext(`vote-confirm-title-${poll.id}`);
      } else {
        // To the first deputy left out: the legend says the name and 尚未选择.
        const names = poll.deputies.filter((d) => ui.missing.indexOf(d.id) >= 0).map((d) => d.name);
        host.focusNext(optionId(poll, ui.missing[0], options[0].code));
        host.alert(host.t('missing', { names: names.join('、') }));
      }
      host.render();
    }, { id: `vote-submit-${poll.id}`, class: 'btn primary' }),
  );
  return card;
}

export function renderVoted(poll: LookupPoll, host: Pick<BallotHost, 't'>): HTMLElement {
  const { t } = host;
  const headingId = `vote-voted-title-${poll.id}`;
  return h(
    'section',
    { class: 'card voted', 'aria-labelledby': headingId, 'data-test': `vote-voted-${poll.id}` },
    h('h2', { id: headingId, tabindex: '-1' }, t('pollHeading', { n: poll.position + 1, round: poll.round })),
    h('p', { class: 'voted-mark', 'data-test': 'vote-voted-mark' }, t('voted')),
    h('p', { class: 'receipt-label' }, t('receiptLabel')),
    h('p', { class: 'receipt', 'data-test': 'vote-receipt' }, poll.receipt || ''),
    h('p', { class: 'receipt-poll', 'data-test': 'vote-receipt-poll' }, t('receiptPoll', { id: poll.id })),
    h('p', { class: 'hint' }, t('receiptExplain')),
  );
}
