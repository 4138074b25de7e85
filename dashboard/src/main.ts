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

async function render() {
  delete document.body.dataset.ready;
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const view = VIEWS[path] ?? VIEWS['/']!;
  document.title = `${view.title} · saferboard`;
  const nav = h('nav', { 'aria-label': 'Views' },
    ...Object.entries(VIEWS).map(([href, v]) =>
      h('a', { href: href + keep(), 'aria-current': href === path ? 'page' : undefined }, v.title)));
  const main = h('main', { id: 'main' });
  document.body.replaceChildren(
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h('header', { class: 'site' }, h('span', { class: 'brand' }, 'saferboard'), nav),
    main,
  );
  try {
    await view.render(main);
  } catch (e) {
    main.append(h('p', { class: 'error', role: 'alert' }, `Could not show this view: ${message(e)}`));
  }
  document.body.dataset.ready = 'true';
}

/** The area carries over between views. */
function keep() {
  const area = new URLSearchParams(location.search).get('area');
  return area ? `?area=${encodeURIComponent(area)}` : '';
}

onStateChange(() => void render());
void render();
