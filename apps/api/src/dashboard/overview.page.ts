import {
  ORGANISATIONS,
  emptyCounts,
  frenchDate,
  type ItemState,
  type StatusItem,
} from '@cosinum/domain';
import {
  cellKey,
  type DashboardQuery,
  displayWording,
  documentShortTitle,
  ministryName,
  ministryShortName,
  NO_REPORT_LABEL,
  type Overview,
  type OverviewColumn,
  STATE_ABBREVIATIONS,
  STATE_BADGES,
  STATE_LABELS,
  STATES,
  isSilent,
  percentText,
  rulesText,
  worstState,
} from '@cosinum/presentation';
import { queryString } from './query-string';
import type { Viewer } from './viewer';
import { html, type Html } from './html';
import {
  BASE,
  dataTable,
  errorsAlert,
  layout,
  link,
  momentSentence,
  rulesLine,
  timeInputs,
} from './layout';
import { progressBar } from './progress.html';
import { emptyCallout } from './empty-callout';

const select = (
  id: string,
  label: string,
  hint: string,
  options: readonly { value: string; label: string }[],
  selected: string | undefined,
) =>
  html`<div class="fr-col-12 fr-col-md-4 fr-col-lg-3">
    <div class="fr-select-group">
      <label class="fr-label" for="${id}">${label}<span class="fr-hint-text">${hint}</span></label>
      <select class="fr-select" id="${id}" name="${id}">
        <option value="" ${selected ? '' : ' selected'}>Tous</option>
        ${options.map((o) => html`<option value="${o.value}" ${o.value === selected ? ' selected' : ''}>${o.label}</option>`)}
      </select>
    </div>
  </div>`;

/**
 * The overview's filters and time control, also used by the pages that share its filters (the
 * slippage timeline, at `action`, with its own controls in `extra`).
 */
export const filterForm = (
  q: DashboardQuery,
  o: Pick<Overview, 'documents' | 'missions'>,
  action = BASE,
  extra: Html | '' = '',
) => {
  const f = q.filters;
  return html`<form
    method="get"
    action="${action}"
    id="filtres"
    class="fr-mb-4w"
    aria-labelledby="filtres-titre"
  >
    <h2 class="fr-h4 fr-mb-1w" id="filtres-titre">Filtres et moment</h2>
    <div class="fr-grid-row fr-grid-row--gutters">
      <div class="fr-col-12 fr-col-md-6">
        <div class="fr-input-group">
          <label class="fr-label" for="search"
            >Rechercher un engagement<span class="fr-hint-text"
              >Mots de l’intitulé, de la description ou de l’identifiant, par exemple
              «&#8239;VPN&#8239;» ou «&#8239;messagerie&#8239;»</span
            ></label
          >
          <input
            class="fr-input"
            type="search"
            id="search"
            name="search"
            maxlength="200"
            value="${f.search ?? ''}"
          />
        </div>
      </div>
    </div>
    <div class="fr-grid-row fr-grid-row--gutters">
      ${select(
        'document',
        'Document source',
        'Décision ou feuille de route',
        o.documents.map((d) => ({ value: d.value, label: d.title })),
        f.document,
      )}
      ${select(
        'mission',
        'Mission',
        'Mission de la DINUM',
        o.missions.map((m) => ({ value: m, label: m })),
        f.mission,
      )}
      ${select(
        'ministry',
        'Ministère',
        'Ministère, opérateur ou direction',
        ORGANISATIONS.map((m) => ({ value: m.code, label: m.shortName })),
        f.ministry,
      )}
      <div class="fr-col-12 fr-col-md-3">
        <div class="fr-input-group">
          <label class="fr-label" for="within"
            >Échéance dans les … jours<span class="fr-hint-text"
              >À compter de la situation, ex. 30</span
            ></label
          >
          <input
            class="fr-input"
            type="number"
            min="0"
            max="9999"
            step="1"
            inputmode="numeric"
            id="within"
            name="within"
            value="${f.within ?? ''}"
          />
        </div>
      </div>
      <div class="fr-col-12 fr-col-md-3">
        <div class="fr-input-group">
          <label class="fr-label" for="from"
            >Échéance à partir du<span class="fr-hint-text">Date incluse</span></label
          >
          <input class="fr-input" type="date" id="from" name="from" value="${f.from ?? ''}" />
        </div>
      </div>
      <div class="fr-col-12 fr-col-md-3">
        <div class="fr-input-group">
          <label class="fr-label" for="to"
            >Échéance jusqu’au<span class="fr-hint-text">Date incluse</span></label
          >
          <input class="fr-input" type="date" id="to" name="to" value="${f.to ?? ''}" />
        </div>
      </div>
      ${timeInputs(q, 'moment', 'fr-col-12 fr-col-md-3')}
    </div>
    <fieldset class="fr-fieldset fr-mt-2w fr-mb-0" id="etats" aria-labelledby="etats-legende">
      <legend class="fr-fieldset__legend--regular fr-fieldset__legend" id="etats-legende">
        États<span class="fr-hint-text">Aucun coché&#8239;: tous les états</span>
      </legend>
      ${STATES.map(
        (s) =>
          html`<div class="fr-fieldset__element fr-fieldset__element--inline">
            <div class="fr-checkbox-group fr-checkbox-group--sm">
              <input
                type="checkbox"
                id="etat-${s}"
                name="state"
                value="${s}"
                ${f.states.includes(s) ? ' checked' : ''}
              />
              <label class="fr-label" for="etat-${s}">${STATE_LABELS[s]}</label>
            </div>
          </div>`,
      )}
    </fieldset>
    ${extra}
    <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
      <li><button class="fr-btn" type="submit">Appliquer</button></li>
      <li><a class="fr-btn fr-btn--tertiary" href="${action}">Réinitialiser</a></li>
    </ul>
  </form>`;
};

