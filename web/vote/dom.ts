// The phone page's DOM helpers: a small createElement and its button.

export type Child = Node | string | null | undefined | false;
export type Props = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/** A small createElement: `onclick` etc. take listeners, `value` sets the property, others are attributes. */
export function h(tag: string, props: Props | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  if (props) {
    for (const key of Object.keys(props)) {
      const value = props[key];
      if (typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'value') (el as HTMLInputElement).value = String(value);
      else if (value === true) el.setAttribute(key, '');
      else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

export const button = (label: string, test: string, onclick: () => void, extra: Props = {}) =>
  h('button', Object.assign({ type: 'button', class: 'btn', 'data-test': test, onclick }, extra), label);
