import { csvFormat } from 'd3';

function save(blob: Blob, filename: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The chart's own SVG (a Plot figure's main SVG, not its legend), with its namespace, as text. */
function svgText(chart: Element): { text: string; width: number; height: number } {
  const svgs = chart.matches('svg') ? [chart] : [...chart.querySelectorAll('svg')];
  const svg = svgs.at(-1)!.cloneNode(true) as SVGSVGElement;
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const width = Number(svg.getAttribute('width')) || 720;
  const height = Number(svg.getAttribute('height')) || 400;
  const style = svg.querySelector('style');
  style?.insertAdjacentText('beforeend', ' svg{background:white;font-family:sans-serif}');
  return { text: new XMLSerializer().serializeToString(svg), width, height };
}

/** Downloads rows as CSV. */
export const downloadCsv = (rows: Record<string, unknown>[], name: string) =>
  save(new Blob([csvFormat(rows)], { type: 'text/csv' }), `${name}.csv`);

/** Downloads the chart as an SVG file. */
export const downloadSvg = (chart: Element, name: string) =>
  save(new Blob([svgText(chart).text], { type: 'image/svg+xml' }), `${name}.svg`);

/** Downloads the chart as a PNG at twice its size, on white. */
export async function downloadPng(chart: Element, name: string) {
  const { text, width, height } = svgText(chart);
  const img = new Image();
  img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  URL.revokeObjectURL(img.src);
  canvas.toBlob((blob) => blob && save(blob, `${name}.png`), 'image/png');
}
