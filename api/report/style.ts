import { MONO, SANS } from '../../core/fonts.ts';

/** The paper sizes the pack prints on, always landscape. */
export const PAPERS = ['a4', 'a3'] as const;
export type Paper = (typeof PAPERS)[number];

/**
 * The pack's stylesheet: screen and landscape print on A4 (default) or A3, in the product's own fonts (data/fonts.ts:
 * Source Sans 3 and Source Code Pro, embedded in the pack by api/report/html.ts; no system font), colour-blind-safe RAG
 * tints. In print, text is never below 9 pt and chart text never below 8 pt; sections flow on from one another
 * (a table row, a chart or a list item moves to the next page whole rather than a section forcing a new page).
 */
export const packCss = (paper: Paper = 'a4') => PACK_CSS.replace('size: A4 landscape', `size: ${paper.toUpperCase()} landscape`);

const PACK_CSS = `
:root { --ink: #1f2933; --muted: #52606d; --rule: #cbd2d9; --red: #D55E00; --amber: #E69F00; --green: #009E73; --grey: #9aa5b1; }
* { box-sizing: border-box; }
html { font: 10pt/1.35 ${SANS}; color: var(--ink); background: #fff; }
code, pre, kbd, samp { font-family: ${MONO}; }
/* Plot's SVGs say system-ui: the charts are drawn in the pack's font too */
svg, figure, [class*='-swatches'] { font-family: ${SANS}; }
body { margin: 0 auto; max-width: 1060px; padding: 16px; }
h1 { font-size: 24pt; line-height: 1.15; margin: 0 0 10px; }
h2 { font-size: 14pt; margin: 0 0 8px; }
code { font-size: 9pt; }
.small { font-size: 9pt; color: var(--muted); }
.cover { min-height: 170mm; display: flex; flex-direction: column; }
.cover .kicker { text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); margin: 8mm 0 2mm; }
.cover .area { font-size: 18pt; font-weight: 600; margin: 0; }
.cover .period { font-size: 12pt; margin: 2px 0 14px; }
.cover h2 { font-size: 11pt; margin: 10px 0 4px; }
.cover ul, .cover ol { margin: 0; padding-left: 20px; }
.cover .produced { margin-top: auto; color: var(--muted); }
.marking { border: 1.5px solid var(--ink); padding: 6px 10px; margin: 12px 0 0; font-weight: 600; }
.marking.public { border-color: var(--green); }
section.exceptions, section.glance { margin-top: 6mm; }
/* the board paper: one page per outcome, its heading never apart from its table; the glossary on a page of its own */
section.outcome, section.glossary { break-before: page; page-break-before: always; }
.outcome-head { break-inside: avoid; page-break-inside: avoid; }
table.glance { width: 100%; border-collapse: collapse; font-size: 9pt; break-inside: avoid; page-break-inside: avoid; }
table.glance th, table.glance td { border-bottom: 1px solid var(--rule); padding: 3px 5px; text-align: left; vertical-align: top; }
table.glance thead th { border-bottom: 1.5px solid var(--ink); }
table.glance tbody th { font-weight: normal; width: 32%; }
table.glance tr { break-inside: avoid; page-break-inside: avoid; }
.glance-red { background: #fbe3d4; } .glance-green { background: #d5efe7; }
.chart-key { margin: 4px 0 0; }
.swatch { display: inline-block; width: 14px; height: 8px; margin: 0 3px 0 6px; vertical-align: middle; box-sizing: border-box; }
.annex-ref { font-weight: 600; white-space: nowrap; }
.glossary dl { columns: 2; column-gap: 24px; margin: 0; }
.glossary dl > div { break-inside: avoid; page-break-inside: avoid; margin: 0 0 6px; }
.glossary dt { font-weight: 600; }
.glossary dd { margin: 0; }
.unusual h3 { font-size: 11pt; margin: 10px 0 4px; }
/* the technical annex */
.annex-head h2 { font-size: 12pt; margin: 10px 0 4px; }
.annex-outcome > h2 { font-size: 12pt; margin: 12px 0 4px; break-after: avoid; page-break-after: avoid; }
section.cover { break-after: page; page-break-after: always; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
.num-badge { display: inline-block; min-width: 1.6em; padding: 0 0.3em; text-align: center; background: var(--ink); color: #fff; border-radius: 3px; }
table.indicators { width: 100%; border-collapse: collapse; margin: 4px 0 10px; font-size: 9pt; }
table.indicators thead th { text-align: left; font-size: 9pt; color: var(--muted); font-weight: 600; border-bottom: 1.5px solid var(--ink); padding: 3px 4px; vertical-align: bottom; }
table.indicators td, table.indicators tbody th { border-bottom: 1px solid var(--rule); padding: 4px; vertical-align: top; }
table.indicators tr { break-inside: avoid; page-break-inside: avoid; }
table.indicators tbody th { text-align: left; font-weight: normal; width: 31%; }
table.indicators td.status { width: 15%; }
table.indicators .label { display: block; font-weight: 600; }
table.indicators .summary { display: block; font-size: 9pt; color: var(--muted); margin-top: 2px; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.src { font-size: 9pt; color: var(--muted); }
.withheld { font-style: italic; color: var(--muted); }
.rag { display: inline-block; padding: 1px 5px; border-radius: 3px; border-left: 5px solid; font-size: 9pt; font-weight: 600; }
.rag-red { border-color: var(--red); background: #fbe3d4; }
.rag-amber { border-color: var(--amber); background: #fcefd2; }
.rag-green { border-color: var(--green); background: #d5efe7; }
.rag-grey { border-color: var(--grey); background: #eef0f2; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 6px 12px; }
figure.chart, figure.chart figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-size: 9pt; color: var(--muted); margin-bottom: 2px; }
caption.how-link { caption-side: bottom; text-align: left; font-size: 9pt; padding-top: 2px; }
.how-link a, figcaption a { color: #0b5c8c; }
figure.chart svg { max-width: 100%; height: auto; }
/* chart text: 11px (8.25 pt) at full size; a chart is never drawn narrower than it was made, so it stays >= 8 pt */
figure.chart svg, figure.chart [class*='-swatches'] { font-size: 11px; }

figure.chart.wide { margin-top: 10px; }
.withheld-chart p { font-size: 9pt; border: 1px dashed var(--rule); padding: 8px; }
.lede { margin: 0 0 6px; }
ol.exception-list { padding-left: 22px; margin: 0; }
ol.exception-list li { margin: 0 0 6px; break-inside: avoid; }
.notes ul { padding-left: 18px; }
.notes li { margin-bottom: 4px; }
.footnote { font-size: 9pt; border-top: 1px solid var(--rule); padding-top: 6px; }
@page { size: A4 landscape; margin: 15mm 12mm 13mm;
  @top-left { font: 9pt ${SANS}; color: #52606d; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt ${SANS}; color: #52606d; } }
@page :first { @top-left { content: none; } }
/* the notes' "How these figures are made" (api/report/notes.ts) */
.how-made-notes h3 { font-size: 11pt; margin: 10px 0 4px; }
.how-made { break-inside: auto; margin: 6px 0 10px; }
.how-made h3 { font-size: 10pt; margin: 8px 0 2px; break-after: avoid; page-break-after: avoid; }
.how-made > p.small:first-of-type { break-before: avoid; page-break-before: avoid; }
.how-made ul { margin: 2px 0; }
.how-made li { break-inside: avoid; }
table.params { border-collapse: collapse; font-size: 9pt; margin: 4px 0; width: 100%; break-inside: avoid; page-break-inside: avoid; }
table.params caption { text-align: left; font-weight: 600; font-size: 9pt; }
table.params th, table.params td { border-bottom: 1px solid var(--rule); padding: 2px 4px; text-align: left; vertical-align: top; }
table.params td code { overflow-wrap: anywhere; word-break: break-word; }
table.params tr { break-inside: avoid; page-break-inside: avoid; }
@media print {
  html { font-size: 9pt; }
  body { max-width: none; padding: 0; }
  .cover { min-height: 178mm; }
}
`;
