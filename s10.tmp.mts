import { Database } from './data/db.ts';
import { rebuildDerived } from './data/load.ts';
const t = performance.now();
const db = await Database.open(process.argv[2]!);
await db.run('BEGIN TRANSACTION'); await rebuildDerived(db); await db.run('COMMIT'); await db.run('CHECKPOINT'); db.close();
console.log('rebuilt in', Math.round(performance.now() - t), 'ms');
