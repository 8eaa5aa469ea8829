import { CADENCES, MAX_DELAY_DAYS, isInRange, type MetricKind } from '@cosinum/domain';
import { CADENCE_LABELS } from '@cosinum/presentation';
import {
  csrfField,
  inputField,
  radioField,
  selectField,
  textareaField,
  type FormErrors,
  type FormValues,
} from './forms/form-kit';
import { html, type Html } from './html';
import { BASE } from './layout';
import {
  FormReading,
  RANGE_TEXT,
  defined,
  formButtons,
  formPage,
  placedErrors,
  postedList,
} from './analyst-form-parts';
import type { Viewer } from './viewer';

/**
 * « Enregistrer une décision »: a new commitment, field for field as `POST /api/commitments`
 * takes it (`source.decidedOn`, `metric.target`, `milestones[0].on`…), read from the form's
 * strings into the DTO's shape, then checked by the DTO and the decider.
 */

const FORM = 'decision';
/** Milestone rows offered; empty rows are ignored. */
export const MILESTONE_ROWS = 4;
const KINDS: readonly MetricKind[] = ['percentage', 'count', 'score', 'boolean'];

const milestoneLabels = (i: number) => ({
  [`milestones[${i}].on`]: `Jalon ${i + 1}, date`,
  [`milestones[${i}].target`]: `Jalon ${i + 1}, cible`,
  [`milestones[${i}].label`]: `Jalon ${i + 1}, libellé`,
});

/** Every field of the form, in the page's order, as the error summary names it. */
export const DECISION_LABELS: Readonly<Record<string, string>> = {
  title: 'Intitulé',
  description: 'Description',
  externalId: 'Identifiant externe',
  mission: 'Mission',
  'source.document': 'Document source',
  'source.section': 'Section du document',
  'source.decidedOn': 'Date de la décision',
  'metric.kind': 'Nature de l’indicateur',
  'metric.direction': 'Sens de l’objectif',
  'metric.unit': 'Unité',
  'metric.target': 'Cible',
  'metric.baseline.value': 'Valeur de référence',
  'metric.baseline.on': 'Date de la valeur de référence',
  deadline: 'Échéance',
  deadlineWording: 'Échéance dans les termes de la source',
  ministries: 'Ministères concernés',
  'reporting.every': 'Périodicité des déclarations',
  'reporting.delayDays': 'Délai de déclaration',
  ...Object.assign({}, ...Array.from({ length: MILESTONE_ROWS }, (_, i) => milestoneLabels(i))),
};

export interface DecisionReading {
  /** The body as `POST /api/commitments` would receive it. */
  readonly body: Record<string, unknown>;
  /** Errors found while reading, and the checks across fields that the DTO cannot make. */
  readonly errors: FormErrors;
  /** `milestones[j]` of the body is the form's row `rows[j]`. */
  readonly rows: readonly number[];
}