const counts = (q: DashboardQuery, o: Overview) => {
  const silent = STATES.reduce((n, s) => n + o.noReport[s], 0);
  return html`<h2 id="repartition">Répartition par état</h2>
    <p class="fr-text--sm">
      Engagements × ministères retenus par les filtres (hors filtre d’état).
      <strong>Sans déclaration</strong> signifie qu’aucune valeur n’a encore été déclarée, ce qui se
      distingue d’une valeur déclarée inférieure à l’objectif.
    </p>
    <ul class="cz-counts" aria-labelledby="repartition">
      ${STATES.map(
        (s) =>
          html`<li>
            <a
              class="fr-badge ${STATE_BADGES[s]}"
              href="${BASE}${queryString({ ...q, filters: { ...q.filters, states: [s] } })}"
              >${STATE_LABELS[s]}&#8239;: ${o.counts[s]}</a
            >${o.noReport[s] > 0 ? html` <span class="cz-count-detail">dont ${o.noReport[s]} sans déclaration</span>` : ''}
          </li>`,
      )}
    </ul>
    <ul class="cz-figures" aria-label="Avancement des engagements retenus">
      <li>
        <span class="cz-figure__label">Taux d’avancement moyen (hors sans déclaration)</span>
        <span class="cz-figure__value">${progressBar(o.meanProgressRate)}</span>
      </li>
      <li>
        <span class="cz-figure__label">${NO_REPORT_LABEL}</span>
        <span class="cz-figure__value"
          >${silent}<span class="fr-text--sm fr-text--regular">
            sur ${STATES.reduce((n, s) => n + o.counts[s], 0)}</span
          ></span
        >
      </li>
    </ul>`;
};

