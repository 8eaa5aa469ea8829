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
  type EmptyViewReason,
  decidedOnInText,
  displayWording,
  documentTitle,
  ministryName,
  ministryPoints,
  ministryShortName,
  STATE_BADGES,
  STATE_LABELS,
  STATES,
  milestoneName,
  organisationInText,
  percentText,
  reportingText,
  rulesText,
} from '@cosinum/presentation';
import type { Viewer } from './viewer';
import { decisionsGroup, savedNotice } from './analyst-rulings.page';
import { emptyCallout } from './empty-callout';
import { html, type Html } from './html';
import {
  BASE,
  dataTable,
  errorsAlert,
  layout,
  link,
  ministryRowHeader,
  momentSentence,
  rulesLine,
  timeControl,
} from './layout';
import {
  deadlineCell,
  latestCell,
  milestoneBadge,
  progressBar,
  silentBadge,
} from './progress.html';

const ORDER = new Map(ORGANISATIONS.map((o, i) => [o.code, i]));

export const badge = (state: ItemState, small = true) =>
  html`<p class="fr-badge ${small ? 'fr-badge--sm' : ''} ${STATE_BADGES[state]}">
    ${STATE_LABELS[state]}
  </p>`;

export const reasonsList = (item: StatusItem) =>
  html`<ul class="fr-text--sm fr-mb-0 cz-reasons">
    ${item.reasons.map((r) => html`<li>${r.message}</li>`)}
  </ul>`;

const KIND_LABELS = {
  percentage: 'pourcentage',
  count: 'nombre',
  boolean: 'réalisation (oui ou non)',
  score: 'note sur 10',
} as const;

/** Of the ministries held to it, how many met it: « 3 sur 17 (17,6 %) ». */
const metShareText = (view: CommitmentView): string => {
  const c = view.rollup.counts;
  const heldTo = STATES.filter((s) => s !== 'exempt' && s !== 'withdrawn').reduce(
    (n, s) => n + c[s],
    0,
  );
  return view.rollup.metShare === null
    ? '—'
    : `${c.met} sur ${heldTo} (${percentText(view.rollup.metShare)})`;
};

/** The roll-up: the share that met it, the mean rate, silence, and who holds it back. */
const synthesis = (q: DashboardQuery, view: CommitmentView) => {
  const r = view.rollup;
  const all = view.commitment.allMinistries;
  return html`<section aria-labelledby="synthese">
    <h2 id="synthese">Synthèse</h2>
    <p>${badge(r.state, false)}</p>
    <p>
      L’engagement n’est atteint que lorsque tous les ministères concernés non exemptés l’ont
      atteint.
    </p>
    <ul class="cz-figures" aria-label="Chiffres de la synthèse">
      <li>
        <span class="cz-figure__label">Ministères ayant atteint l’objectif</span>
        <span class="cz-figure__value">${metShareText(view)}</span>
      </li>
      <li>
        <span class="cz-figure__label">Taux d’avancement moyen des ministères ayant déclaré</span>
        <span class="cz-figure__value cz-progress--large">${progressBar(r.meanProgressRate)}</span>
      </li>
      <li>
        <span class="cz-figure__label">Sans déclaration</span>
        <span class="cz-figure__value"
          >${r.noReport}
          <span class="fr-text--sm fr-text--regular"
            >ministère${r.noReport > 1 ? 's' : ''}</span
          ></span
        >
      </li>
    </ul>
    <ul class="cz-counts">
      ${STATES.filter((s) => r.counts[s] > 0).map((s) => html`<li>${badge(s)} <span class="fr-sr-only">:</span> ${r.counts[s]}</li>`)}
    </ul>
    ${
      r.holdingBack.length === 0
        ? html`<p>Tous les ministères concernés ont atteint l’objectif.</p>`
        : all
          ? html`<h3 class="fr-h6" id="retiennent">
                Ministères qui retiennent l’engagement, du plus en retard au plus avancé
              </h3>
              <ol class="fr-text--sm" aria-labelledby="retiennent">
                ${r.holdingBack.map(
                  (h) =>
                    html`<li>
                      <a href="${link(`${BASE}/ministeres/${h.ministry}`, q)}"
                        >${ministryShortName(h.ministry)}</a
                      >&#8239;: ${STATE_LABELS[h.state].toLocaleLowerCase('fr')},
                      ${h.progressRate === null ? 'sans déclaration' : `avancement ${percentText(h.progressRate)}`}
                    </li>`,
                )}
              </ol>`
          : html`<p>
              Pas encore atteint par&#8239;:
              ${r.notMet.map((m) => ministryShortName(m)).join(', ')}.
            </p>`
    }
  </section>`;
};

