import type { MetricKind } from '@cosinum/domain';
import {
  errorSummary,
  inputField,
  textareaField,
  titleWithErrors,
  type FormErrors,
  type FormValues,
} from './forms/form-kit';
import { filled, readFormDate, readFrenchNumber } from './forms/validate-form';
import { html, type Html, type Interpolation } from './html';
import { BASE, layout, type Crumb } from './layout';
import type { Viewer } from './viewer';

/**
 * What the analysts' forms share: reading a typed number or date (an unreadable one is an error
 * of the form, before the API's DTO sees the field), the page around a form (title, error
 * summary in the fields' order), and the three fields of every ruling (date, reason, reference).
 */

/** A metric's range in words, after « Saisissez une valeur … ». */
export const RANGE_TEXT: Record<MetricKind, string> = {
  percentage: 'comprise entre 0 et 100',
  score: 'comprise entre 0 et 10',
  count: 'positive ou nulle',
  boolean: 'égale à 0 ou à 1',
};

export const NUMBER_ERROR = 'Saisissez un nombre, par exemple 85 ou 85,5';
export const DATE_ERROR = 'Saisissez une date réelle, au format JJ/MM/AAAA';

/** Errors found while a form reads its strings, by field: the DTO's own come after. */
export class FormReading {
  readonly errors: Record<string, string> = {};
  constructor(readonly values: FormValues) {}

  text(name: string): string | undefined {
    return filled(this.values, name);
  }

  /** A number as typed (`85,5`, `1 234`); undefined when empty or unreadable (then an error). */
  number(name: string): number | undefined {
    const text = filled(this.values, name);
    if (text === undefined) return undefined;
    const n = readFrenchNumber(text);
    if (n === undefined) this.errors[name] = NUMBER_ERROR;
    return n;
  }

  /** A date as the browser sends it (or typed JJ/MM/AAAA); undefined when empty or unreadable. */
  date(name: string): string | undefined {
    const text = filled(this.values, name);
    if (text === undefined) return undefined;
    const d = readFormDate(text);
    if (d === undefined) this.errors[name] = DATE_ERROR;
    return d;
  }
}

/** Every value posted under a name (ticked checkboxes), as strings. */
export const postedList = (posted: unknown, name: string): string[] => {
  const v = (posted as Record<string, unknown> | null)?.[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
};

/** The object without its undefined entries: the API's body never carries them either. */
export const defined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * Errors each on a field the page shows (`labels`): one it does not know goes to `fallback`,
 * where the reader will look. The summary lists them in the page's order.
 */
export const placedErrors = (
  errors: FormErrors,
  labels: Readonly<Record<string, string>>,
  fallback: string,
): FormErrors => {
  const placed: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors))
    placed[field in labels ? field : fallback] ??= message;
  return placed;
};

export interface FormPage {
  readonly viewer: Viewer;
  readonly title: string;
  readonly crumbs: readonly Crumb[];
  /** The form's id prefix (its fields' ids and the summary's anchors). */
  readonly form: string;
  readonly errors: FormErrors;
  readonly labels: Readonly<Record<string, string>>;
  /** What comes between the heading and the form (what is being decided, on what). */
  readonly lead?: Interpolation;
  readonly body: Html;
}

/** A form's page: « Erreur : » in the title and every error at the top when it comes back. */
export const formPage = (p: FormPage): Html =>
  layout({
    viewer: p.viewer,
    title: titleWithErrors(p.title, p.errors),
    crumbs: [{ label: 'Vue d’ensemble', href: BASE }, ...p.crumbs, { label: p.title }],
    body: html`<h1 class="fr-mt-2w">${p.title}</h1>
      ${p.lead ?? ''} ${errorSummary(p.form, p.errors, p.labels)} ${p.body}`,
  });

/** A single checkbox (a confirmation), in DSFR markup, with its error. */
export const checkboxField = (f: {
  readonly form: string;
  readonly name: string;
  readonly label: Interpolation;
  readonly checked: boolean;
  readonly error?: string;
}): Html => {
  const id = `${f.form}-${f.name}`;
  return html`<div class="fr-fieldset__element">
    <div class="fr-checkbox-group${f.error ? ' fr-checkbox-group--error' : ''}">
      <input
        type="checkbox"
        id="${id}"
        name="${f.name}"
        value="oui"
        ${f.checked ? 'checked' : ''}
        ${f.error ? html`aria-invalid="true" aria-describedby="${id}-erreur"` : ''}
      />
      <label class="fr-label" for="${id}">${f.label}</label>
      ${f.error ? html`<p class="fr-error-text" id="${id}-erreur">${f.error}</p>` : ''}
    </div>
  </div>`;
};

export const RULING_LABELS = {
  on: 'Date de la décision',
  reason: 'Motif',
  decisionRef: 'Référence de la décision',
} as const;

/** The date, reason and reference of a ruling, as `RulingDto` names them. */
export const rulingFields = (
  form: string,
  values: FormValues,
  errors: FormErrors,
  reasonHint: string,
): Html =>
  html`${inputField({
    form,
    name: 'on',
    type: 'date',
    label: RULING_LABELS.on,
    hint: 'La date à partir de laquelle elle s’applique. Vide\u202f: aujourd’hui.',
    value: values.on,
    error: errors.on,
    attributes: { min: '2000-01-01', max: '2100-12-31' },
  })}
  ${textareaField({
    form,
    name: 'reason',
    label: RULING_LABELS.reason,
    hint: reasonHint,
    value: values.reason,
    error: errors.reason,
    required: true,
    rows: 3,
    maxLength: 2000,
  })}
  ${inputField({
    form,
    name: 'decisionRef',
    label: RULING_LABELS.decisionRef,
    hint: 'Par exemple COSINUM-2021-03-18 ou le numéro du relevé de décisions.',
    value: values.decisionRef,
    error: errors.decisionRef,
    attributes: { maxlength: '200' },
  })}`;

/** The form's buttons: send, and back to where the analyst came from. */
export const formButtons = (send: string, back: string, options: { danger?: boolean } = {}): Html =>
  html`<ul class="fr-btns-group fr-btns-group--inline-md fr-mt-4w">
    <li>
      <button class="fr-btn${options.danger ? ' cz-btn--danger' : ''}" type="submit">
        ${send}
      </button>
    </li>
    <li><a class="fr-btn fr-btn--secondary" href="${back}">Annuler</a></li>
  </ul>`;
