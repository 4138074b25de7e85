import { nearest } from './nearest.ts';
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
    const alias = nearest(name, this.byAlias.keys());
    return alias && this.names.get(this.byAlias.get(alias)!);
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
