// What makes the phone page usable by elderly evaluators and with a screen reader (issue 16 §3,
// docs/design/accessibility.md): the 字号 switch, the live regions that announce what happened,
// and keeping the keyboard focus where it was across a render (render() rebuilds the DOM).
//
// The text size is a setting of one voter: it lives in memory only (never in storage), and the
// page drops it, with the language, when the next voter comes (a new scan, 换一张凭条).

import { h } from './dom';
import type { MessageKey } from './messages';

/** 标准, 大, 特大: the root font size as a share of the browser's (18, 22 and 28 px by default). */
export const SIZES: MessageKey[] = ['sizeNormal', 'sizeLarge', 'sizeLarger'];

/** Sets the root class that scales every rem of vote.css. */
export function applySize(size: number): void {
  document.documentElement.className = 'size-' + size;
}

/** The 字号 switch: one radio group, each size labelled in words, drawn at the size it gives. */
export function renderSizes(size: number, t: (key: MessageKey) => string, choose: (size: number) => void): HTMLElement {
  const group = h('div', { class: 'sizes', role: 'radiogroup', 'aria-labelledby': 'vote-size-label', 'data-test': 'vote-sizes' });
  group.appendChild(h('span', { id: 'vote-size-label', class: 'sizes-label' }, t('sizeLabel')));
  SIZES.forEach((key, index) => {
    const id = 'vote-size-' + index;
    group.appendChild(
      h(
        'label',
        { class: index === size ? 'size-option checked' : 'size-option', for: id },
        h('input', {
          type: 'radio',
          id,
          name: 'vote-size',
          value: String(index),
          checked: index === size,
          'data-test': id,
          onchange: () => choose(index),
        }),
        h('span', { class: 'size-name size-name-' + index }, t(key)),
      ),
    );
  });
  return group;
}

/**
 * Says `text` through the page's live region (index.html): polite for a result, assertive for a
 * problem. The region is cleared first, so that the same words said twice are heard twice.
 */
let announceTimer = 0;

export function announce(text: string, urgent = false): void {
  clearAnnouncements();
  const region = document.getElementById(urgent ? 'vote-alert' : 'vote-live');
  if (!region) return;
  announceTimer = window.setTimeout(() => {
    region.textContent = text;
  }, 100);
}

/** Empties both live regions (the next voter must not find the last receipt there). */
export function clearAnnouncements(): void {
  window.clearTimeout(announceTimer);
  for (const id of ['vote-live', 'vote-alert']) {
    const region = document.getElementById(id);
    if (region) region.textContent = '';
  }
}

/** The id of the element that has the focus, to give it back after a render. */
export function focusedId(): string {
  const active = document.activeElement;
  return active && active !== document.body && active.id ? active.id : '';
}

/** Focuses the element with this id, if the new DOM has it. */
export function focusById(id: string): void {
  const el = id ? document.getElementById(id) : null;
  if (el) el.focus();
}
