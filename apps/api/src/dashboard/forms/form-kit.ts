import { html, raw, type Html, type Interpolation } from '../html';
import type { Viewer } from '../viewer';

/**
 * The dashboard's form pieces, in DSFR markup (« Champ de saisie », « Liste déroulante »,
 * « Bouton radio », « Alerte »): every form of the dashboard is built from these, so that they
 * all carry the CSRF token, show every error beside its field and in a summary at the top, and
 * keep what was typed.
 */

/** A form's values as posted (urlencoded or multipart fields): strings, files aside. */
export type FormValues = Readonly<Record<string, string | undefined>>;

/** Errors by field name (the API's names), in French, each ending without a full stop. */
export type FormErrors = Readonly<Record<string, string>>;

/**
 * The posted body as strings: repeated fields keep their last value, files and anything that is
 * not text are dropped (a file field is read by its own handler).
 */
export const formValues = (body: unknown): FormValues => {
  if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') out[key] = last;
  }
  return out;
};

/** The hidden `_csrf` field of a form posted with the session cookie (none for a script). */
export const csrfField = (viewer: Pick<Viewer, 'csrf'>): Interpolation =>
  viewer.csrf === undefined
    ? ''
    : html`<input type="hidden" name="_csrf" value="${viewer.csrf}" />`;

/** Each field's id is `<form>-<name>`: unique on the page, and the summary's anchors. */
const idOf = (form: string, name: string) => `${form}-${name.replace(/[^\w-]/g, '-')}`;

interface FieldBase {
  /** The form's id prefix. */
  readonly form: string;
  readonly name: string;
  readonly label: Interpolation;
  readonly hint?: Interpolation;
  readonly error?: string;
  readonly required?: boolean;
}

const labelOf = (f: FieldBase, id: string): Html =>
  html`<label class="fr-label" for="${id}"
    >${f.label}${f.required ? '' : html` <span class="cz-optional">(facultatif)</span>`}${
      f.hint ? html`<span class="fr-hint-text">${f.hint}</span>` : ''
    }</label
  >`;

const errorOf = (id: string, error: string | undefined): Interpolation =>
  error === undefined ? '' : html`<p id="${id}-erreur" class="fr-error-text">${error}</p>`;

export interface InputField extends FieldBase {
  readonly value?: string;
  readonly type?: 'text' | 'date' | 'email' | 'url' | 'number';
  /** `inputmode`, `autocomplete`, `min`, `max`, `step`, `maxlength`, `spellcheck`… */
  readonly attributes?: Readonly<Record<string, string>>;
}

export const inputField = (f: InputField): Html => {
  const id = idOf(f.form, f.name);
  const attributes = Object.entries(f.attributes ?? {}).map(
    ([k, v]) => html` ${raw(k.replace(/[^a-z-]/g, ''))}="${v}"`,
  );
  return html`<div class="fr-input-group${f.error ? ' fr-input-group--error' : ''}">
    ${labelOf(f, id)}
    <input
      class="fr-input${f.error ? ' fr-input--error' : ''}"
      type="${f.type ?? 'text'}"
      id="${id}"
      name="${f.name}"
      value="${f.value ?? ''}"
      ${f.required ? 'required' : ''}
      ${f.error ? html`aria-invalid="true" aria-describedby="${id}-erreur"` : ''}${attributes}
    />
    ${errorOf(id, f.error)}
  </div>`;
};

export const textareaField = (
  f: FieldBase & { readonly value?: string; readonly rows?: number; readonly maxLength?: number },
): Html => {
  const id = idOf(f.form, f.name);
  return html`<div class="fr-input-group${f.error ? ' fr-input-group--error' : ''}">
    ${labelOf(f, id)}
    <textarea
      class="fr-input${f.error ? ' fr-input--error' : ''}"
      id="${id}"
      name="${f.name}"
      rows="${f.rows ?? 4}"
      ${f.maxLength ? html`maxlength="${f.maxLength}"` : ''}
      ${f.required ? 'required' : ''}
      ${f.error ? html`aria-invalid="true" aria-describedby="${id}-erreur"` : ''}
    >
${f.value ?? ''}</textarea>
    ${errorOf(id, f.error)}
  </div>`;
};

export interface Choice {
  readonly value: string;
  readonly label: Interpolation;
  readonly hint?: Interpolation;
}

