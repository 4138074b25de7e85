/**
 * The dashboard's fonts are its own (issue 22): Source Sans 3 and Source Code Pro from npm, served from its assets
 * without the network, and every word of every view drawn in them, never in a font of the machine (Chromium's
 * DevTools protocol says which installed or web font drew each text node).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { fontFiles } from '../data/fonts.ts';
import { ready, useHarness } from './e2e-helpers.ts';
import { describeWith } from './requires.ts';


const VIEWS = [
  '/?area=Barnet&to=2018-12',
  '/explore?area=Barnet&category=burglary,robbery&source=mps&from=2017-01&to=2018-12',
  '/assessment?area=Barnet&to=2018-12',
];

interface DomNode { nodeId: number; nodeType: number; nodeValue: string; children?: DomNode[]; contentDocument?: DomNode; shadowRoots?: DomNode[] }

describeWith('chromium')('the dashboard in its own fonts', () => {
  const h = useHarness();

  it('serves every font file from its assets as font/woff2, byte for byte the package’s, declared in app.css', async () => {
    const css = await (await fetch(`${h.base}/assets/app.css`)).text();
    for (const family of ['Source Sans 3', 'Source Code Pro']) expect(css).toContain(`@font-face { font-family: '${family}';`);
    for (const f of fontFiles()) {
      expect(css, f.name).toContain(`./${f.name}`);
      const r = await fetch(`${h.base}/assets/${f.name}`);
      expect(r.status, f.name).toBe(200);
      expect(r.headers.get('content-type')).toBe('font/woff2');
      expect(Buffer.from(await r.arrayBuffer()).equals(readFileSync(f.path)), f.name).toBe(true);
    }
  });

  for (const path of VIEWS)
    it(`draws every word of ${path} in Source Sans 3 or Source Code Pro, on screen and in print`, async () => {
      const page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
      // no request leaves the server: the fonts come from the dashboard itself
      await page.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
      await page.goto(h.base + path);
      await ready(page);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const other: string[] = [];
      for (const media of ['screen', 'print'] as const) {
        await page.emulateMedia({ media });
        await page.evaluate(async () => {
          void document.body.offsetHeight;
          await document.fonts.ready;
        });
        const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
        const texts: DomNode[] = [];
        const walk = (n: DomNode) => {
          if (n.nodeType === 3 && n.nodeValue.trim()) texts.push(n);
          for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : [])]) walk(c);
        };
        walk(root);
        expect(texts.length).toBeGreaterThan(50);
        for (const t of texts) {
          // a text node that is not drawn (display: none, as the print hides the controls) uses no font
          const { fonts } = (await cdp.send('CSS.getPlatformFontsForNode', { nodeId: t.nodeId })) as { fonts: { familyName: string; isCustomFont: boolean; glyphCount: number }[] };
          for (const f of fonts)
            if (!f.isCustomFont || !/^Source (Sans 3|Code Pro)/.test(f.familyName)) other.push(`${media}: ${f.familyName} (${f.glyphCount} glyphs) for "${t.nodeValue.trim().slice(0, 60)}"`);
        }
      }
      await page.close();
      expect([...new Set(other)].slice(0, 20), `${other.length} text nodes drawn in another font`).toEqual([]);
    }, 120_000);
});