/** The posted strings into the API's body; what cannot be read is an error beside its field. */
export const readDecision = (values: FormValues, rawBody: unknown): DecisionReading => {
  const r = new FormReading(values);
  const kind = r.text('metric.kind') as MetricKind | undefined;
  const baselineValue = r.number('metric.baseline.value');
  const baselineOn = r.date('metric.baseline.on');
  let target = r.number('metric.target');
  // A yes/no action is met when it is done: its target is 1 unless the analyst says otherwise.
  if (kind === 'boolean' && target === undefined && !r.errors['metric.target']) target = 1;
  // The radio's value (`all` or empty) and the ticked boxes.
  const chosen = postedList(rawBody, 'ministries');
  const codes = chosen.filter((c) => c !== '' && c !== 'all');
  let ministries: 'all' | string[] | undefined;
  if (chosen.includes('all')) {
    ministries = 'all';
    if (codes.length > 0)
      r.errors.ministries =
        'Vous avez choisi tous les ministères et coché des ministères\u202f: choisissez l’un ou l’autre';
  } else if (codes.length > 0) ministries = codes;
  else if (chosen.includes(''))
    r.errors.ministries = 'Cochez au moins un ministère, ou choisissez tous les ministères';
  const every = r.text('reporting.every');
  const delayDays = r.number('reporting.delayDays');
  const rows: number[] = [];
  const milestones: Record<string, unknown>[] = [];
  for (let i = 0; i < MILESTONE_ROWS; i++) {
    const at = `milestones[${i}]`;
    const on = r.date(`${at}.on`);
    const mTarget = r.number(`${at}.target`);
    const label = r.text(`${at}.label`);
    const typed = [`${at}.on`, `${at}.target`, `${at}.label`].some((n) => r.text(n) !== undefined);
    if (!typed) continue;
    rows.push(i);
    milestones.push(defined({ on, target: mTarget, label }));
  }
  const decidedOn = r.date('source.decidedOn');
  const deadline = r.date('deadline');
  const body = defined({
    externalId: r.text('externalId'),
    title: r.text('title'),
    description: values.description?.trim() ?? '',
    mission: r.text('mission'),
    source: defined({
      document: r.text('source.document'),
      section: r.text('source.section'),
      decidedOn,
    }),
    metric: defined({
      kind,
      direction: r.text('metric.direction'),
      unit: r.text('metric.unit'),
      target,
      baseline:
        baselineValue === undefined && baselineOn === undefined && !r.text('metric.baseline.on')
          ? undefined
          : defined({ value: baselineValue, on: baselineOn }),
    }),
    deadline,
    deadlineWording: r.text('deadlineWording'),
    ministries,
    reporting:
      every === undefined && delayDays === undefined && !r.text('reporting.delayDays')
        ? undefined
        : defined({ every, delayDays }),
    milestones: milestones.length > 0 ? milestones : undefined,
  });
  // What the decider would refuse one at a time, said all at once beside each field.
  const known = kind && KINDS.includes(kind) ? kind : undefined;
  const outOfRange = (field: string, value: number | undefined) => {
    if (known && value !== undefined && !r.errors[field] && !isInRange(known, value))
      r.errors[field] = `Saisissez une valeur ${RANGE_TEXT[known]}`;
  };
  outOfRange('metric.target', target);
  outOfRange('metric.baseline.value', baselineValue);
  if (decidedOn && deadline && deadline < decidedOn)
    r.errors.deadline = 'L’échéance ne peut pas précéder la date de la décision';
  const seen = new Set<string>();
  for (const i of rows) {
    const at = `milestones[${i}]`;
    const m = milestones[rows.indexOf(i)] as { on?: string; target?: number };
    if (known === 'boolean') {
      r.errors[`${at}.target`] ??=
        'Une action (oui ou non) n’a pas de jalon\u202f: pour suivre ses étapes, choisissez un indicateur « nombre » dont la cible est le nombre d’étapes';
      continue;
    }
    outOfRange(`${at}.target`, m.target);
    if (!m.on) continue;
    if ((decidedOn && m.on < decidedOn) || (deadline && m.on > deadline))
      r.errors[`${at}.on`] ??= 'Un jalon tombe entre la date de la décision et l’échéance';
    else if (seen.has(m.on)) r.errors[`${at}.on`] ??= 'Un autre jalon tombe déjà ce jour-là';
    seen.add(m.on);
  }
  return { body, errors: r.errors, rows };
};

/**
 * An error of the DTO or the decider names the API's field: `milestones[j]` is the form's row
 * `rows[j]`, `ministries[i]` the ministries' group.
 */
export const decisionField = (field: string, rows: readonly number[]): string => {
  const milestone = /^milestones\[(\d+)\](.*)$/.exec(field);
  if (milestone) {
    const row = rows[Number(milestone[1])] ?? 0;
    return `milestones[${row}]${milestone[2] || '.target'}`;
  }
  if (field.startsWith('ministries')) return 'ministries';
  if (field === 'metric.baseline') return 'metric.baseline.value';
  if (field === 'reporting') return 'reporting.every';
  return field;
};

/**
 * Every error of the form on the field that shows it: those of the DTO and the decider (named as
 * the API names them), then those found while reading the strings (named as the form's rows).
 */
export const placedDecisionErrors = (api: FormErrors, reading: DecisionReading): FormErrors =>
  placedErrors(
    {
      ...Object.fromEntries(
        Object.entries(api).map(([f, m]) => [decisionField(f, reading.rows), m]),
      ),
      ...reading.errors,
    },
    DECISION_LABELS,
    'title',
  );

export interface DecisionFormInput {
  readonly viewer: Viewer;
  readonly values: FormValues;
  /** The `ministries` values posted (the radio's and the ticked boxes), or none on a first view. */
  readonly ministries: readonly string[];
  readonly errors: FormErrors;
  /** The ministries that may be chosen, with their names. */
  readonly known: readonly { readonly code: string; readonly name: string }[];
}

const KIND_CHOICES = [
  {
    value: 'percentage',
    label: 'Pourcentage',
    hint: 'De 0 à 100, par exemple la part des agents équipés',
  },
  {
    value: 'count',
    label: 'Nombre',
    hint: 'Un décompte, par exemple le nombre de démarches en ligne',
  },
  {
    value: 'score',
    label: 'Note sur 10',
    hint: 'Une note de 0 à 10, par exemple une satisfaction',
  },
  {
    value: 'boolean',
    label: 'Action à réaliser (oui ou non)',
    hint: 'Réalisée ou non\u202f; sa cible est 1',
  },
];

