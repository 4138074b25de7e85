/** Creates an element with attributes and children. @example h('p', { class: 'note' }, 'Hello') */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== false) el.setAttribute(k, v === true ? '' : v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** The message of anything thrown. */
export const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

let ids = 0;
/** A page-unique id for aria references. */
export const uid = (prefix: string) => `${prefix}-${++ids}`;
