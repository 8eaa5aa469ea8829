import { frenchDate, isInRange, formatValue } from '@cosinum/domain';
import type { CommitmentView } from '@cosinum/projections';
import { ministryName } from '@cosinum/presentation';
import {
  csrfField,
  doneNotice,
  inputField,
  selectField,
  type FormErrors,
  type FormValues,
} from './forms/form-kit';
import { html, type Html, type Interpolation } from './html';
import { BASE } from './layout';
import {
  FormReading,
  RANGE_TEXT,
  RULING_LABELS,
  checkboxField,
  defined,
  formButtons,
  formPage,
  rulingFields,
} from './analyst-form-parts';
import type { Viewer } from './viewer';

/**
 * The analysts' rulings on a commitment, one form each, at `…/engagements/:id/<kind>`: a deadline
 * extension (one ministry or all), a target revision, an exemption, a withdrawal. Their fields
 * are those of the API's routes (`ExtendDeadlineDto`, `ReviseTargetDto`, `ExemptMinistryDto`,
 * `WithdrawCommitmentDto`); the commitment page links to them (« Décisions »).
 */

export type RulingKind = 'echeance' | 'cible' | 'exemption' | 'retrait';
export const RULING_KINDS: readonly RulingKind[] = ['echeance', 'cible', 'exemption', 'retrait'];

interface RulingSpec {
  readonly title: string;
  /** The button on the commitment page. */
  readonly button: string;
  readonly icon: string;
  readonly send: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly reasonHint: string;
  /** The success notice on the commitment page (`?enregistre=<kind>`). */
  readonly done: string;
}

export const RULINGS: Record<RulingKind, RulingSpec> = {
  echeance: {
    title: 'Reporter l’échéance',
    button: 'Reporter l’échéance',
    icon: 'fr-icon-calendar-line',
    send: 'Enregistrer le report',
    labels: { ministry: 'Ministère', deadline: 'Nouvelle échéance', ...RULING_LABELS },
    reasonHint:
      'Pourquoi l’échéance est reportée, par exemple «\u202fMarché notifié en retard\u202f».',
    done: 'Le report d’échéance est enregistré.',
  },
  cible: {
    title: 'Réviser la cible',
    button: 'Réviser la cible',
    icon: 'fr-icon-focus-3-line',
    send: 'Enregistrer la nouvelle cible',
    labels: { target: 'Nouvelle cible', ...RULING_LABELS },
    reasonHint: 'Pourquoi la cible change.',
    done: 'La révision de la cible est enregistrée.',
  },
  exemption: {
    title: 'Exempter un ministère',
    button: 'Exempter un ministère',
    icon: 'fr-icon-close-circle-line',
    send: 'Enregistrer l’exemption',
    labels: { ministry: 'Ministère exempté', ...RULING_LABELS },
    reasonHint: 'Pourquoi ce ministère n’est plus tenu à cet engagement.',
    done: 'L’exemption est enregistrée.',
  },
  retrait: {
    title: 'Retirer l’engagement',
    button: 'Retirer l’engagement',
    icon: 'fr-icon-delete-line',
    send: 'Retirer définitivement l’engagement',
    labels: { ...RULING_LABELS, confirmation: 'Confirmation' },
    reasonHint: 'Pourquoi l’engagement est abandonné.',
    done: 'Le retrait de l’engagement est enregistré.',
  },
};

/** The notices of the commitment page after a form (`?enregistre=`), the new decision's too. */
const SAVED: Record<string, string> = {
  decision: 'La décision est enregistrée. Voici le nouvel engagement.',
  ...Object.fromEntries(RULING_KINDS.map((k) => [k, RULINGS[k].done])),
};

export const savedNotice = (saved: string | undefined): Interpolation =>
  saved !== undefined && saved in SAVED ? doneNotice(SAVED[saved]) : '';

/**
 * The ruling's body as its API route takes it, and the errors found while reading it (and the
 * metric's range, said beside the target with the other errors rather than after them).
 */
