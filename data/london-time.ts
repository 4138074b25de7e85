const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });

/** An ISO 8601 date-time with a time zone offset or Z, as data.police.uk writes them: `2018-01-01T00:05:00+00:00`. */
const STAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

/** The instant of a police.uk date-time, or undefined when it is not one (no offset, impossible date). */
export function parseInstant(text: string): Date | undefined {
  if (!STAMP.test(text)) return undefined;
  const [y, m, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  // 2018-02-30 is no date (Date would roll it over to March)
  if (new Date(Date.UTC(y, m - 1, day)).getUTCDate() !== day) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * The Europe/London calendar month (`YYYY-MM`) of an instant, by the IANA time zone rules (GMT, or BST from 01:00
 * UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October).
 * @example londonMonth(new Date('2018-03-31T23:30:00+00:00')) // '2018-04' (BST began 2018-03-25)
 */
export function londonMonth(instant: Date): string {
  const parts = LONDON.formatToParts(instant);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}
