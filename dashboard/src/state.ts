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
 * Writes values into the URL (empty ones removed) and re-renders, so a link always reproduces the view.
 * @example navigate({ area: 'Barnet', to: '2018-12' })
 */
export function navigate(patch: Record<string, string | undefined>) {
  const q = state();
  for (const [k, v] of Object.entries(patch)) v ? q.set(k, v) : q.delete(k);
  history.pushState(null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
  listener();
}
