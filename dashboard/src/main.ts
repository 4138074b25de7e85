import { h, message } from './dom.ts';
import { onStateChange } from './state.ts';
import { board } from './views/board.ts';
import { explore } from './views/explore.ts';
import { assessment } from './views/assessment.ts';

const VIEWS: Record<string, { title: string; render: (main: HTMLElement) => Promise<void> }> = {
  '/': { title: 'Board view', render: board },
  '/explore': { title: 'Trend explorer', render: explore },
  '/assessment': { title: 'Needs assessment', render: assessment },
};

/**
 * The shipped fonts (api/dashboard-build.ts) loaded before a view is drawn: charts are laid out, and the view measured,
 * printed or shot, in the product's font, never in a fallback first.
 */
const fonts = Promise.all(
  ["400 1em 'Source Sans 3'", "italic 400 1em 'Source Sans 3'", "600 1em 'Source Sans 3'", "700 1em 'Source Sans 3'", "400 1em 'Source Code Pro'"].map((f) =>
    document.fonts.load(f).catch(() => [])),
);

async function render() {
  delete document.body.dataset.ready;
  // a keyboard user who changed a control keeps their place: the same control has the focus in the new view
  const active = document.activeElement;
  const control = active instanceof HTMLSelectElement || active instanceof HTMLInputElement ? active.name : null;
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const view = VIEWS[path] ?? VIEWS['/']!;
  document.title = `${view.title} · saferboard`;
  const nav = h('nav', { 'aria-label': 'Views' },
    ...Object.entries(VIEWS).map(([href, v]) =>
      h('a', { href: href + keep(), 'aria-current': href === path ? 'page' : undefined }, v.title)));
  // focusable by the skip link (not by Tab)
  const main = h('main', { id: 'main', tabindex: '-1' });
  document.body.replaceChildren(
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h('header', { class: 'site' }, h('span', { class: 'brand' }, 'saferboard'), nav),
    main,
  );
  await fonts;
  try {
    let done = false;
    const rendered = view.render(main).finally(() => (done = true));
    if (control) void refocus(control, () => done);
    await rendered;
  } catch (e) {
    main.append(h('p', { class: 'error', role: 'alert' }, `Could not show this view: ${message(e)}`));
  }
  // the view's other characters (another subset of a font) load as it is laid out: ready once they are in
  void document.body.offsetHeight;
  await document.fonts.ready;
  document.body.dataset.ready = 'true';
}

/** Focuses the view's control named `name` as soon as the view has drawn it (or gives up when the view is done). */
async function refocus(name: string, done: () => boolean) {
  for (;;) {
    const el = document.querySelector<HTMLElement>(`form.controls [name="${CSS.escape(name)}"]`);
    if (el) return el.focus();
    if (done()) return;
    await new Promise((r) => requestAnimationFrame(r));
  }
}

/** The area carries over between views. */
function keep() {
  const area = new URLSearchParams(location.search).get('area');
  return area ? `?area=${encodeURIComponent(area)}` : '';
}

onStateChange(() => void render());
void render();