const legend = (q: DashboardQuery) =>
  html`<ul
    class="cz-legend cz-map-legend fr-text--sm fr-mb-2w${narrowScreenShowsList(q) ? ' cz-wide-only' : ''}"
    aria-label="Légende de la carte"
  >
    ${STATES.map((s) => html`<li><span class="cz-c cz-${s}" aria-hidden="true">${STATE_ABBREVIATIONS[s]}</span>${STATE_LABELS[s]}</li>`)}
    <li>
      <span class="cz-c cz-at_risk cz-silent" aria-hidden="true"
        >${STATE_ABBREVIATIONS.at_risk}</span
      >contour pointillé&#8239;: sans déclaration
    </li>
    <li><span class="cz-c cz-out" aria-hidden="true">·</span>hors filtre d’état</li>
    <li><span class="cz-c cz-none" aria-hidden="true">—</span>non concerné</li>
  </ul>`;

const cell = (o: Overview, col: OverviewColumn, ministry: string) => {
  const key = cellKey(col.commitment.id, ministry);
  const item = o.cells.get(key);
  if (item)
    return html`<td
      class="cz-c cz-${item.state}${isSilent(item) ? ' cz-silent' : ''}"
      title="${ministryShortName(ministry)} — n° ${col.number}&#8239;: ${STATE_LABELS[item.state]}${isSilent(item) ? ', sans déclaration' : item.progressRate !== null ? `, avancement ${percentText(item.progressRate)}` : ''}, échéance ${frenchDate(item.deadline)}"
    >
      <span aria-hidden="true">${STATE_ABBREVIATIONS[item.state]}</span
      ><span class="fr-sr-only"
        >${STATE_LABELS[item.state]}${isSilent(item) ? ', sans déclaration' : ''}</span
      >
    </td>`;
  const hidden = o.filteredOut.get(key);
  if (hidden)
    return html`<td class="cz-c cz-out">
      <span aria-hidden="true">·</span
      ><span class="fr-sr-only">${STATE_LABELS[hidden.state]}, hors filtre</span>
    </td>`;
  return html`<td class="cz-c cz-none">
    <span aria-hidden="true">—</span><span class="fr-sr-only">non concerné</span>
  </td>`;
};

/**
 * On a narrow screen, the whole map (one column per commitment) is replaced by this list: each
 * ministry once, with its counts by state; unless a document filter keeps the map to a few columns.
 * Only one of the two is displayed at a time (the other is `display: none`, hidden from screen
 * readers too).
 */
const narrowScreenShowsList = (q: DashboardQuery) => !q.filters.document;

/** A ministry's counts on the map: per state, of which without any value declared. */
interface MinistryCounts {
  readonly ministry: string;
  readonly total: number;
  readonly counts: Record<ItemState, number>;
  readonly silent: Record<ItemState, number>;
  readonly filteredOut: number;
}

/** Worst first: most overdue, then most at risk, then most on track; then in the map's order. */
const SEVERITY: readonly ItemState[] = ['overdue', 'at_risk', 'on_track'];

const ministryCounts = (o: Overview): MinistryCounts[] => {
  const byMinistry = new Map(
    o.ministries.map((m) => [
      m,
      { ministry: m, total: 0, counts: emptyCounts(), silent: emptyCounts(), filteredOut: 0 },
    ]),
  );
  for (const item of o.items) {
    const entry = byMinistry.get(item.ministry);
    if (!entry) continue;
    entry.total++;
    entry.counts[item.state]++;
    if (isSilent(item)) entry.silent[item.state]++;
  }
  for (const item of o.filteredOut.values()) {
    const entry = byMinistry.get(item.ministry);
    if (entry) entry.filteredOut++;
  }
  const mapOrder = new Map(o.ministries.map((m, i) => [m, i]));
  return [...byMinistry.values()].sort(
    (a, b) =>
      SEVERITY.reduce((d, s) => d || b.counts[s] - a.counts[s], 0) ||
      (mapOrder.get(a.ministry) ?? 0) - (mapOrder.get(b.ministry) ?? 0),
  );
};

const commitments = (n: number) => `${n}\u00a0engagement${n > 1 ? 's' : ''}`;