/** Ministries × milestones: each milestone's state for each ministry, in words. */
const milestonesTable = (q: DashboardQuery, view: CommitmentView, items: readonly StatusItem[]) => {
  const metric = view.commitment.metric;
  const milestones = items[0]?.milestones ?? [];
  if (milestones.length === 0) return '';
  return html`<section aria-labelledby="jalons">
    <h2 id="jalons">Jalons</h2>
    <p>
      Cibles intermédiaires datées, sur le chemin de l’objectif. Un jalon est atteint quand une
      valeur déclarée au plus tard à sa date l’atteint, manqué quand sa date est passée sans qu’il
      le soit.
    </p>
    ${dataTable({
      caption: 'État de chaque jalon pour chaque ministère',
      columns: [
        'Ministère',
        ...milestones.map((m) => `Jalon du ${milestoneName(metric, m)}`),
        'Avancement',
      ],
      rows: items.map(
        (i) =>
          html`<tr>
            ${ministryRowHeader(q, i.ministry)}
            ${i.milestones.map((m) => html`<td>${milestoneBadge(m)}</td>`)}
            <td>${progressBar(i.progressRate)}</td>
          </tr>`,
      ),
    })}
  </section>`;
};

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
  readonly viewer?: Viewer;
  /** `?enregistre=` after a form: which one was recorded (a success notice). */
  readonly saved?: string;
}

