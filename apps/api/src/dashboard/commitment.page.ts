import {
  ORGANISATIONS,
  formatValue,
  frenchDate,
  parisDateOf,
  type ItemState,
  type StatusItem,
} from '@cosinum/domain';
import type { CommitmentView } from '@cosinum/projections';
import { chartFigure } from './chart.svg';
import {
  type CommitmentFacts,
  type DashboardQuery,
  documentTitle,
  ministryName,
  ministryPoints,
  ministryShortName,
  STATE_BADGES,
  STATE_LABELS,
  STATES,
} from '@cosinum/presentation';
import { html, type Html } from './html';
import { BASE, errorsAlert, layout, link, momentSentence, timeControl } from './layout';

const ORDER = new Map(ORGANISATIONS.map((o, i) => [o.code, i]));

export const badge = (state: ItemState, small = true) =>
  html`<p class="fr-badge ${small ? 'fr-badge--sm' : ''} ${STATE_BADGES[state]}">
    ${STATE_LABELS[state]}
  </p>`;

export const reasonsList = (item: StatusItem) =>
  html`<ul class="fr-text--sm fr-mb-0">
    ${item.reasons.map((r) => html`<li>${r.message}</li>`)}
  </ul>`;

const KIND_LABELS = {
  percentage: 'pourcentage',
  count: 'nombre',
  boolean: 'réalisation (oui ou non)',
  score: 'note sur 10',
} as const;

const definitionList = (rows: readonly (readonly [string, Html | string])[]) =>
  html`<dl class="cz-dl">
    ${rows.map(
      ([k, v]) =>
        html`<dt class="fr-text--bold fr-mb-0">${k}</dt>
          <dd class="fr-mb-2w fr-ml-0">${v}</dd>`,
    )}
  </dl>`;

export interface CommitmentPageInput {
  readonly q: DashboardQuery;
  readonly view: CommitmentView;
  readonly facts: CommitmentFacts;
  /** A ministry identity sees its own item only, and no roll-up. */
  readonly only?: string;
}