export const selectField = (
  f: FieldBase & {
    readonly value?: string;
    readonly choices: readonly Choice[];
    /** The first, empty option's label (« Choisir… »); none when a value is always chosen. */
    readonly placeholder?: string;
  },
): Html => {
  const id = idOf(f.form, f.name);
  return html`<div class="fr-select-group${f.error ? ' fr-select-group--error' : ''}">
    ${labelOf(f, id)}
    <select
      class="fr-select${f.error ? ' fr-select--error' : ''}"
      id="${id}"
      name="${f.name}"
      ${f.required ? 'required' : ''}
      ${f.error ? html`aria-invalid="true" aria-describedby="${id}-erreur"` : ''}
    >
      ${
        f.placeholder !== undefined
          ? html`<option value="" ${f.value ? '' : 'selected'} disabled hidden>
              ${f.placeholder}
            </option>`
          : ''
      }
      ${f.choices.map(
        (c) =>
          html`<option value="${c.value}" ${c.value === f.value ? 'selected' : ''}>
            ${c.label}
          </option>`,
      )}
    </select>
    ${errorOf(id, f.error)}
  </div>`;
};

/** Radio buttons in a fieldset whose legend is the question. */
export const radioField = (
  f: FieldBase & {
    readonly value?: string;
    readonly choices: readonly Choice[];
    readonly inline?: boolean;
  },
): Html => {
  const id = idOf(f.form, f.name);
  return html`<fieldset
    class="fr-fieldset${f.error ? ' fr-fieldset--error' : ''}"
    id="${id}"
    aria-labelledby="${id}-legende${f.error ? ` ${id}-messages` : ''}"
    ${f.error ? html`role="group"` : ''}
  >
    <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id="${id}-legende">
      ${f.label}${f.hint ? html`<span class="fr-hint-text">${f.hint}</span>` : ''}
    </legend>
    ${f.choices.map(
      (c, i) =>
        html`<div class="fr-fieldset__element${f.inline ? ' fr-fieldset__element--inline' : ''}">
          <div class="fr-radio-group">
            <input
              type="radio"
              id="${id}-${i}"
              name="${f.name}"
              value="${c.value}"
              ${c.value === f.value ? 'checked' : ''}
              ${f.required ? 'required' : ''}
            />
            <label class="fr-label" for="${id}-${i}"
              >${c.label}${c.hint ? html`<span class="fr-hint-text">${c.hint}</span>` : ''}</label
            >
          </div>
        </div>`,
    )}
    <div class="fr-messages-group" id="${id}-messages" aria-live="assertive">
      ${f.error ? html`<p class="fr-message fr-message--error" id="${id}-erreur">${f.error}</p>` : ''}
    </div>
  </fieldset>`;
};

/**
 * Every error of the form at the top, each a link to its field, announced to screen readers
 * (DSFR alert, RGAA 11.10: errors listed and reachable). `labels` names each field as the form
 * shows it, in the fields' order on the page.
 */
export const errorSummary = (
  form: string,
  errors: FormErrors,
  labels: Readonly<Record<string, string>>,
): Interpolation => {
  // In the order of the page (the order of `labels`), fields it does not name last.
  const order = Object.keys(labels);
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  const fields = Object.keys(errors).sort((a, b) => rank(a) - rank(b));
  if (fields.length === 0) return '';
  return html`<div
    class="fr-alert fr-alert--error fr-mb-4w"
    role="alert"
    id="${form}-erreurs"
    tabindex="-1"
  >
    <h2 class="fr-alert__title">
      ${
        fields.length === 1
          ? 'Le formulaire contient une erreur'
          : `Le formulaire contient ${fields.length} erreurs`
      }
    </h2>
    <ul>
      ${fields.map(
        (name) =>
          html`<li>
            <a href="#${idOf(form, name)}">${labels[name] ?? name}&#8239;: ${errors[name]}</a>
          </li>`,
      )}
    </ul>
  </div>`;
};

/** A DSFR notice at the top of a page after a form was recorded (the page after the redirect). */
export const doneNotice = (text: Interpolation): Html =>
  html`<div class="fr-alert fr-alert--success fr-mb-4w" role="status">
    <p>${text}</p>
  </div>`;

/** The page's title gets « Erreur : » first when its form comes back with errors (RGAA 8.5). */
export const titleWithErrors = (title: string, errors: FormErrors): string =>
  Object.keys(errors).length > 0 ? `Erreur\u202f: ${title}` : title;
