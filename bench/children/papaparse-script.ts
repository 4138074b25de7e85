// B4: what a careful analyst's plain script does: stream every CSV with papaparse, add up counts per borough,
// crime type and month, then answer the 12-month comparison for one borough and the London ranking.
// Args: <area name> <crime type> <to YYYY-MM> <files...>
import { createReadStream, readFileSync } from 'node:fs';
import Papa from 'papaparse';

const [areaName, crimeType, to, ...files] = process.argv.slice(2) as [string, string, string, ...string[]];
const started = performance.now();
const ref = (name: string) =>
  Papa.parse<Record<string, string>>(readFileSync(new URL(`../../data/reference/${name}`, import.meta.url), 'utf8'), { header: true, skipEmptyLines: true }).data;
const boroughs = ref('areas.csv').filter((a) => a.borough === 'true');
const population = ref('population.csv');

// counts.get(borough|type|month)
const counts = new Map<string, number>();
let rows = 0;
for (const file of files) {
  await new Promise<void>((resolve, reject) => {
    Papa.parse<Record<string, string>>(createReadStream(file), {
      header: true,
      skipEmptyLines: true,
      step: ({ data: r }) => {
        rows++;
        const borough = (r['LSOA name'] ?? '').replace(/\s+\d{3}[A-Z]$/, '');
        const key = `${borough}|${r['Crime type']}|${r.Month}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      },
      complete: () => resolve(),
      error: reject,
    });
  });
}
const parsedSeconds = (performance.now() - started) / 1000;

const monthsEnding = (end: string, n = 12) => {
  const [y, m] = end.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const t = y * 12 + m - 1 - (n - 1) + i;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  });
};
const sum = (borough: string, months: string[]) => months.reduce((s, mo) => s + (counts.get(`${borough}|${crimeType}|${mo}`) ?? 0), 0);
const current = monthsEnding(to);
const previous = monthsEnding(monthsEnding(to, 13)[0]!);
const cur = sum(areaName, current);
const prev = sum(areaName, previous);
const rolling = { current: cur, previous: prev, change: cur - prev, pct_change: prev ? (100 * (cur - prev)) / prev : null };
// population of the calendar year holding the window's middle month (six before its end), else the nearest year
// the reference has (the earlier on a tie)
const midYear = Number(monthsEnding(to, 7)[0]!.slice(0, 4));
const ranked = boroughs
  .map((b) => {
    const years = population.filter((p) => p.code === b.code);
    const distance = (p: Record<string, string>) => Math.abs(Number(p.year) - midYear) * 2 + (Number(p.year) > midYear ? 1 : 0);
    const pop = Number(years.reduce((best, p) => (distance(p) < distance(best) ? p : best)).population);
    const count = sum(b.name!, current);
    return { area: b.name, count, rate_per_1000: (count / pop) * 1000 };
  })
  .sort((a, b) => a.rate_per_1000 - b.rate_per_1000);
const ranks = ranked.map((r, i) => ({ ...r, rank: i + 1 }));
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, parsedSeconds, rows, rolling, ranks, maxRssKb: process.resourceUsage().maxRSS }));
