import { daysBetween, frenchDate, parisDateOf, type CalendarDate } from '@cosinum/domain';
import {
  ministryShortName,
  rulesText,
  stepText,
  type DashboardQuery,
  type Overview,
  type SlippageTimeline,
  type TimelineRow,
  type TimelineSort,
} from '@cosinum/presentation';
import { badge } from './commitment.page';
import { html, raw, type Html } from './html';
import { BASE, dataTable, errorsAlert, layout, link, momentSentence, rulesLine } from './layout';
import { filterForm } from './overview.page';
import { queryString } from './query-string';
import type { Viewer } from './viewer';

const SELF = `${BASE}/glissements`;
const WIDTH = 240;
const HEIGHT = 22;

const SORT_LABELS: Record<TimelineSort, string> = {
  glissement: 'Du plus grand glissement au plus petit',
  echeance: 'Par échéance actuelle, la plus proche d’abord',
  engagement: 'Par engagement (ordre alphabétique)',
};

export const plural = (n: number, word: string) =>
  `${n.toLocaleString('fr-FR')}\u00a0${word}${Math.abs(n) >= 2 ? 's' : ''}`;

/**
 * A row's timeline, on the scale shared by every row: the decision to the original deadline (a
 * thin grey line), the slip to the current deadline (a thick orange bar), a tick at each
 * intermediate deadline, a green diamond where it was met, and the day of the view (dotted).
 * Drawn only: the row's cells say all of it in words (the SVG is hidden from screen readers).
 */
const timelineSvg = (
  row: TimelineRow,
  scale: { readonly start: CalendarDate; readonly days: number },
  asOf: CalendarDate,
): Html => {
  const x = (d: CalendarDate) =>
    Math.round(
      (Math.max(0, Math.min(scale.days, daysBetween(scale.start, d))) / scale.days) * (WIDTH - 8),
    ) + 4;
  const mid = HEIGHT / 2;
  const ticks = row.steps.slice(0, -1).map((s) => x(s.deadline));
  return raw(
    `<svg class="cz-timeline" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" aria-hidden="true" focusable="false">` +
      `<line x1="${x(row.decidedOn)}" y1="${mid}" x2="${x(row.originalDeadline)}" y2="${mid}" stroke="#929292" stroke-width="2"/>` +
      `<line x1="${x(row.originalDeadline)}" y1="${mid - 4}" x2="${x(row.originalDeadline)}" y2="${mid + 4}" stroke="#3a3a3a" stroke-width="2"/>` +
      (row.daysSlipped > 0
        ? `<rect x="${x(row.originalDeadline)}" y="${mid - 4}" width="${Math.max(2, x(row.deadline) - x(row.originalDeadline))}" height="8" fill="#b34000"/>`
        : '') +
      ticks
        .map(
          (t) =>
            `<line x1="${t}" y1="${mid - 7}" x2="${t}" y2="${mid + 7}" stroke="#161616" stroke-width="1"/>`,
        )
        .join('') +
      (row.metOn
        ? `<rect x="${x(row.metOn) - 4}" y="${mid - 4}" width="8" height="8" fill="#18753c" transform="rotate(45 ${x(row.metOn)} ${mid})"/>`
        : '') +
      (asOf >= scale.start && daysBetween(scale.start, asOf) <= scale.days
        ? `<line x1="${x(asOf)}" y1="0" x2="${x(asOf)}" y2="${HEIGHT}" stroke="#000091" stroke-width="1" stroke-dasharray="2 2"/>`
        : '') +
      `</svg>`,
  );
};

/** What the drawing's marks mean (the rows say all of it in words). */
export const slippageLegend = html`<ul class="cz-legend fr-text--sm" aria-hidden="true">
  <li>
    <span class="cz-swatch" style="border-color:#929292"></span> de la décision à l’échéance
    initiale
  </li>
  <li>
    <span class="cz-swatch" style="border-top-width:8px;border-color:#b34000"></span> glissement
    jusqu’à l’échéance actuelle
  </li>
  <li>
    <span class="cz-diamond" style="background:#18753c;border-color:#18753c"></span> objectif
    atteint
  </li>
  <li>
    <span class="cz-swatch" style="border-top-style:dotted;border-color:#000091"></span> date de la
    situation
  </li>
</ul>`;

/** The drawing's scale: the rows' own span (the day of the view is drawn only inside it). */
const scaleOf = (rows: readonly TimelineRow[], asOf: CalendarDate) => {
  const start = rows.reduce(
    (m, r) => (r.decidedOn < m ? r.decidedOn : m),
    rows[0]?.decidedOn ?? asOf,
  );
  const end = rows.reduce(
    (m, r) => [r.deadline, r.metOn ?? r.deadline].reduce((a, b) => (b > a ? b : a), m),
    rows[0]?.deadline ?? asOf,
  );
  return { start, days: Math.max(1, daysBetween(start, end)) };
};

/** The four figures of a timeline: items slipped, mean, longest and total slip. */
export const slippageFigures = (timeline: SlippageTimeline): Html =>
  html`<ul class="cz-figures" aria-label="Glissements des engagements retenus">
    <li>
      <span class="cz-figure__label">Échéances reportées</span>
      <span class="cz-figure__value"
        >${timeline.slipped}
        <span class="fr-text--sm fr-text--regular"
          >sur ${plural(timeline.followed, 'engagement')}
          suivi${timeline.followed > 1 ? 's' : ''}</span
        ></span
      >
    </li>
    <li>
      <span class="cz-figure__label">Glissement moyen</span>
      <span class="cz-figure__value">${plural(timeline.meanDays, 'jour')}</span>
    </li>
    <li>
      <span class="cz-figure__label">Glissement le plus long</span>
      <span class="cz-figure__value">${plural(timeline.maxDays, 'jour')}</span>
    </li>
    <li>
      <span class="cz-figure__label">Cumul des glissements</span>
      <span class="cz-figure__value">${plural(timeline.totalDays, 'jour')}</span>
    </li>
  </ul>`;

