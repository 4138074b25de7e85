import type { Database } from './db.ts';

/** Resolves any known spelling or GSS code of an area (case-insensitive) to its code. */
export class AreaResolver {
  private constructor(
    private readonly db: Database,
    private readonly byAlias: Map<string, string>,
    readonly names: Map<string, string>,
  ) {}

  static async create(db: Database): Promise<AreaResolver> {
    const aliases = await db.all<{ alias: string; code: string }>('SELECT alias, code FROM area_aliases');
    const areas = await db.all<{ code: string; name: string }>('SELECT code, name FROM areas');
    return new AreaResolver(
      db,
      new Map(aliases.map((a) => [a.alias, a.code])),
      new Map(areas.map((a) => [a.code, a.name])),
    );
  }

  resolve(name: string): string | undefined {
    return this.byAlias.get(normalise(name));
  }

  /** The closest known spelling, for "did you mean" hints. */
  nearest(name: string): string | undefined {
    const target = normalise(name);
    let best: [number, string] | undefined;
    for (const alias of this.byAlias.keys()) {
      const d = distance(target, alias);
      if (!best || d < best[0]) best = [d, alias];
    }
    return best && best[0] <= Math.max(3, target.length / 3) ? this.names.get(this.byAlias.get(best[1])!) : undefined;
  }

  /** Registers an area the reference does not know (with --allow-unknown-areas), as a non-borough area. */
  async addUnknown(name: string): Promise<string> {
    const code = `X-${normalise(name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').toUpperCase()}`;
    const params = { code, name: name.trim() };
    await this.db.run(
      `INSERT OR IGNORE INTO areas (code, name, borough, origin) VALUES ($code, $name, false, 'loaded')`,
      params,
    );
    await this.db.run(`INSERT OR IGNORE INTO area_aliases VALUES (lower($name), $code), (lower($code), $code)`, params);
    this.byAlias.set(normalise(name), code);
    this.names.set(code, name.trim());
    return code;
  }
}

const normalise = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}
