import { h, uid } from './dom.ts';
import { navigate } from './state.ts';

/** A choice of a select; options with a `group` are listed under that group's heading (an `<optgroup>`). */
export interface Option {
  value: string;
  label: string;
  group?: string;
}

/** What a change of a select writes into the URL besides its own value, and a note saying so (see `navigate`). */
export type Patch = (value: string) => { patch: Record<string, string | undefined>; note?: string };

export type Field =
  | { name: string; label: string; kind: 'select'; value: string[]; options: Option[]; multiple?: boolean; patch?: Patch }
  | { name: string; label: string; kind: 'month'; value: string; min?: string; max?: string };

/**
 * A form of labelled native controls (keyboard-usable as they are); a change writes the URL and re-renders.
 * @example controls([{ name: 'area', label: 'Area', kind: 'select', value: ['Barnet'], options }])
 */
export function controls(fields: Field[]): HTMLFormElement {
  const form = h('form', { class: 'controls', 'aria-label': 'View settings' });
  for (const f of fields) {
    const id = uid(f.name);
    // a select always shows its own value: one missing from the options is added rather than showing the first
    const options = f.kind === 'select' ? [...f.options, ...f.value.filter((v) => !f.options.some((o) => o.value === v)).map((v) => ({ value: v, label: v }))] : [];
    const input =
      f.kind === 'select'
        ? h('select', { id, name: f.name, multiple: f.multiple, size: f.multiple ? '8' : undefined }, ...grouped(options, f.value))
        : h('input', { id, name: f.name, type: 'month', value: f.value, min: f.min, max: f.max, pattern: '\\d{4}-\\d{2}' });
    form.append(h('div', { class: 'field' }, h('label', { for: id }, f.label), input));
    input.addEventListener('change', () => {
      const v = input instanceof HTMLSelectElement ? [...input.selectedOptions].map((o) => o.value).join(',') : input.value;
      if (input instanceof HTMLInputElement && !/^\d{4}-\d{2}$/.test(v)) return;
      const more = f.kind === 'select' ? f.patch?.(v) : undefined;
      navigate({ ...more?.patch, [f.name]: v }, more?.note);
    });
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  return form;
}

/** The options in their order, each run of options of one group under an `<optgroup>` headed by the group. */
function grouped(options: Option[], selected: string[]): HTMLElement[] {
  const option = (o: Option) => h('option', { value: o.value, selected: selected.includes(o.value) }, o.label);
  const out: HTMLElement[] = [];
  for (const o of options) {
    const last = out.at(-1);
    if (!o.group) out.push(option(o));
    else if (last instanceof HTMLOptGroupElement && last.label === o.group) last.append(option(o));
    else out.push(h('optgroup', { label: o.group }, option(o)));
  }
  return out;
}

/** The periods a view can show (`period=`), as /api/outcomes, /api/rolling and /api/ranks take them. */
export const PERIODS = [
  { value: '12m', label: '12 months' },
  { value: 'fytd', label: 'Financial year to date' },
  { value: 'quarter', label: 'Quarter' },
  { value: 'month', label: 'Month' },
  { value: 'fy', label: 'Financial year (to March)' },
] as const;
/** What a period is compared with (`vs=`). */
export const VERSUS = [
  { value: 'year', label: 'The same months a year earlier' },
  { value: 'previous', label: 'The period just before' },
] as const;
export type PeriodId = (typeof PERIODS)[number]['value'];
export type VersusId = (typeof VERSUS)[number]['value'];

/** The period and comparison named in the URL, else 12 months against a year earlier. */
export function pickPeriod(q: URLSearchParams): { period: PeriodId; vs: VersusId } {
  const period = PERIODS.find((p) => p.value === q.get('period'))?.value ?? '12m';
  const vs = VERSUS.find((v) => v.value === q.get('vs'))?.value ?? 'year';
  return { period, vs };
}

/** The Period and Compared with controls. */
export const periodFields = (p: { period: PeriodId; vs: VersusId }): Field[] => [
  { name: 'period', label: 'Period', kind: 'select', value: [p.period], options: PERIODS.map((o) => ({ ...o })) },
  { name: 'vs', label: 'Compared with', kind: 'select', value: [p.vs], options: VERSUS.map((o) => ({ ...o })) },
];

/** The latest March at or before `to`: the end of the last financial year a `period=fy` view can show. */
export const lastMarch = (to: string) => (Number(to.slice(5)) >= 3 ? `${to.slice(0, 4)}-03` : `${Number(to.slice(0, 4)) - 1}-03`);