const section = (title: string, id: string, content: Html): Html =>
  html`<section class="fr-mb-4w" aria-labelledby="${id}">
    <h2 class="fr-h5" id="${id}">${title}</h2>
    ${content}
  </section>`;

/** « Tous les ministères » or the ticked ones: one group, the boxes under the second choice. */
const ministriesField = (p: DecisionFormInput): Html => {
  const id = `${FORM}-ministries`;
  const error = p.errors.ministries;
  const chosen = p.ministries;
  const all = chosen.length === 0 || chosen.includes('all');
  return html`<fieldset
    class="fr-fieldset${error ? ' fr-fieldset--error' : ''}"
    id="${id}"
    aria-labelledby="${id}-legende${error ? ` ${id}-messages` : ''}"
    ${error ? html`role="group"` : ''}
  >
    <legend class="fr-fieldset__legend fr-fieldset__legend--regular" id="${id}-legende">
      ${DECISION_LABELS.ministries}
      <span class="fr-hint-text"
        >«&#8239;Tous les ministères&#8239;» comprend aussi ceux qui seront créés ensuite.</span
      >
    </legend>
    <div class="fr-fieldset__element">
      <div class="fr-radio-group">
        <input type="radio" id="${id}-tous" name="ministries" value="all" ${all ? 'checked' : ''} />
        <label class="fr-label" for="${id}-tous">Tous les ministères</label>
      </div>
    </div>
    <div class="fr-fieldset__element">
      <div class="fr-radio-group">
        <input type="radio" id="${id}-liste" name="ministries" value="" ${all ? '' : 'checked'} />
        <label class="fr-label" for="${id}-liste">Les ministères cochés ci-dessous</label>
      </div>
    </div>
    <div class="fr-fieldset__element cz-ministry-boxes">
      ${p.known.map(
        (m) =>
          html`<div class="fr-checkbox-group fr-checkbox-group--sm">
            <input
              type="checkbox"
              id="${id}-${m.code}"
              name="ministries"
              value="${m.code}"
              ${chosen.includes(m.code) ? 'checked' : ''}
            />
            <label class="fr-label" for="${id}-${m.code}">${m.name}</label>
          </div>`,
      )}
    </div>
    <div class="fr-messages-group" id="${id}-messages" aria-live="assertive">
      ${error ? html`<p class="fr-message fr-message--error" id="${id}-erreur">${error}</p>` : ''}
    </div>
  </fieldset>`;
};

const milestoneRow = (i: number, v: FormValues, e: FormErrors): Html => {
  const at = `milestones[${i}]`;
  return html`<div class="fr-grid-row fr-grid-row--gutters">
    <div class="fr-col-12 fr-col-md-4">
      ${inputField({ form: FORM, name: `${at}.on`, type: 'date', label: `Jalon ${i + 1}, date`, value: v[`${at}.on`], error: e[`${at}.on`], attributes: { min: '2000-01-01', max: '2100-12-31' } })}
    </div>
    <div class="fr-col-12 fr-col-md-3">
      ${inputField({ form: FORM, name: `${at}.target`, label: `Jalon ${i + 1}, cible`, value: v[`${at}.target`], error: e[`${at}.target`], attributes: { inputmode: 'decimal' } })}
    </div>
    <div class="fr-col-12 fr-col-md-5">
      ${inputField({ form: FORM, name: `${at}.label`, label: `Jalon ${i + 1}, libellé`, value: v[`${at}.label`], error: e[`${at}.label`], attributes: { maxlength: '200' } })}
    </div>
  </div>`;
};