/** The timeline's rows as a table, each with its steps in words and its drawing. */
export const slippageTable = (
  q: DashboardQuery,
  rows: readonly TimelineRow[],
  caption: string,
): Html => {
  const asOf = parisDateOf(q.moment.asOf);
  const scale = scaleOf(rows, asOf);
  return dataTable({
    id: 'glissements',
    caption,
    columns: [
      'Engagement',
      'Ministère',
      'Décidé le',
      'Échéance initiale',
      'Échéance actuelle',
      'Glissement',
      'Reports successifs',
      'Frise',
    ],
    rows: rows.map(
      (r) =>
        html`<tr>
          <th scope="row">
            <a href="${link(`${BASE}/engagements/${r.commitmentId}`, q)}">${r.title}</a>
            <br />${badge(r.state)}${r.metOn ? html` <span class="fr-text--xs">atteint le ${frenchDate(r.metOn)}</span>` : ''}
          </th>
          <td>${ministryShortName(r.ministry)}</td>
          <td class="cz-nowrap">${frenchDate(r.decidedOn)}</td>
          <td class="cz-nowrap">${frenchDate(r.originalDeadline)}</td>
          <td class="cz-nowrap">${frenchDate(r.deadline)}</td>
          <td class="cz-nowrap">${plural(r.daysSlipped, 'jour')}</td>
          <td>
            ${
              r.steps.length === 0
                ? '—'
                : html`<ol class="fr-text--sm fr-mb-0 cz-reasons">
                    ${r.steps.map((s) => html`<li>${stepText(s)}</li>`)}
                  </ol>`
            }
          </td>
          <td>${timelineSvg(r, scale, asOf)}</td>
        </tr>`,
    ),
  });
};

export interface SlippagePageInput {
  readonly viewer?: Viewer;
  readonly q: DashboardQuery;
  readonly overview: Overview;
  readonly timeline: SlippageTimeline;
  readonly sort: TimelineSort;
  readonly all: boolean;
}

/**
 * « Glissements de calendrier »: original against current deadlines per commitment and ministry,
 * each extension a dated step with its reason and decision, with the overview's filters.
 */
export const slippagePage = (p: SlippagePageInput): Html => {
  const { q, timeline } = p;
  const rows = timeline.rows;
  const extra = { tri: p.sort, ...(p.all && { tous: '1' }) };
  const controls = html`<div class="fr-grid-row fr-grid-row--gutters fr-mt-1w">
    <div class="fr-col-12 fr-col-md-6">
      <div class="fr-select-group">
        <label class="fr-label" for="tri">Ordre</label>
        <select class="fr-select" id="tri" name="tri">
          ${(Object.keys(SORT_LABELS) as TimelineSort[]).map(
            (s) =>
              html`<option value="${s}" ${s === p.sort ? 'selected' : ''}>
                ${SORT_LABELS[s]}
              </option>`,
          )}
        </select>
      </div>
    </div>
    <div class="fr-col-12 fr-col-md-6">
      <div class="fr-checkbox-group fr-mt-4w">
        <input type="checkbox" id="tous" name="tous" value="1" ${p.all ? 'checked' : ''} />
        <label class="fr-label" for="tous"
          >Montrer aussi les engagements dont l’échéance n’a pas bougé</label
        >
      </div>
    </div>
  </div>`;
  return layout({
    viewer: p.viewer,
    title: 'Glissements de calendrier',
    crumbs: [
      { label: 'Vue d’ensemble', href: link(BASE, q) },
      { label: 'Glissements de calendrier' },
    ],
    skipLinks: [
      { href: '#filtres', label: 'Filtres' },
      { href: '#frise', label: 'Frise des glissements' },
    ],
    rules: rulesText(p.overview.rules),
    body: html`<h1 class="fr-mt-2w">Glissements de calendrier</h1>
      <p class="fr-text--lead">${momentSentence(q)}</p>
      ${rulesLine(rulesText(p.overview.rules))} ${errorsAlert(q.errors)}
      ${slippageFigures(timeline)} ${filterForm(q, p.overview, SELF, controls)}
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
        <li>
          <a
            class="fr-btn fr-btn--secondary fr-icon-download-line"
            href="${SELF}.csv${queryString(q, extra)}"
            >Exporter en CSV</a
          >
        </li>
        <li>
          <a
            class="fr-btn fr-btn--secondary fr-icon-download-line"
            href="${SELF}.xlsx${queryString(q, extra)}"
            >Exporter en XLSX</a
          >
        </li>
      </ul>
      <section aria-labelledby="frise">
        <h2 id="frise">Frise des glissements</h2>
        ${slippageLegend}
        ${
          rows.length === 0
            ? html`<p>
                Aucune échéance n’a été reportée parmi les engagements retenus par ces filtres.
              </p>`
            : slippageTable(
                q,
                rows,
                `${plural(rows.length, 'engagement')} par ministère — ${SORT_LABELS[p.sort].toLowerCase()}`,
              )
        }
      </section>`,
  });
};
