import { h, uid } from './dom.ts';
import { navigate } from './state.ts';

export type Field =
  | { name: string; label: string; kind: 'select'; value: string[]; options: { value: string; label: string }[]; multiple?: boolean }
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
        ? h('select', { id, name: f.name, multiple: f.multiple, size: f.multiple ? '5' : undefined },
            ...options.map((o) => h('option', { value: o.value, selected: f.value.includes(o.value) }, o.label)))
        : h('input', { id, name: f.name, type: 'month', value: f.value, min: f.min, max: f.max, pattern: '\\d{4}-\\d{2}' });
    form.append(h('div', { class: 'field' }, h('label', { for: id }, f.label), input));
    input.addEventListener('change', () => {
      const v = input instanceof HTMLSelectElement ? [...input.selectedOptions].map((o) => o.value).join(',') : input.value;
      if (input instanceof HTMLInputElement && !/^\d{4}-\d{2}$/.test(v)) return;
      navigate({ [f.name]: v });
    });
  }
  form.addEventListener('submit', (e) => e.preventDefault());
  return form;
}
