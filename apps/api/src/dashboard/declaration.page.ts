import { formatValue, frenchDate, type CalendarDate, type StatusItem } from '@cosinum/domain';
import { latestText, organisationInText, reportingText } from '@cosinum/presentation';
import { badge, reasonsList } from './commitment.page';
import {
  csrfField,
  errorSummary,
  inputField,
  radioField,
  selectField,
  textareaField,
  titleWithErrors,
  type FormErrors,
  type FormValues,
} from './forms/form-kit';
import { html, type Html } from './html';
import { BASE, layout } from './layout';
import { onBehalf } from './to-do.page';
import type { Viewer } from './viewer';

export const DECLARATION_FORM = 'declaration';

/** The form's fields as the page labels them, in their order (the summary names them so). */
export const declarationLabels = (kind: StatusItem['kind']): Readonly<Record<string, string>> => ({
  ministry: 'Ministère',
  value: kind === 'boolean' ? 'Réalisation de l’action' : 'Valeur atteinte',
  on: kind === 'boolean' ? 'Date' : 'Date de la valeur',
  note: 'Commentaire',
  evidence: 'Lien vers un justificatif',
});

/** « entre 0 et 100 », the metric's range as a form says it. */
export const rangeInFrench = (kind: StatusItem['kind']): string | undefined =>
  kind === 'percentage'
    ? 'entre 0 et 100'
    : kind === 'score'
      ? 'entre 0 et 10'
      : kind === 'count'
        ? 'entière, positive ou nulle'
        : undefined;

export interface DeclarationPageInput {
  readonly viewer: Viewer;
  readonly commitment: { readonly id: string; readonly title: string };
  /** The item of the ministry declared for (the chosen one for an analyst). */
  readonly item: StatusItem;
  readonly ministryName: string;
  /** For an analyst: the ministries that may declare (open items), to choose from. */
  readonly ministries?: readonly { readonly code: string; readonly name: string }[];
  readonly today: CalendarDate;
  readonly values: FormValues;
  readonly errors: FormErrors;
}

/** The target, as the correspondent must read it: « 100 % au 31/03/2021 », « réalisée au … ». */
const targetText = (item: StatusItem): string =>
  item.kind === 'boolean'
    ? `action réalisée au plus tard le ${frenchDate(item.deadline)}`
    : `${formatValue(item, item.target)} au ${frenchDate(item.deadline)}`;

/**
 * Declaring progress on one commitment: what is asked and where the item stands, then the value,
 * its date, a comment and a link to evidence. The fields carry the API's names, so that a script
 * can post the form as a browser does.
 */