export const commitmentPage = ({ q, view, facts, only }: CommitmentPageInput): Html => {
  const c = view.commitment;
  const metric = c.metric;
  const value = (v: number) => formatValue(metric, v);
  const items = (
    only ? view.ministries.filter((m) => m.ministry === only) : [...view.ministries]
  ).sort((a, b) => (ORDER.get(a.ministry) ?? 999) - (ORDER.get(b.ministry) ?? 999));
  const asOfDate = parisDateOf(q.moment.asOf);
  const commonExtensions = facts.extensions.filter((e) => e.ministry === undefined);
  const currentCommonDeadline = commonExtensions.reduce(
    (d, e) => (e.deadline > d ? e.deadline : d),
    c.deadline,
  );
  const self = `${BASE}/engagements/${c.commitmentId}`;
  return layout({
    title: c.title,
    crumbs: [
      { label: 'Vue d’ensemble', href: link(BASE, q) },
      { label: `Engagement : ${c.title}` },
    ],
    body: html`<h1 class="fr-mt-2w">${c.title}</h1>
      <p class="fr-text--lead">${momentSentence(q)}</p>
      ${errorsAlert(q.errors)} ${timeControl(q, self)}
      <div class="fr-grid-row fr-grid-row--gutters">
        <section class="fr-col-12 fr-col-md-6" aria-labelledby="definition">
          <h2 id="definition">Définition</h2>
          <p>${c.description}</p>
          ${definitionList([
            [
              'Indicateur',
              `${KIND_LABELS[metric.kind]}${metric.unit ? ` (${metric.unit})` : ''}, ${metric.direction === 'increase' ? 'à atteindre par le haut' : 'à ne pas dépasser'}`,
            ],
            [
              'Cible',
              c.currentTarget !== metric.target
                ? `${value(c.currentTarget)} (initialement ${value(metric.target)})`
                : value(c.currentTarget),
            ],
            ...(metric.baseline
              ? ([
                  [
                    'Référence',
                    `${value(metric.baseline.value)} au ${frenchDate(metric.baseline.on)}`,
                  ],
                ] as const)
              : []),
            [
              'Ministères concernés',
              c.allMinistries
                ? `tous les ministères (${c.ministries.length})`
                : c.ministries.map(ministryShortName).join(', '),
            ],
            ['Statut', c.status === 'withdrawn' ? 'retiré' : 'actif'],
          ])}
        </section>
        <section class="fr-col-12 fr-col-md-6" aria-labelledby="source">
          <h2 id="source">Source et échéance</h2>
          ${definitionList([
            ['Document', documentTitle(c.source.document)],
            ['Section', c.source.section ?? '—'],
            ['Décidé le', frenchDate(c.source.decidedOn)],
            ['Mission', c.mission ?? '—'],
            [
              'Échéance, dans les termes de la source',
              c.deadlineWording ? `« ${c.deadlineWording} »` : `le ${frenchDate(c.deadline)}`,
            ],
            ['Échéance initiale', frenchDate(c.deadline)],
            ['Échéance commune actuelle', frenchDate(currentCommonDeadline)],
            [
              'Reports',
              facts.extensions.length === 0
                ? 'aucun'
                : html`<ul>
                    ${facts.extensions.map((e) => html`<li>${e.ministry ? ministryShortName(e.ministry) : 'tous les ministères'} : du ${frenchDate(e.previousDeadline)} au ${frenchDate(e.deadline)} (décidé le ${frenchDate(e.on)}) — ${e.reason}${e.decisionRef ? ` (${e.decisionRef})` : ''}</li>`)}
                  </ul>`,
            ],
          ])}
        </section>
      </div>
      ${
        only
          ? ''
          : html`<section aria-labelledby="synthese">
              <h2 id="synthese">Synthèse</h2>
              <p>${badge(view.rollup.state, false)}</p>
              <p>
                L’engagement n’est atteint que lorsque tous les ministères concernés non exemptés
                l’ont atteint.
              </p>
              <ul class="cz-counts">
                ${STATES.filter((s) => view.rollup.counts[s] > 0).map((s) => html`<li>${badge(s)} <span class="fr-sr-only">:</span> ${view.rollup.counts[s]}</li>`)}
              </ul>
              <p>
                ${view.rollup.notMet.length === 0 ? 'Tous les ministères concernés ont atteint l’objectif.' : html`Pas encore atteint par : ${view.rollup.notMet.map(ministryShortName).join(', ')}.`}
              </p>
            </section>`
      }
      <section aria-labelledby="par-ministere">
        <h2 id="par-ministere">Par ministère</h2>
        <div class="fr-table fr-table--sm fr-table--multiline">
          <div class="fr-table__wrapper">
            <div class="fr-table__container">
              <div class="fr-table__content">
                <table>
                  <caption>
                    État de l’engagement pour chaque ministère concerné
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Ministère</th>
                      <th scope="col">État</th>
                      <th scope="col">Échéance</th>
                      <th scope="col">Dernière valeur</th>
                      <th scope="col">Cible</th>
                      <th scope="col">Prévision</th>
                      <th scope="col">Raisons</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${items.map(
                      (i) =>
                        html`<tr>
                          <th scope="row">
                            <a href="${link(`${BASE}/ministeres/${i.ministry}`, q)}"
                              >${ministryShortName(i.ministry)}</a
                            >
                          </th>
                          <td>${badge(i.state)}</td>
                          <td>
                            ${frenchDate(i.deadline)}${i.extensions > 0 ? html`<br /><span class="fr-text--xs">initialement ${frenchDate(i.originalDeadline)}</span>` : ''}
                          </td>
                          <td>
                            ${i.latestValue === null ? '—' : html`${value(i.latestValue)}<br /><span class="fr-text--xs">le ${frenchDate(i.latestOn as string)}</span>`}
                          </td>
                          <td class="cz-nowrap">${value(i.target)}</td>
                          <td>
                            ${i.forecast ? (i.forecast.reachOn ? `vers le ${frenchDate(i.forecast.reachOn)}` : 'jamais au rythme actuel') : '—'}
                          </td>
                          <td>${reasonsList(i)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      </section>
      <section aria-labelledby="trajectoires">
        <h2 id="trajectoires">Trajectoires</h2>
        <p>
          Pour chaque ministère : les valeurs déclarées, l’objectif jusqu’à l’échéance, la prévision
          à partir de la dernière valeur et les échéances (initiale, reports, actuelle). Chaque
          graphique est suivi de ses données.
        </p>
        <div class="fr-grid-row fr-grid-row--gutters">
          ${items.map(
            (i) =>
              html`<div class="fr-col-12 fr-col-lg-6">
                <h3 class="fr-h6" id="trajectoire-${i.ministry}">${ministryName(i.ministry)}</h3>
                ${chartFigure({
                  id: `graphique-${i.ministry}`,
                  title: `Trajectoire de ${ministryShortName(i.ministry)}`,
                  metric,
                  kind: metric.kind,
                  points: ministryPoints(facts, i.ministry, metric.baseline, asOfDate),
                  target: i.target,
                  start: c.source.decidedOn,
                  asOf: asOfDate,
                  originalDeadline: i.originalDeadline,
                  deadline: i.deadline,
                  extensions: facts.extensions
                    .filter((e) => e.ministry === undefined || e.ministry === i.ministry)
                    .map((e) => ({ deadline: e.deadline })),
                  forecast: i.forecast
                    ? { reachOn: i.forecast.reachOn, ratePerMonth: i.forecast.ratePerMonth }
                    : undefined,
                })}
              </div>`,
          )}
        </div>
      </section>`,
  });
};