export const readRuling = (
  kind: RulingKind,
  values: FormValues,
  view: CommitmentView,
): { body: Record<string, unknown>; errors: FormErrors } => {
  const r = new FormReading(values);
  const ruling = {
    on: r.date('on'),
    reason: r.text('reason'),
    decisionRef: r.text('decisionRef'),
  };
  switch (kind) {
    case 'echeance':
      return {
        body: defined({ ministry: r.text('ministry'), deadline: r.date('deadline'), ...ruling }),
        errors: r.errors,
      };
    case 'cible': {
      const target = r.number('target');
      const metricKind = view.commitment.metric.kind;
      if (target !== undefined && !isInRange(metricKind, target))
        r.errors.target = `Saisissez une valeur ${RANGE_TEXT[metricKind]}`;
      return { body: defined({ target, ...ruling }), errors: r.errors };
    }
    case 'exemption':
      return { body: defined({ ministry: r.text('ministry'), ...ruling }), errors: r.errors };
    case 'retrait':
      if (values.confirmation !== 'oui')
        r.errors.confirmation = 'Cochez la case pour confirmer le retrait définitif';
      return { body: defined(ruling), errors: r.errors };
  }
};

const commitmentHref = (view: CommitmentView) =>
  `${BASE}/engagements/${view.commitment.commitmentId}`;

/** The ministries a ruling may name: assigned, not exempted. */
const heldMinistries = (view: CommitmentView) =>
  view.ministries.filter((i) => i.state !== 'exempt').map((i) => i.ministry);

/** Where the commitment stands on what the form changes, before it. */
const currentText = (kind: RulingKind, view: CommitmentView): Interpolation => {
  const c = view.commitment;
  switch (kind) {
    case 'echeance': {
      const deadlines = [...new Set(view.ministries.map((i) => i.deadline))].sort();
      return deadlines.length <= 1
        ? `Échéance en vigueur\u202f: le ${frenchDate(deadlines[0] ?? c.deadline)}.`
        : `Échéances en vigueur\u202f: du ${frenchDate(deadlines[0])} au ${frenchDate(deadlines[deadlines.length - 1])}, selon les ministères.`;
    }
    case 'cible':
      return `Cible en vigueur\u202f: ${formatValue(c.metric, c.currentTarget)} (valeur ${RANGE_TEXT[c.metric.kind]}).`;
    case 'exemption': {
      const exempt = view.ministries.filter((i) => i.state === 'exempt').map((i) => i.ministry);
      return exempt.length === 0
        ? 'Aucun ministère n’est exempté à ce jour.'
        : `Déjà exemptés\u202f: ${exempt.map((m) => ministryName(m)).join(', ')}.`;
    }
    case 'retrait':
      return html`<strong
        >Le retrait est définitif&#8239;: plus aucune déclaration, aucun report ni aucune exemption
        ne pourra être enregistré sur cet engagement, qui restera visible comme retiré.</strong
      >`;
  }
};

const kindFields = (
  kind: RulingKind,
  view: CommitmentView,
  v: FormValues,
  e: FormErrors,
): Interpolation => {
  const form = kind;
  const choices = heldMinistries(view).map((m) => ({ value: m, label: ministryName(m) }));
  switch (kind) {
    case 'echeance':
      return html`${selectField({ form, name: 'ministry', label: RULINGS.echeance.labels.ministry, hint: 'Un seul ministère, ou tous ceux que l’engagement concerne.', value: v.ministry ?? '', error: e.ministry, choices: [{ value: '', label: 'Tous les ministères' }, ...choices] })}
      ${inputField({ form, name: 'deadline', type: 'date', label: RULINGS.echeance.labels.deadline, hint: 'Postérieure à l’échéance en vigueur.', value: v.deadline, error: e.deadline, required: true, attributes: { min: '2000-01-01', max: '2100-12-31' } })}`;
    case 'cible':
      return inputField({
        form,
        name: 'target',
        label: RULINGS.cible.labels.target,
        hint: `Une valeur ${RANGE_TEXT[view.commitment.metric.kind]}.`,
        value: v.target,
        error: e.target,
        required: true,
        attributes: { inputmode: 'decimal' },
      });
    case 'exemption':
      return selectField({
        form,
        name: 'ministry',
        label: RULINGS.exemption.labels.ministry,
        value: v.ministry,
        error: e.ministry,
        required: true,
        placeholder: 'Choisir un ministère',
        choices,
      });
    case 'retrait':
      return '';
  }
};