export const declarationPage = (p: DeclarationPageInput): Html => {
  const { item, values, errors, viewer } = p;
  const form = DECLARATION_FORM;
  const labels = declarationLabels(item.kind);
  const analyst = viewer.identity.role !== 'ministry';
  const action = `${BASE}/engagements/${p.commitment.id}/avancement`;
  const valueField =
    item.kind === 'boolean'
      ? radioField({
          form,
          name: 'value',
          label: 'L’action est-elle réalisée\u202f?',
          required: true,
          value: values.value,
          error: errors.value,
          choices: [
            { value: '1', label: 'Oui, l’action est réalisée' },
            { value: '0', label: 'Non, pas encore' },
          ],
        })
      : inputField({
          form,
          name: 'value',
          label: labels.value,
          hint: html`${item.unit ? html`En ${item.unit}, ` : item.kind === 'percentage' ? 'En %, ' : ''}${rangeInFrench(item.kind)}&#8239;;
          par exemple ${item.kind === 'count' ? '1250' : '85 ou 85,5'}. Objectif&#8239;:
          ${targetText(item)}.`,
          required: true,
          value: values.value,
          error: errors.value,
          attributes: {
            inputmode: item.kind === 'count' ? 'numeric' : 'decimal',
            autocomplete: 'off',
          },
        });
  return layout({
    viewer,
    title: titleWithErrors(`Déclarer l’avancement — ${p.commitment.title}`, errors),
    crumbs: [
      { label: 'À renseigner', href: `${BASE}/a-renseigner${onBehalf(viewer, item.ministry)}` },
      { label: `Déclarer l’avancement\u202f: ${p.commitment.title}` },
    ],
    body: html`<h1 class="fr-mt-2w">Déclarer l’avancement</h1>
      <p class="fr-text--lead">
        <a href="${BASE}/engagements/${p.commitment.id}">${p.commitment.title}</a>
        — ${p.ministryName}
      </p>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-7">
          ${errorSummary(form, errors, labels)}
          <form method="post" action="${action}" novalidate id="${form}">
            ${csrfField(viewer)}
            <fieldset class="fr-fieldset" aria-labelledby="${form}-titre">
              <legend class="fr-fieldset__legend" id="${form}-titre">
                Votre déclaration
                <span class="fr-hint-text"
                  >Tous les champs sont obligatoires, sauf ceux marqués
                  «&#8239;facultatif&#8239;».</span
                >
              </legend>
              ${
                analyst && p.ministries
                  ? html`<div class="fr-fieldset__element">
                      ${selectField({
                        form,
                        name: 'ministry',
                        label: labels.ministry,
                        hint: 'Vous déclarez pour le compte de ce ministère\u202f: la déclaration est enregistrée à votre nom.',
                        required: true,
                        value: values.ministry ?? item.ministry,
                        error: errors.ministry,
                        choices: p.ministries.map((m) => ({ value: m.code, label: m.name })),
                      })}
                    </div>`
                  : ''
              }
              <div class="fr-fieldset__element">${valueField}</div>
              <div class="fr-fieldset__element">
                ${inputField({
                  form,
                  name: 'on',
                  type: 'date',
                  label: labels.on,
                  hint:
                    item.kind === 'boolean'
                      ? 'Le jour où l’action a été réalisée, ou sinon celui de la déclaration, au format JJ/MM/AAAA.'
                      : 'Le jour où la valeur était atteinte (pas celui de la saisie), au format JJ/MM/AAAA.',
                  required: true,
                  value: values.on ?? p.today,
                  error: errors.on,
                  attributes: { max: p.today, min: '2000-01-01' },
                })}
              </div>
              <div class="fr-fieldset__element">
                ${textareaField({
                  form,
                  name: 'note',
                  label: labels.note,
                  hint: 'Ce qui éclaire la valeur\u202f: source, périmètre, difficulté rencontrée.',
                  value: values.note,
                  error: errors.note,
                  maxLength: 2000,
                  rows: 3,
                })}
              </div>
              <div class="fr-fieldset__element">
                ${inputField({
                  form,
                  name: 'evidence',
                  type: 'url',
                  label: labels.evidence,
                  hint: 'L’adresse d’un document ou d’un tableau qui atteste la valeur, commençant par https://',
                  value: values.evidence,
                  error: errors.evidence,
                  attributes: { autocomplete: 'url', spellcheck: 'false' },
                })}
              </div>
            </fieldset>
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li><button class="fr-btn" type="submit">Enregistrer la déclaration</button></li>
              <li>
                <a
                  class="fr-btn fr-btn--secondary"
                  href="${BASE}/a-renseigner${onBehalf(viewer, item.ministry)}"
                  >Annuler</a
                >
              </li>
            </ul>
          </form>
        </div>
        <div class="fr-col-12 fr-col-md-5">
          <div class="fr-card fr-card--no-arrow">
            <div class="fr-card__body">
              <div class="fr-card__content">
                <h2 class="fr-card__title fr-h5">
                  Où en est ${organisationInText(item.ministry, 'le')}
                </h2>
                <div class="fr-card__desc">
                  <p>${badge(item.state)}</p>
                  <dl>
                    <dt class="fr-text--bold fr-mb-0">Objectif</dt>
                    <dd class="fr-ml-0 fr-mb-2w">${targetText(item)}</dd>
                    <dt class="fr-text--bold fr-mb-0">Dernière déclaration</dt>
                    <dd class="fr-ml-0 fr-mb-2w">${latestText(item)}</dd>
                    ${
                      item.reporting.every === 'none'
                        ? ''
                        : html`<dt class="fr-text--bold fr-mb-0">Rythme attendu</dt>
                            <dd class="fr-ml-0 fr-mb-2w">
                              ${reportingText(item.reporting, item.kind)}${
                                item.nextReportDue
                                  ? html`&#8239;;
                                    ${
                                      item.upToDate
                                        ? `prochaine attendue le ${frenchDate(item.nextReportDue)}`
                                        : html`attendue au plus tard le
                                            ${frenchDate(item.nextReportDue)},
                                            <strong>en retard</strong>`
                                    }`
                                  : ''
                              }
                            </dd>`
                    }
                    <dt class="fr-text--bold fr-mb-0">Raisons de l’état</dt>
                    <dd class="fr-ml-0">${reasonsList(item)}</dd>
                  </dl>
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>`,
  });
};

/** No form: the commitment was withdrawn, or the ministry exempted. Says so, and the way back. */
export const nothingToDeclarePage = (why: string, viewer: Viewer): Html =>
  layout({
    viewer,
    title: 'Aucune déclaration attendue',
    crumbs: [
      { label: 'À renseigner', href: `${BASE}/a-renseigner` },
      { label: 'Aucune déclaration attendue' },
    ],
    body: html`<div class="fr-my-7w fr-grid-row fr-grid-row--gutters">
      <div class="fr-col-12 fr-col-md-8">
        <h1>Aucune déclaration attendue</h1>
        <p class="fr-text--lead fr-mb-5w">${why}</p>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li><a class="fr-btn" href="${BASE}/a-renseigner">Ce qui reste à renseigner</a></li>
        </ul>
      </div>
    </div>`,
  });
