import { createApp } from '../api/app.ts';
import { Database } from '../data/db.ts';
import { expandInputs } from '../data/files.ts';
import { answer, type Answers, type Question } from './answers.ts';
import { BOROUGHS, CATEGORIES } from './latency.ts';
import { round, runChild, stats } from './spawn.ts';

interface ScriptResult {
  seconds: number;
  parsedSeconds: number;
  rows: number;
  rolling: { current: number; previous: number };
  ranks: { area: string; count: number; rank: number }[];
  maxRssKb: number;
}

/**
 * B4: the plain-script baseline (papaparse streaming + sums in JavaScript, in a child process) against saferboard's
 * load + query (first answer) and query alone (each further question: another borough and category, so not
 * from the response cache), checking both give the same figures for the first question.
 * @example await benchBaseline({ dir, dbPath, loadSeconds: 12.3, question, reps: 20 });
 */
export async function benchBaseline(o: { dir: string; dbPath: string; loadSeconds: number; loadSecondsFrom?: string; question: Question; reps: number }) {
  const q = o.question;
  const script = await runChild<ScriptResult>('papaparse-script.ts', [q.area, q.crimeType, q.to, ...expandInputs([o.dir])]);
  let t = performance.now();
  const db = await Database.open(o.dbPath, { readOnly: true });
  const app = createApp(db);
  const openSeconds = (performance.now() - t) / 1000;
  let first: Answers;
  const times: number[] = [];
  try {
    t = performance.now();
    first = await answer(db, app, q);
    const firstQuerySeconds = (performance.now() - t) / 1000;
    // each further question is a new one (another borough and category), so it is computed, not cached
    const others = BOROUGHS.filter((b) => b.name !== q.area);
    const categories = CATEGORIES.filter((c) => c !== q.category);
    for (let i = 0; i < Math.min(o.reps, categories.length); i++) {
      const next = { ...q, area: others[i]!.name, areaCode: others[i]!.code, category: categories[i]! };
      t = performance.now();
      await answer(db, app, next);
      times.push(performance.now() - t);
    }
    const queryMs = stats(times);
    const scriptRanks = new Map(script.result.ranks.map((r) => [r.area, r]));
    const differences = first.ranks
      .filter((r) => scriptRanks.get(r.area)?.count !== r.count || scriptRanks.get(r.area)?.rank !== r.rank)
      .map((r) => ({ area: r.area, saferboard: { count: r.count, rank: r.rank }, script: scriptRanks.get(r.area) ?? null }));
    const agree =
      first.rolling.current === script.result.rolling.current &&
      first.rolling.previous === script.result.rolling.previous &&
      first.ranks.length === 32 &&
      differences.length === 0;
    const firstAnswer = o.loadSeconds + openSeconds + firstQuerySeconds;
    return {
      question: q,
      script: {
        seconds: round(script.result.seconds),
        wallSeconds: round(script.wallSeconds),
        rowsPerSecond: Math.round(script.result.rows / script.result.seconds),
        maxRssMiB: script.maxRssMiB,
        rolling: script.result.rolling,
      },
      saferboard: {
        via: first.via,
        loadSeconds: round(o.loadSeconds),
        loadSecondsFrom: o.loadSecondsFrom ?? 'this run',
        openSeconds: round(openSeconds),
        firstQuerySeconds: round(firstQuerySeconds),
        queryMs,
        rolling: first.rolling,
      },
      // > 1 means saferboard is faster than the script
      firstAnswerSpeedup: round(script.result.seconds / firstAnswer, 2),
      furtherQuestionSpeedup: Math.round((1000 * script.result.seconds) / queryMs.median),
      agree,
      differences: differences.slice(0, 5),
    };
  } finally {
    db.close();
  }
}
