/** A problem with an input file: names the file, the line (1-based, when known) and what was expected. */
export class LoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'LoadError';
  }
}