export const commitmentPage = ({
  q,
  view,
  facts,
  only,
  viewer,
  saved,
}: CommitmentPageInput): Html => {
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
    viewer,
    title: c.title,
    crumbs: [
      { label: 'Vue d’ensemble', href: link(BASE, q) },
      { label: `Engagement\u202f: ${c.title}` },
    ],
    rules: rulesText(view.rules),
    body: html`${savedNotice(saved)}
      <h1 class="fr-mt-2w">${c.title}</h1>
      <p class="fr-text--lead">${momentSentence(q)}</p>
      ${rulesLine(rulesText(view.rules))} ${decisionsGroup(view, viewer)}
      ${
        viewer && viewer.identity.role !== 'ministry'
          ? html`<p>
              <a
                class="fr-link fr-icon-line-chart-line fr-link--icon-left"
                href="${BASE}/engagements/${c.commitmentId}/tendance"
                >Part des ministères ayant atteint l’objectif, semaine après semaine</a
              >
            </p>`
          : ''
      }
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
                : c.ministries.map((m) => ministryShortName(m)).join(', '),
            ],
            ['Statut', c.status === 'withdrawn' ? 'retiré' : 'actif'],
            ...(items[0]
              ? ([
                  ['Déclarations attendues', reportingText(items[0].reporting, metric.kind)],
                ] as const)
              : []),
            ...(items[0] && items[0].milestones.length > 0
              ? ([
                  [
                    'Jalons',
                    html`<ul>
                      ${items[0].milestones.map((m) => html`<li>${milestoneName(metric, m)}</li>`)}
                    </ul>`,
                  ],
                ] as const)
              : []),
          ])}
        </section>
        <section class="fr-col-12 fr-col-md-6" aria-labelledby="source">
          <h2 id="source">Source et échéance</h2>
          ${definitionList([
            ['Document', documentTitle(c.source.document)],
            ['Section', c.source.section ?? '—'],
            (c.source.decidedOnPrecision ?? 'day') === 'day'
              ? ['Décidé le', frenchDate(c.source.decidedOn)]
              : ['Décidé', decidedOnInText(c.source.decidedOn, c.source.decidedOnPrecision)],
            ['Mission', c.mission ?? '—'],
            [
              'Échéance, dans les termes de la source',
              c.deadlineWording
                ? `«\u202f${displayWording(c.deadlineWording)}\u202f»`
                : `le ${frenchDate(c.deadline)}`,
            ],
            ...(c.deadlineInferredFrom
              ? ([
                  ['Origine de l’échéance', `échéance déduite\u202f: ${c.deadlineInferredFrom}`],
                ] as const)
              : []),
            ['Échéance initiale', frenchDate(c.deadline)],
            ['Échéance commune actuelle', frenchDate(currentCommonDeadline)],
            [
              'Reports',
              facts.extensions.length === 0
                ? 'aucun'
                : html`<ul>
                    ${facts.extensions.map((e) => html`<li>${e.ministry ? ministryShortName(e.ministry) : 'tous les ministères'}&#8239;: du ${frenchDate(e.previousDeadline)} au ${frenchDate(e.deadline)} (décidé le ${frenchDate(e.on)}) — ${e.reason}${e.decisionRef ? ` (${e.decisionRef})` : ''}</li>`)}
                  </ul>`,
            ],
          ])}
        </section>
      </div>
      ${only ? '' : synthesis(q, view)}
      <section aria-labelledby="par-ministere">
        <h2 id="par-ministere">Par ministère</h2>
        ${dataTable({
          caption: 'État de l’engagement pour chaque ministère concerné',
          columns: [
            'Ministère',
            'État',
            'Échéance',
            'Dernière valeur',
            'Avancement',
            'Prévision',
            'Raisons',
          ],
          rows: items.map(
            (i) =>
              html`<tr>
                ${ministryRowHeader(q, i.ministry)}
                <td>${badge(i.state)} ${silentBadge(i)}</td>
                <td>${deadlineCell(i)}</td>
                <td class="cz-latest">${latestCell(i)}</td>
                <td>${progressBar(i.progressRate)}</td>
                <td>
                  ${i.forecast ? (i.forecast.reachOn ? `vers le ${frenchDate(i.forecast.reachOn)}` : 'jamais au rythme actuel') : '—'}
                </td>
                <td>${reasonsList(i)}</td>
              </tr>`,
          ),
        })}
      </section>
      ${milestonesTable(q, view, items)}
      <section aria-labelledby="trajectoires">
        <h2 id="trajectoires">Trajectoires</h2>
        <p>
          Pour chaque ministère&#8239;: les valeurs déclarées, l’objectif jusqu’à l’échéance, les
          jalons, la prévision à partir de la dernière valeur et les échéances (initiale, reports,
          actuelle). Chaque graphique est suivi de ses données.
        </p>
        <div class="fr-grid-row fr-grid-row--gutters">
          ${items.map(
            (i) =>
              html`<div class="fr-col-12 fr-col-lg-6">
                <h3 class="fr-h6" id="trajectoire-${i.ministry}">${ministryName(i.ministry)}</h3>
                ${chartFigure({
                  id: `graphique-${i.ministry}`,
                  title: `Trajectoire ${organisationInText(i.ministry, 'de')}`,
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
                  milestones: i.milestones,
                })}
              </div>`,
          )}
        </div>
      </section>`,
  });
};

/**
 * A commitment asked at dates before it was decided, or recorded: its title, the time control,
 * why nothing shows, and a link to the first dates that show it.
 */
export const commitmentNotYetPage = (p: {
  readonly q: DashboardQuery;
  readonly id: string;
  readonly title: string;
  readonly reason: EmptyViewReason;
  readonly viewer?: Viewer;
}): Html => {
  const self = `${BASE}/engagements/${p.id}`;
  return layout({
    viewer: p.viewer,
    title: p.title,
    crumbs: [
      { label: 'Vue d’ensemble', href: link(BASE, p.q) },
      { label: `Engagement\u202f: ${p.title}` },
    ],
    body: html`<h1 class="fr-mt-2w">${p.title}</h1>
      <p class="fr-text--lead">${momentSentence(p.q)}</p>
      ${errorsAlert(p.q.errors)} ${emptyCallout(p.q, self, p.reason)} ${timeControl(p.q, self)}`,
  });
};