export const decisionPage = (p: DecisionFormInput): Html => {
  const v = p.values;
  const e = p.errors;
  const field = (name: string, extra: Partial<Parameters<typeof inputField>[0]> = {}) =>
    inputField({
      form: FORM,
      name,
      label: DECISION_LABELS[name],
      value: v[name],
      error: e[name],
      ...extra,
    });
  return formPage({
    viewer: p.viewer,
    title: 'Enregistrer une décision',
    crumbs: [],
    form: FORM,
    errors: e,
    labels: DECISION_LABELS,
    lead: html`<p class="fr-text--lead">
      Un nouvel engagement décidé par le COSINUM&#8239;: son objet, sa source, son indicateur, son
      échéance et les ministères qui le portent. Les champs sans mention «&#8239;facultatif&#8239;»
      sont obligatoires.
    </p>`,
    body: html`<form
      method="post"
      action="${BASE}/engagements/nouveau"
      id="${FORM}"
      class="cz-form"
      novalidate
    >
      ${csrfField(p.viewer)}
      ${section(
        'L’engagement',
        `${FORM}-objet`,
        html`${field('title', { required: true, hint: 'De 3 à 300 caractères, tel que le relevé de décisions le formule.', attributes: { maxlength: '300' } })}
        ${textareaField({ form: FORM, name: 'description', label: DECISION_LABELS.description, hint: 'Le contexte et le détail de la décision.', value: v.description, error: e.description, rows: 4, maxLength: 5000 })}
        ${field('externalId', { hint: 'Identifiant stable du catalogue, par exemple cosinum-2021-03-18-visio (lettres, chiffres, points, tirets).', attributes: { maxlength: '100', spellcheck: 'false' } })}
        ${field('mission', { attributes: { maxlength: '300' } })}`,
      )}
      ${section(
        'La source',
        `${FORM}-source`,
        html`${field('source.document', { required: true, hint: 'Par exemple «\u202fRelevé de décisions du COSINUM du 18 mars 2021\u202f».', attributes: { maxlength: '300' } })}
        ${field('source.section', { hint: 'Par exemple «\u202fFiche 03\u202f».', attributes: { maxlength: '300' } })}
        ${field('source.decidedOn', { type: 'date', required: true, attributes: { min: '2000-01-01', max: '2100-12-31' } })}`,
      )}
      ${section(
        'L’indicateur',
        `${FORM}-indicateur`,
        html`${radioField({ form: FORM, name: 'metric.kind', label: DECISION_LABELS['metric.kind'], value: v['metric.kind'], error: e['metric.kind'], required: true, choices: KIND_CHOICES })}
          ${radioField({
            form: FORM,
            name: 'metric.direction',
            label: DECISION_LABELS['metric.direction'],
            value: v['metric.direction'] ?? 'increase',
            error: e['metric.direction'],
            required: true,
            inline: true,
            choices: [
              { value: 'increase', label: 'Atteindre ou dépasser la cible' },
              { value: 'decrease', label: 'Descendre jusqu’à la cible' },
            ],
          })}
          ${field('metric.unit', { hint: 'Pour un nombre, par exemple «\u202fdémarches\u202f».', attributes: { maxlength: '60' } })}
          ${field('metric.target', { required: true, hint: 'Pourcentage de 0 à 100, note de 0 à 10, nombre positif ou nul. Pour une action, laissez vide (cible 1, réalisée).', attributes: { inputmode: 'decimal' } })}
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6">
              ${field('metric.baseline.value', { hint: 'Le point de départ, s’il est connu.', attributes: { inputmode: 'decimal' } })}
            </div>
            <div class="fr-col-12 fr-col-md-6">
              ${field('metric.baseline.on', { type: 'date', hint: 'Avec la valeur de référence.', attributes: { min: '2000-01-01', max: '2100-12-31' } })}
            </div>
          </div>`,
      )}
      ${section(
        'L’échéance et les ministères',
        `${FORM}-echeance`,
        html`${field('deadline', { type: 'date', required: true, hint: 'Le dernier jour pour atteindre la cible.', attributes: { min: '2000-01-01', max: '2100-12-31' } })}
        ${field('deadlineWording', { hint: 'Si la source la dit autrement, par exemple «\u202f1er trimestre 2021\u202f».', attributes: { maxlength: '100' } })}
        ${ministriesField(p)}`,
      )}
      ${section(
        'Les déclarations attendues',
        `${FORM}-declarations`,
        html`${selectField({ form: FORM, name: 'reporting.every', label: DECISION_LABELS['reporting.every'], hint: 'Vide\u202f: mensuelle, ou sans périodicité pour une action.', value: v['reporting.every'] ?? '', error: e['reporting.every'], choices: [{ value: '', label: 'Par défaut' }, ...CADENCES.map((c) => ({ value: c, label: CADENCE_LABELS[c].charAt(0).toUpperCase() + CADENCE_LABELS[c].slice(1) }))] })}
        ${field('reporting.delayDays', { hint: `Nombre de jours après la fin de chaque période pour déclarer la valeur (de 0 à ${MAX_DELAY_DAYS}). Vide\u202f: le délai des règles en vigueur.`, attributes: { inputmode: 'numeric' } })}`,
      )}
      ${section(
        'Les jalons (facultatif)',
        `${FORM}-jalons`,
        html`<p class="fr-text--sm">
            Des cibles intermédiaires datées, entre la décision et l’échéance (pas pour une action).
            Les lignes laissées vides sont ignorées.
          </p>
          ${Array.from({ length: MILESTONE_ROWS }, (_, i) => milestoneRow(i, v, e))}`,
      )}
      ${formButtons('Enregistrer la décision', BASE)}
    </form>`,
  });
};