export interface RulingPageInput {
  readonly viewer: Viewer;
  readonly kind: RulingKind;
  /** The commitment as it stands now. */
  readonly view: CommitmentView;
  readonly values: FormValues;
  readonly errors: FormErrors;
}

export const rulingPage = (p: RulingPageInput): Html => {
  const { kind, view } = p;
  const spec = RULINGS[kind];
  const c = view.commitment;
  const back = commitmentHref(view);
  const withdrawn = c.status === 'withdrawn';
  return formPage({
    viewer: p.viewer,
    title: spec.title,
    crumbs: [{ label: `Engagement\u202f: ${c.title}`, href: back }],
    form: kind,
    errors: withdrawn ? {} : p.errors,
    labels: spec.labels,
    lead: html`<p class="fr-text--lead">Engagement&#8239;: <a href="${back}">${c.title}</a></p>
      ${withdrawn ? '' : html`<p>${currentText(kind, view)}</p>`}`,
    body: withdrawn
      ? withdrawnNotice(view)
      : html`<form method="post" action="${back}/${kind}" id="${kind}" class="cz-form" novalidate>
          ${csrfField(p.viewer)} ${kindFields(kind, view, p.values, p.errors)}
          ${rulingFields(kind, p.values, p.errors, spec.reasonHint)}
          ${kind === 'retrait' ? checkboxField({ form: kind, name: 'confirmation', checked: p.values.confirmation === 'oui', error: p.errors.confirmation, label: 'Je confirme le retrait définitif de cet engagement' }) : ''}
          ${formButtons(spec.send, back, { danger: kind === 'retrait' })}
        </form>`,
  });
};

/** Why a withdrawn commitment has no form, and the way back. */
export const withdrawnNotice = (view: CommitmentView): Html =>
  html`<div class="fr-alert fr-alert--info fr-mb-4w">
      <h2 class="fr-alert__title">Cet engagement a été retiré</h2>
      <p>
        Un engagement retiré n’accepte plus aucune décision ni déclaration&#8239;: rien ne peut plus
        y être enregistré.
      </p>
    </div>
    <p>
      <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="${commitmentHref(view)}"
        >Retour à l’engagement</a
      >
    </p>`;

/**
 * The commitment page's buttons, for what the signed-in role may do there: an analyst's
 * « Décisions » (and declaring for a ministry), a ministry's « Déclarer l’avancement », nothing
 * for an auditor. A withdrawn commitment takes nothing more: it says so instead.
 */
export const decisionsGroup = (view: CommitmentView, viewer: Viewer | undefined): Interpolation => {
  const role = viewer?.identity.role;
  if (role !== 'analyst' && role !== 'ministry') return '';
  const self = commitmentHref(view);
  if (view.commitment.status === 'withdrawn')
    return html`<p class="fr-text--sm" id="decisions">
      Cet engagement a été retiré&#8239;: aucune décision ni déclaration ne peut plus y être
      enregistrée.
    </p>`;
  const declare = (label: string) =>
    html`<li>
      <a class="fr-btn fr-icon-edit-line fr-btn--icon-left" href="${self}/avancement">${label}</a>
    </li>`;
  if (role === 'ministry')
    return html`<ul
      class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mb-2w"
      id="decisions"
    >
      ${declare('Déclarer l’avancement')}
    </ul>`;
  return html`<section class="fr-mb-3w cz-screen-only" aria-labelledby="decisions">
    <h2 class="fr-h6 fr-mb-1w" id="decisions">Décisions</h2>
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
      ${RULING_KINDS.map(
        (k) =>
          html`<li>
            <a
              class="fr-btn fr-btn--secondary ${RULINGS[k].icon} fr-btn--icon-left"
              href="${self}/${k}"
              >${RULINGS[k].button}</a
            >
          </li>`,
      )}
      ${declare('Déclarer l’avancement d’un ministère')}
    </ul>
  </section>`;
};
