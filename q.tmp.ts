import { Database } from './data/db.ts';
const db = await Database.open(process.argv[2]!, { readOnly: true });
const sql = process.argv[3]!;
console.table(await db.all(sql));
db.close();