const mapList = (q: DashboardQuery, o: Overview) => {
  if (o.items.length === 0) return '';
  return html`<div
    class="cz-map-list${narrowScreenShowsList(q) ? ' cz-map-list--narrow' : ''}"
    id="carte-liste"
  >
    <p class="fr-text--sm">
      La carte résumée par ministère&#8239;: le nombre d’engagements dans chaque état, les
      ministères ayant le plus d’engagements en retard d’abord.<span class="cz-screen-only">
        Pour voir la carte engagement par engagement sur un petit écran, choisissez un document
        source dans les <a href="#filtres">filtres</a>.</span
      >
    </p>
    <ul class="cz-ministry-list">
      ${ministryCounts(o).map(
        (m) =>
          html`<li class="cz-ministry-list__item">
            <h3 class="fr-h6 fr-mb-1w">
              <a
                href="${link(`${BASE}/ministeres/${m.ministry}`, q)}"
                title="${ministryName(m.ministry)}"
                >${ministryShortName(m.ministry)}</a
              >
            </h3>
            <ul class="cz-ministry-counts fr-mb-1w">
              ${STATES.filter((s) => m.counts[s] > 0).map(
                (s) =>
                  html`<li>
                    <p class="fr-badge fr-badge--sm ${STATE_BADGES[s]}">
                      ${STATE_LABELS[s]}&#8239;: ${m.counts[s]}
                    </p>
                    ${m.silent[s] > 0 ? html`<span class="cz-count-detail">dont ${m.silent[s]} sans déclaration</span>` : ''}
                  </li>`,
              )}
            </ul>
            <p class="fr-text--xs fr-mb-0">
              ${commitments(m.total)}${m.filteredOut > 0 ? html`, et ${m.filteredOut} hors filtre d’état` : ''}
            </p>
          </li>`,
      )}
    </ul>
  </div>`;
};

const heatmap = (q: DashboardQuery, o: Overview) => {
  if (o.items.length === 0) return emptyCallout(q, BASE, o.empty);
  const columns = o.groups.flatMap((g) => g.columns);
  return html`<div
    class="fr-table fr-table--sm cz-heatmap${narrowScreenShowsList(q) ? ' cz-wide-only' : ''}"
    id="carte"
  >
    <div class="fr-table__wrapper">
      <div class="fr-table__container">
        <div class="fr-table__content">
          <table>
            <caption>
              État de chaque engagement par ministère (${o.ministries.length} ministères ×
              ${columns.length} engagements, regroupés par document source)
            </caption>
            <colgroup>
              <col />
            </colgroup>
            ${o.groups.map((g) => html`<colgroup span="${g.columns.length}"></colgroup>`)}
            <thead>
              <tr>
                <td></td>
                ${o.groups.map((g) => html`<th scope="colgroup" colspan="${g.columns.length}" title="${g.title}"><span aria-hidden="true">${documentShortTitle(g.document)}</span><span class="fr-sr-only">${g.title}</span></th>`)}
              </tr>
              <tr>
                <th scope="col">Ministère</th>
                ${columns.map(
                  (c) =>
                    html`<th scope="col">
                      <a
                        href="${link(`${BASE}/engagements/${c.commitment.id}`, q)}"
                        title="${c.commitment.title}"
                        ><span aria-hidden="true">${c.number}</span
                        ><span class="fr-sr-only"
                          >n° ${c.number}&#8239;: ${c.commitment.title}</span
                        ></a
                      >
                    </th>`,
                )}
              </tr>
            </thead>
            <tbody>
              ${o.ministries.map(
                (m) =>
                  html`<tr>
                    <th scope="row">
                      <a href="${link(`${BASE}/ministeres/${m}`, q)}" title="${ministryName(m)}"
                        >${ministryShortName(m)}</a
                      >
                    </th>
                    ${columns.map((c) => cell(o, c, m))}
                  </tr> `,
              )}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  </div>`;
};

