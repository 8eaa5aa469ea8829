import { escapeHtml } from '@cosinum/presentation';

/**
 * The dashboard's templating, on top of the one HTML escaper (`escapeHtml`, in presentation). Pages are built with the `html` tag: every interpolated
 * value is escaped unless it is already `Html` (the result of another `html` call, or `raw` for
 * markup we wrote ourselves). A user-supplied string therefore cannot become markup by mistake.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Something a template may interpolate: lists are concatenated, null/undefined/false vanish. */
export type Interpolation =
  Html | string | number | null | undefined | false | readonly Interpolation[];

const render = (value: Interpolation): string => {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
};

export const html = (strings: TemplateStringsArray, ...values: Interpolation[]): Html => {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
};

/** Markup written by the dashboard itself (never user input). */
export const raw = (markup: string): Html => new Html(markup);
