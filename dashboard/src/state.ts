type Listener = () => void;
let listener: Listener = () => {};

/** The view's state: the page URL's query string. */
export const state = () => new URLSearchParams(location.search);

/** Calls `fn` whenever the state changes (a control or the back button). */
export function onStateChange(fn: Listener) {
  listener = fn;
  addEventListener('popstate', () => listener());
}

/**
 * Writes values into the URL (empty ones removed) and re-renders, so a link always reproduces the view. `note` says
 * what the change also did (a category the new source cannot show dropped): the next view shows it once, as a note
 * (kept in the history entry, so Back and Forward show it again).
 * @example navigate({ area: 'Barnet', to: '2018-12' })
 */
export function navigate(patch: Record<string, string | undefined>, note?: string) {
  const q = state();
  for (const [k, v] of Object.entries(patch)) v ? q.set(k, v) : q.delete(k);
  history.pushState(note ? { note } : null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
  listener();
}

/** The note the last control change left for this view (see {@link navigate}), if any. */
export const changeNote = (): string | undefined => {
  const s: unknown = history.state;
  return s && typeof s === 'object' && 'note' in s && typeof s.note === 'string' ? s.note : undefined;
};