const list = (q: DashboardQuery, o: Overview) => {
  const byCommitment = new Map<string, StatusItem[]>();
  for (const i of o.items)
    byCommitment.set(i.commitmentId, [...(byCommitment.get(i.commitmentId) ?? []), i]);
  return html`<h2 id="engagements">Engagements</h2>
    ${dataTable({
      id: 'liste',
      caption:
        'Engagements affichés, avec leur source, leur échéance et l’état le plus défavorable parmi les ministères retenus',
      columns: [
        'N°',
        'Engagement',
        'Source',
        'Mission',
        'Échéance',
        'État le plus défavorable',
        'Ministères',
      ],
      rows: o.groups.flatMap((g) =>
        g.columns.map((c) => {
          const items = byCommitment.get(c.commitment.id) ?? [];
          const worst = worstState(items.map((i) => i.state));
          return html`<tr>
            <td>${c.number}</td>
            <th scope="row">
              <a href="${link(`${BASE}/engagements/${c.commitment.id}`, q)}"
                >${c.commitment.title}</a
              >
            </th>
            <td>${g.title}</td>
            <td>${c.commitment.mission ?? '—'}</td>
            <td>
              ${frenchDate(c.commitment.deadline)}${c.commitment.deadlineWording ? html`<br /><span class="fr-text--xs">«&#8239;${displayWording(c.commitment.deadlineWording)}&#8239;»</span>` : ''}${c.commitment.deadlineInferredFrom ? html`<br /><span class="fr-text--xs">échéance déduite</span>` : ''}
            </td>
            <td>
              ${worst ? html`<p class="fr-badge fr-badge--sm ${STATE_BADGES[worst]}">${STATE_LABELS[worst]}</p>` : '—'}
            </td>
            <td>${items.length}</td>
          </tr>`;
        }),
      ),
    })}`;
};

export const overviewPage = (q: DashboardQuery, o: Overview, viewer?: Viewer): Html =>
  layout({
    viewer,
    title: 'Vue d’ensemble',
    skipLinks: [
      { href: '#filtres', label: 'Filtres' },
      { href: '#carte-titre', label: 'Carte des états' },
      { href: '#engagements', label: 'Liste des engagements' },
    ],
    rules: rulesText(o.rules),
    body: html`<h1 class="fr-mt-4w">Où en est chaque ministère</h1>
      <p class="fr-text--lead">${momentSentence(q)}</p>
      ${rulesLine(rulesText(o.rules))}
      <p class="cz-screen-only">
        <a
          class="fr-link fr-icon-arrow-right-line fr-link--icon-right"
          href="${BASE}/glissements${queryString(q)}"
          >Glissements de calendrier&#8239;: échéances initiales et actuelles, reports successifs</a
        >
      </p>
      ${
        viewer?.identity.role === 'ministry'
          ? ''
          : html`<p class="cz-screen-only">
              <a
                class="fr-link fr-icon-arrow-right-line fr-link--icon-right"
                href="${BASE}/seance${queryString(q)}"
                >Dossier de séance du COSINUM&#8239;: synthèse, évolutions, glissements et une fiche
                par ministère, à imprimer ou en PDF</a
              >
            </p>`
      }
      ${errorsAlert(q.errors)} ${filterForm(q, o)} ${counts(q, o)}
      <div class="cz-actions fr-mt-4w fr-mb-2w">
        <h2 class="fr-mb-0" id="carte-titre" tabindex="-1">Carte des états</h2>
        <p class="fr-mb-0">
          <a
            class="fr-btn fr-btn--sm fr-btn--secondary fr-btn--icon-left fr-icon-download-line fr-mr-1w"
            href="${BASE}/export.csv${queryString(q)}"
            download
            >Exporter la vue en CSV</a
          >
          <a
            class="fr-btn fr-btn--sm fr-btn--secondary fr-btn--icon-left fr-icon-download-line"
            href="${BASE}/export.xlsx${queryString(q)}"
            download
            >Exporter la vue en Excel (XLSX)</a
          >
        </p>
      </div>
      ${legend(q)} ${mapList(q, o)} ${heatmap(q, o)} ${list(q, o)}`,
  });
