/**
 * Renders a bench/results/*.json as Markdown tables (the figures BENCHMARKS.md quotes).
 *   npx tsx bench/report.ts bench/results/2026-01-01-full.json
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { INGEST_TARGETS } from './ingest.ts';

type Any = Record<string, any>;
const n = (x: unknown, digits = 0) =>
  typeof x === 'number' ? x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—';
const table = (head: string[], rows: unknown[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const last2 = (o: Any): [string, Any] | undefined => Object.entries(o ?? {}).at(-1) as [string, Any] | undefined;

/**
 * Markdown tables for every benchmark in a results object.
 * @example console.log(renderReport(JSON.parse(readFileSync(file, 'utf8'))));
 */
export function renderReport(r: Any): string {
  const out: string[] = [];
  out.push(`## ${r.name} run, ${r.date} (${n(r.totalSeconds, 0)} s)`);
  out.push(`${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB; Node ${r.versions.node}; DuckDB ${r.versions.duckdb} (@duckdb/node-api ${r.versions.duckdbNodeApi}); papaparse ${r.versions.papaparse}; autocannon ${r.versions.autocannon}`);
  const sizes = Object.keys(r.data ?? {});

  const b1 = Object.entries(r.b1 ?? {}) as [string, Any][];
  if (b1.length) {
    out.push('### B1 ingest: `saferboard load` vs DuckDB `CREATE TABLE t AS SELECT * FROM read_csv([...])`');
    out.push(table(
      ['size', 'rows', 'files', 'CSV MiB', 'DuckDB s', 'DuckDB rows/s', 'DuckDB CPU s', 'DuckDB peak RSS MiB', 'saferboard s', 'saferboard rows/s', 'saferboard CPU s', 'saferboard peak RSS MiB', `ratio (target ≤ ${INGEST_TARGETS.ratio})`, 'CPU ratio', 'RSS ≤ 4 GiB'],
      b1.map(([k, b]) => [k, n(b.rows), b.files, n(b.csvMiB, 1), n(b.duckdb.seconds, 2), n(b.duckdb.rowsPerSecond), n(b.duckdb.cpuSeconds, 1), n(b.duckdb.maxRssMiB), n(b.saferboard.seconds, 2), n(b.saferboard.rowsPerSecond), n(b.saferboard.cpuSeconds, 1), n(b.saferboard.maxRssMiB), `${n(b.ratio, 2)} ${b.ratio <= INGEST_TARGETS.ratio ? 'met' : 'MISSED'}`, n(b.cpuRatio, 2), b.targets.maxRss.met ? 'met' : 'MISSED']),
    ));
    const [label, last] = b1.at(-1)!;
    out.push(`Where saferboard's load spends its time at ${label} (SQL statements, summed over files):`);
    out.push(table(['statement (first words)', 'calls', 'seconds', 'share of load'], (last.saferboard.profile as Any[]).slice(0, 10).map((p) => [`\`${p.sql.slice(0, 70).replaceAll('|', '\\|')}…\``, p.calls, n(p.seconds, 2), `${n((100 * p.seconds) / last.saferboard.seconds, 0)}%`])));
  }
  const month = Object.entries(r.b1Month ?? {}) as [string, Any][];
  if (month.length) {
    out.push('One more month (the incremental case: a month of as many rows as the size\'s average, loaded into a copy of the size\'s database and into an empty one, in turn):');
    out.push(table(['size', 'month', 'rows', 'into the database: s', 'into an empty one: s', 'ratio (means)'],
      month.map(([k, m]) => [k, m.month, n(m.rows), m.intoLarge.seconds.map((x: number) => n(x, 2)).join(', '), m.intoEmpty.seconds.map((x: number) => n(x, 2)).join(', '), n(m.ratio, 2)])));
  }
  const local = Object.entries(r.localLoad ?? {}) as [string, Any][];
  if (local.length) out.push(table(['size', 'local rows', 'local load s', 'peak RSS MiB'], local.map(([k, l]) => [k, n(l.rows), n(l.seconds, 2), n(l.maxRssMiB)])));

  const b2 = r.b2 ?? {};
  const routeNames = [...new Set(Object.values(b2).flatMap((s: any) => Object.keys(s.routes)))].filter((k) => k !== 'ratios');
  if (routeNames.length) {
    out.push('### B2 route latency (ms, in-process `app.request`): computed (a distinct question each time, median / p95) and repeated (response cache hit, median)');
    const shown = sizes.filter((s) => b2[s]);
    const first = shown[0];
    const last = shown.at(-1);
    out.push(table(
      ['route', ...shown.map((s) => `${s} (${b2[s].months} months): computed`), ...shown.map((s) => `${s}: cached`), `computed median ${last}/${first} (target ≤ 2)`],
      routeNames.map((route) => {
        const cell = (s: string, f: (x: Any) => string) => (b2[s].routes[route]?.available ? f(b2[s].routes[route]) : `n/a (${b2[s].routes[route]?.status})`);
        const a = b2[first!]?.routes[route];
        const b = b2[last!]?.routes[route];
        const ratio = a?.available && b?.available ? b.miss.median / a.miss.median : undefined;
        return [`\`/api/${route}\``, ...shown.map((s) => cell(s, (x) => `${n(x.miss.median, 1)} / ${n(x.miss.p95, 1)}`)), ...shown.map((s) => cell(s, (x) => n(x.hit.median, 2))),
          ratio === undefined ? '—' : `${n(ratio, 2)}${route === 'repeat' ? ' (no target)' : ratio <= 2 ? ' met' : ' MISSED'}`];
      }),
    ));
  }
  const ratioRows = sizes.filter((s) => b2[s]?.routes?.ratios).map((s) => {
    const x = b2[s].routes.ratios as { rollingOverHealth: number | null; outcomesOverRolling: number | null; repeatOverRolling?: number | null };
    const verdict = (v: number | null, t: number) => (v === null ? '—' : `${n(v, 2)} ${v <= t ? 'met' : 'MISSED'}`);
    return [s, verdict(x.rollingOverHealth, 5), verdict(x.outcomesOverRolling, 3), x.repeatOverRolling == null ? 'n/a' : verdict(x.repeatOverRolling, 5)];
  });
  if (ratioRows.length) {
    out.push('Issue 12 targets (computed medians, same run): `/api/rolling` ÷ `/api/health` (target ≤ 5) and `/api/outcomes` (every indicator of the profile) ÷ `/api/rolling` (target ≤ 3):');
    out.push(table(['size', 'rolling ÷ health', 'outcomes ÷ rolling', 'repeat ÷ rolling (issue 21: ≤ 5 at 10M)'], ratioRows));
  }
  if (last2(b2)) {
    const [label, s] = last2(b2)!;
    out.push(`Where a computed request's time goes at ${label}: statements per request, and time inside \`Database.run/all\` (DuckDB, connection set-up, result conversion) against the whole request (medians):`);
    out.push(table(['route', 'SQL statements', 'SQL ms', 'request ms', 'SQL share'],
      Object.entries(s.routes as Any).filter(([, x]) => x.available && x.sql).map(([k, x]) => [`\`/api/${k}\``, x.sql.statements, n(x.sql.ms.median, 1), n(x.miss.median, 1), `${n((100 * x.sql.ms.median) / x.miss.median)}%`])));
  }
  if (r.b3) {
    out.push(`### B3 under load (${r.b3.size}): autocannon, ${r.settings.connections} connections × ${r.settings.loadTestSeconds} s, \`saferboard serve\` on 127.0.0.1`);
    if (r.b3.error) out.push(`Failed: ${r.b3.error}`);
    const rows = Object.entries(r.b3).filter(([k]) => k !== 'size' && k !== 'error') as [string, Any][];
    out.push(table(['route', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'timeouts', 'RSS before → after MiB'],
      rows.map(([k, x]) => x.available ? [`\`/api/${k}\``, n(x.requestsPerSecond, 1), x.latencyMs.p50, x.latencyMs.p99, x.errors, x.non2xx, x.timeouts, `${x.rssMiB.before} → ${x.rssMiB.after}`] : [`\`/api/${k}\``, `n/a (${x.status})`, '', '', '', '', '', ''])));
  }
  const b4 = Object.entries(r.b4 ?? {}) as [string, Any][];
  if (b4.length) {
    out.push('### B4 plain papaparse script vs saferboard (12-month comparison for Barnet burglary + London ranking)');
    out.push(table(
      ['size', 'script s', 'script rows/s', 'script RSS MiB', 'saferboard load s', 'open + first query ms', 'further question ms (median)', 'via', 'first answer: script ÷ saferboard', 'further question: script ÷ saferboard', 'same figures'],
      b4.map(([k, b]) => [k, n(b.script.seconds, 2), n(b.script.rowsPerSecond), n(b.script.maxRssMiB), n(b.saferboard.loadSeconds, 2), n((b.saferboard.openSeconds + b.saferboard.firstQuerySeconds) * 1000, 1), n(b.saferboard.queryMs.median, 1), b.saferboard.via, `${n(b.firstAnswerSpeedup, 2)}×`, `${n(b.furtherQuestionSpeedup)}×`, b.agree ? 'yes' : 'NO']),
    ));
  }
  if (r.b5) {
    out.push(`### B5 dashboard (${r.b5.size})`);
    if (!r.b5.available) out.push(`Not measured: ${r.b5.reason}`);
    else out.push(table(['JS gzip KiB', 'CSS gzip KiB', 'KiB fetched (board view)', 'requests', 'time to first chart ms (median of 3)', 'charts'],
      [[n(r.b5.sizes.js.gzipKib, 1), n(r.b5.sizes.css.gzipKib, 1), n(r.b5.kibFetched, 1), r.b5.requests ?? '—', n(r.b5.firstChartMs), r.b5.charts ?? '—']]));
    if (r.b5.assessment) {
      const a = r.b5.assessment;
      out.push('Issue 12 target: the needs assessment\'s first complete draw (every request answered, no panel loading) ≤ 2 × the board view\'s, median of 3 runs each:');
      out.push(table(['view', 'first complete draw ms', 'requests', 'KiB fetched'], [
        ['board `/`', n(r.b5.completeMs), r.b5.requests ?? '—', n(r.b5.kibFetched, 1)],
        ['needs assessment `/assessment`', a.available ? n(a.completeMs) : `n/a (${a.reason})`, a.requests ?? '—', a.available ? n(a.kibFetched, 1) : '—'],
        ['assessment ÷ board (target ≤ 2)', r.b5.assessmentOverBoard === null ? '—' : `${n(r.b5.assessmentOverBoard, 2)} ${r.b5.assessmentOverBoard <= 2 ? 'met' : 'MISSED'}`, '', ''],
      ]));
    }
  }
  if (r.b6) {
    const b = r.b6;
    out.push(`### B6 board pack: \`saferboard report\` vs Chromium printing the same HTML (${b.area}, ${b.to}${b.public ? ', --public' : ''}; median of ${b.reps})`);
    if (b.available === false) out.push(`Not measured: ${b.reason}`);
    else {
      const rows: unknown[][] = [
        ['`saferboard report` (whole process)', n(b.report.median, 2), n(b.report.min, 2), n(b.report.max, 2), n(b.report.cpuSeconds, 2), `${n(b.ratio, 2)} ${b.ratio <= 2 ? 'met' : 'MISSED'}`],
        ['Chromium printing the HTML (whole process)', n(b.print.median, 2), n(b.print.min, 2), n(b.print.max, 2), n(b.print.cpuSeconds, 2), '1'],
      ];
      if (b.before) rows.push(['`saferboard report`, before (`--before`)', n(b.before.median, 2), n(b.before.min, 2), n(b.before.max, 2), n(b.before.cpuSeconds, 2), n(b.before.ratio, 2)]);
      out.push(table(['run', 'wall s (median)', 'min', 'max', 'CPU s (median)', '÷ printing (target ≤ 2)'], rows));
      const ph = b.print.phasesMs;
      out.push(`Inside the printing process (ms, medians): launch and a page ${n(ph.launchMs)}, the HTML loaded with its fonts ${n(ph.loadMs)}, printing ${n(ph.printMs)}, closing ${n(ph.closeMs)}.`);
    }
  }
  if (r.b7) {
    const b = r.b7;
    out.push(`### B7 CLI start: commands against \`node -e 0\` (bundled sample; median of ${b.reps}, in turn)`);
    const row = (name: string, ratio: { wall: number; cpu: number | null } | null, target: boolean) => {
      const c = b.commands[name];
      return [name, n(c.wall.median, 3), n(c.wall.p95, 3), c.cpuMedian === null ? '—' : n(c.cpuMedian, 2), ratio ? `${n(ratio.wall, 2)}${target ? (ratio.wall <= 3 ? ' met' : ' MISSED') : ''}` : '1', ratio?.cpu == null ? '—' : n(ratio.cpu, 2)];
    };
    out.push(table(['command', 'wall s (median)', 'p95', 'CPU s (median)', '÷ node -e 0 (wall; target ≤ 3 for start)', '÷ node -e 0 (CPU)'], [
      row('node -e 0', null, false),
      row('saferboard --help', b.ratios.help, true),
      row('saferboard query rolling', b.ratios.queryRolling, false),
    ]));
  }
  return out.join('\n\n') + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(renderReport(JSON.parse(readFileSync(process.argv[2]!, 'utf8'))));
}
