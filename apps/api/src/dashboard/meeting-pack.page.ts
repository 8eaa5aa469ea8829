import { frenchDate, parisDateOf, type ItemState } from '@cosinum/domain';
import {
  frenchDateTime,
  latestText,
  ministryName,
  ministryShortName,
  NNBSP,
  percentText,
  rulesText,
  SHEET_ROWS,
  STATE_LABELS,
  STATES,
  stateLabelInText,
  UPCOMING_DAYS,
  type DashboardQuery,
  type MeetingPack,
  type MinistrySheet,
  type NamesOn,
  type RulingSince,
  type StateChange,
} from '@cosinum/presentation';
import type { Board } from '@cosinum/projections';
import { badge } from './commitment.page';
import { html, raw, type Html } from './html';
import { BASE, dataTable, errorsAlert, layout, link, timeInputs } from './layout';
import { queryString } from './query-string';
import { plural, slippageFigures, slippageLegend, slippageTable } from './slippage.page';
import type { Viewer } from './viewer';

export const PACK_PATH = `${BASE}/seance`;

/** The anchors the table of contents points at, in order: the PDF numbers their pages. */
export const packAnchors = (pack: MeetingPack): string[] => [
  'synthese',
  'evolutions',
  'glissements',
  ...pack.sheets.map((s) => sheetAnchor(s.code)),
];

const sheetAnchor = (code: string) => `fiche-${code}`;

export interface MeetingPackInput {
  readonly viewer?: Viewer;
  readonly q: DashboardQuery;
  readonly pack: MeetingPack;
  readonly rules: Board['rules'];
  /** When the pack was made (now): printed at the foot of every page. */
  readonly madeAt: string;
  /** Whether the date of the previous meeting was given (else the default, a month before). */
  readonly sinceGiven: boolean;
  readonly names?: NamesOn;
  /** Page of each anchor, once the PDF has been laid out (the HTML has none). */
  readonly pages?: ReadonlyMap<string, number>;
  /** Whether this server can make the PDF (a browser is installed). */
  readonly pdf: boolean;
}

/** A CSS string: the running heads are generated, never taken from a request unescaped. */
const cssString = (text: string): string =>
  `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n<>]/g, ' ')}"`;

/** « 02/12/2026 à 11:44 »: when the pack was made. */
const madeAtText = (instant: string): string => frenchDateTime(instant).replace(' ', ' à ');

const dateLine = (pack: MeetingPack): string =>
  `situation au ${frenchDate(parisDateOf(pack.moment.asOf))}, selon les informations connues au ${frenchDate(parisDateOf(pack.moment.knownAt))}`;

/**
 * The paper layout: A4, a running head with the dates on every page, the page number at the
 * foot (CSS page-margin boxes, which Chromium prints since version 131), each section and each
 * ministry's sheet on a new page; the dashboard's header and its one-line print footer left off
 * the paper. What every page does on paper (rows not split, links as text, tables as wide as the
 * sheet, no forms) is the shared print sheet's (print-style.ts): this adds only the pack's own.
 */
const printStyle = (pack: MeetingPack, madeAt: string): Html =>
  raw(`<style>
@page{size:A4;margin:16mm 14mm 16mm 14mm;
@top-left{content:${cssString(`Dossier de séance COSINUM — ${dateLine(pack)}`)};font:8pt Marianne,Arial,sans-serif;color:#3a3a3a}
@bottom-left{content:${cssString(`Établi le ${madeAtText(madeAt)} — Suivi des engagements COSINUM (DINUM)`)};font:8pt Marianne,Arial,sans-serif;color:#3a3a3a}
@bottom-right{content:"Page " counter(page) " sur " counter(pages);font:8pt Marianne,Arial,sans-serif;color:#3a3a3a}}
.cz-pack h2{margin-top:1.5rem}
.cz-toc ol{list-style:none;padding-left:0}
.cz-toc ol ol{padding-left:1.5rem;columns:2;column-gap:2rem}
.cz-toc li{display:flex;gap:.5rem;align-items:baseline;padding:0;break-inside:avoid}
.cz-toc li.cz-toc__group{display:block}
.cz-toc__title{flex:0 1 auto}
.cz-toc__dots{flex:1 1 auto;border-bottom:1px dotted #929292;min-width:1rem}
.cz-toc__page{flex:0 0 2.5rem;text-align:right;font-variant-numeric:tabular-nums}
.cz-sheet__figures{display:flex;flex-wrap:wrap;gap:.25rem 2rem;list-style:none;padding:0;margin:0 0 .75rem}
.cz-sheet__figures li{padding:0}
.cz-pack .fr-table{margin-bottom:1rem}
@media print{
  .fr-header,.fr-footer,.fr-skiplinks,.fr-breadcrumb,.cz-screen-only,.cz-print-only{display:none!important}
  html{font-size:100%}
  body{font-size:9pt;line-height:1.35}
  main .fr-container{max-width:none;padding:0}
  .cz-pack h1{font-size:20pt;margin:0 0 .5rem}
  .cz-pack h2{font-size:14pt;margin:0 0 .5rem}
  .cz-pack h3{font-size:12pt;margin:0 0 .5rem}
  .cz-pack p,.cz-pack li,.cz-pack .fr-text--sm{font-size:9pt!important;margin-bottom:.25rem}
  .cz-pack .cz-figures{gap:.25rem 2rem;margin-bottom:.5rem}
  .cz-pack .cz-figures .cz-figure__value{font-size:11pt}
  .cz-pack .cz-figures .cz-figure__label{font-size:8pt}
  .cz-pack__section,.cz-sheet{break-before:page}
  .cz-pack .fr-table{margin-bottom:.5rem}
  .cz-pack .fr-table table{width:100%!important;font-size:8pt}
  .cz-pack .fr-table caption{font-size:9pt;line-height:1.2;margin-bottom:.25rem}
  .cz-pack .fr-table th,.cz-pack .fr-table td{padding:.15rem .3rem!important;font-size:8pt;line-height:1.25}
  .cz-pack .fr-badge{font-size:7pt;line-height:1.1;padding:0 .25rem;min-height:0}
  .cz-pack .cz-timeline{width:120px;height:auto}
  .cz-pack .fr-table th[scope=row]{min-width:9rem;width:26%}
  .cz-pack .cz-sheet .fr-table th[scope=row]{width:40%}
  .cz-pack .cz-sheet .fr-table td:last-child{width:30%}
  .cz-pack .cz-reasons{min-width:11rem;padding-left:1rem}
  .cz-pack .cz-reasons li{padding:0;margin:0!important;font-size:8pt!important;line-height:1.25}
  .cz-pack .fr-text--xs{font-size:7.5pt!important;line-height:1.2}
  .cz-pack .cz-legend{gap:.25rem 1rem;font-size:8pt}
}
</style>`);

const cell = (n: number) => (n === 0 ? html`<td>—</td>` : html`<td>${n}</td>`);

const gapText = (gap: number | null): string =>
  gap === null
    ? '—'
    : `${gap > 0 ? '+' : gap < 0 ? '−' : ''}${percentText(Math.abs(gap)).replace(`${NNBSP}%`, '')}${NNBSP}point${Math.abs(gap) >= 2 ? 's' : ''}`;

const rateText = (rate: number | null): string => (rate === null ? '—' : percentText(rate));

/** The numbered entry of the table of contents, with its page once the PDF knows it. */
const tocEntry = (anchor: string, title: string, pages?: ReadonlyMap<string, number>): Html =>
  pages
    ? html`<li>
        <a class="cz-toc__title" href="#${anchor}">${title}</a
        ><span class="cz-toc__dots" aria-hidden="true"></span
        ><span class="cz-toc__page"
          ><span class="fr-sr-only">page </span>${pages.get(anchor) ?? '?'}</span
        >
      </li>`
    : html`<li><a class="cz-toc__title" href="#${anchor}">${title}</a></li>`;

const summary = (p: MeetingPackInput): Html => {
  const { pack } = p;
  const held = STATES.filter((s) => s !== 'exempt' && s !== 'withdrawn');
  return html`<section class="cz-pack__section" aria-labelledby="synthese">
    <h2 id="synthese">1. Synthèse</h2>
    <p>
      ${plural(pack.totals.items, 'engagement')} par ministère
      suivi${pack.totals.items > 1 ? 's' : ''}&#8239;:
      ${STATES.filter((s) => pack.totals.counts[s] > 0).map((s, i, all) => html`${i === 0 ? '' : i === all.length - 1 ? ' et ' : ', '}<strong>${pack.totals.counts[s]}</strong> ${stateLabelInText(s)}`)}.
      ${pack.totals.noReport > 0 ? html`${pack.totals.noReport} n’${pack.totals.noReport > 1 ? 'ont' : 'a'} encore aucune valeur déclarée.` : ''}
    </p>
    <ul class="cz-figures" aria-label="Chiffres de la séance">
      <li>
        <span class="cz-figure__label">Taux d’avancement moyen</span>
        <span class="cz-figure__value">${rateText(pack.totals.meanProgressRate)}</span>
      </li>
      <li>
        <span class="cz-figure__label">Médiane des ministères</span>
        <span class="cz-figure__value">${rateText(pack.medianProgressRate)}</span>
      </li>
      <li>
        <span class="cz-figure__label">Échéances reportées</span>
        <span class="cz-figure__value">${pack.timeline.slipped}</span>
      </li>
    </ul>
    ${dataTable({
      id: 'synthese-ministeres',
      caption: 'Engagements de chaque ministère par état, avancement moyen et écart à la médiane',
      columns: [
        'Ministère',
        'En retard',
        'À risque',
        'En bonne voie',
        'Atteints',
        'Exemptés',
        'Sans déclaration',
        'Avancement moyen',
        'Écart à la médiane',
      ],
      rows: pack.sheets.map(
        (s) =>
          html`<tr>
            <th scope="row">
              <a href="#${sheetAnchor(s.code)}">${ministryShortName(s.code, p.names)}</a>
            </th>
            ${held.map((state) => cell(s.counts[state]))} ${cell(s.counts.exempt)}
            ${cell(s.noReport)}
            <td class="cz-nowrap">${rateText(s.meanProgressRate)}</td>
            <td class="cz-nowrap">${gapText(s.gapToMedian)}</td>
          </tr>`,
      ),
    })}
  </section>`;
};

const RULING_LABELS: Record<RulingSince['kind'], string> = {
  decided: 'Décision',
  extended: 'Report d’échéance',
  target_revised: 'Cible révisée',
  exempted: 'Exemption',
  withdrawn: 'Retrait',
  reporting_changed: 'Cadence modifiée',
  milestone_added: 'Jalon ajouté',
};

const NUMBER = new Intl.NumberFormat('fr-FR');

const rulingText = (r: RulingSince): string => {
  const why = r.reason ? `${NNBSP}: ${r.reason}` : '';
  const ref = r.decisionRef ? ` (${r.decisionRef})` : '';
  switch (r.kind) {
    case 'extended':
      return `du ${frenchDate(String(r.from))} au ${frenchDate(String(r.to))}${ref}${why}`;
    case 'target_revised':
      return `de ${NUMBER.format(Number(r.from))} à ${NUMBER.format(Number(r.to))}${ref}${why}`;
    case 'milestone_added':
      return `jalon du ${frenchDate(String(r.to))}`;
    case 'decided':
      return `décidé le ${frenchDate(r.on)}${ref}`;
    default:
      // Exemption, withdrawal, cadence: the reason, then the decision's reference.
      return [r.reason, r.decisionRef && `(${r.decisionRef})`].filter(Boolean).join(' ');
  }
};

const changeRow = (q: DashboardQuery, c: StateChange, names?: NamesOn) =>
  html`<tr>
    <th scope="row">
      <a href="${link(`${BASE}/engagements/${c.item.commitmentId}`, q)}">${c.item.title}</a>
    </th>
    <td>${ministryShortName(c.item.ministry, names)}</td>
    <td>${badge(c.from)}</td>
    <td>${badge(c.to)}</td>
  </tr>`;

const changes = (p: MeetingPackInput): Html => {
  const { pack, q } = p;
  const c = pack.changes;
  const since = frenchDate(pack.since);
  return html`<section class="cz-pack__section" aria-labelledby="evolutions">
    <h2 id="evolutions">2. Évolutions depuis le ${since}</h2>
    <p>
      Faits enregistrés après le ${since} et jusqu’au
      ${frenchDate(parisDateOf(pack.moment.knownAt))}&#8239;: ${plural(c.reports, 'valeur')}
      déclarée${c.reports > 1 ? 's' : ''}, ${plural(c.rulings.length, 'décision')}
      enregistrée${c.rulings.length > 1 ? 's' : ''}, ${plural(c.stateChanges.length, 'changement')}
      d’état${c.newItems > 0 ? html`, ${c.newItems} nouve${c.newItems > 1 ? 'aux' : 'l'} engagement${c.newItems > 1 ? 's' : ''} par ministère` : ''}${c.goneItems > 0 ? html`, ${c.goneItems} sorti${c.goneItems > 1 ? 's' : ''} du tableau` : ''}.
    </p>
    ${
      c.rulings.length === 0
        ? html`<p>Aucune décision n’a été enregistrée depuis le ${since}.</p>`
        : dataTable({
            id: 'decisions',
            caption: `Décisions enregistrées depuis le ${since}`,
            columns: ['Date', 'Décision', 'Engagement', 'Ministère', 'Détail'],
            rows: c.rulings.map(
              (r) =>
                html`<tr>
                  <td class="cz-nowrap">${frenchDate(r.on)}</td>
                  <td>${RULING_LABELS[r.kind]}</td>
                  <th scope="row">
                    <a href="${link(`${BASE}/engagements/${r.commitmentId}`, q)}">${r.title}</a>
                  </th>
                  <td>${r.ministry ? ministryShortName(r.ministry, p.names) : 'Tous'}</td>
                  <td>${rulingText(r)}</td>
                </tr>`,
            ),
          })
    }
    ${
      c.stateChanges.length === 0
        ? html`<p>Aucun engagement n’a changé d’état depuis le ${since}.</p>`
        : dataTable({
            id: 'changements',
            caption: `Changements d’état depuis le ${since}, par ministère`,
            columns: ['Engagement', 'Ministère', `Le ${since}`, 'Maintenant'],
            rows: c.stateChanges.map((s) => changeRow(q, s, p.names)),
          })
    }
  </section>`;
};

const slippage = (p: MeetingPackInput): Html => {
  const { pack, q } = p;
  const rows = pack.timeline.rows;
  return html`<section class="cz-pack__section" aria-labelledby="glissements">
    <h2 id="glissements">3. Glissements de calendrier</h2>
    ${slippageFigures(pack.timeline)}
    ${
      rows.length === 0
        ? html`<p>Aucune échéance n’a été reportée.</p>`
        : html`${slippageLegend}
          ${slippageTable(q, rows, `${plural(rows.length, 'échéance')} reportée${rows.length > 1 ? 's' : ''}, du plus grand glissement au plus petit`)}`
    }
  </section>`;
};

/** One ministry on one page: its figures, then what needs attention and what comes next. */
const sheet = (p: MeetingPackInput, s: MinistrySheet, index: number, first: boolean): Html => {
  const { q } = p;
  const rows = [...s.attention, ...s.upcoming];
  const shown = rows.slice(0, SHEET_ROWS);
  const left = rows.length - shown.length;
  const counted = STATES.filter((state) => s.counts[state] > 0);
  return html`<section class="cz-sheet" aria-labelledby="${sheetAnchor(s.code)}">
    ${first ? html`<h2 id="fiches">4. Fiches par ministère</h2>` : ''}
    <h3 id="${sheetAnchor(s.code)}">4.${index + 1}. ${ministryName(s.code, p.names)}</h3>
    ${
      s.items === 0
        ? html`<p>Aucun engagement n’est suivi pour ce ministère à cette date.</p>`
        : html`<ul class="cz-sheet__figures" aria-label="Chiffres du ministère">
              ${counted.map((state: ItemState) => html`<li>${STATE_LABELS[state]}&#8239;: <strong>${s.counts[state]}</strong></li>`)}
              <li>Sans déclaration&#8239;: <strong>${s.noReport}</strong></li>
              <li>Avancement moyen&#8239;: <strong>${rateText(s.meanProgressRate)}</strong></li>
              <li>Écart à la médiane&#8239;: <strong>${gapText(s.gapToMedian)}</strong></li>
              <li>
                Valeurs déclarées depuis le ${frenchDate(p.pack.since)}&#8239;:
                <strong>${s.reportsSince}</strong>
              </li>
            </ul>
            ${
              shown.length === 0
                ? html`<p>
                    Rien n’est en retard ni à risque, et aucune échéance ne tombe dans les
                    ${UPCOMING_DAYS}&#8239;jours.
                  </p>`
                : dataTable({
                    caption: `En retard, à risque, puis échéances des ${UPCOMING_DAYS}\u202fjours à venir`,
                    columns: ['Engagement', 'État', 'Échéance', 'Dernière valeur', 'Motif'],
                    rows: shown.map(
                      (i) =>
                        html`<tr>
                          <th scope="row">
                            <a href="${link(`${BASE}/engagements/${i.commitmentId}`, q)}"
                              >${i.title}</a
                            >
                          </th>
                          <td>${badge(i.state)}</td>
                          <td class="cz-nowrap">
                            ${frenchDate(i.deadline)}${i.extensions > 0 ? html`<br /><span class="fr-text--xs">initialement ${frenchDate(i.originalDeadline)}</span>` : ''}
                          </td>
                          <td>${latestText(i)}</td>
                          <td>${i.reasons[0]?.message ?? '—'}</td>
                        </tr>`,
                    ),
                  })
            }
            ${left > 0 ? html`<p class="fr-text--sm">${left > 1 ? `Et ${left.toLocaleString('fr-FR')}\u00a0autres engagements` : 'Et 1\u00a0autre engagement'} à suivre, au tableau du ministère.</p>` : ''}
            ${s.changes.length > 0 ? html`<p class="fr-text--sm">Depuis le ${frenchDate(p.pack.since)}&#8239;: ${s.changes.map((c, i) => html`${i > 0 ? ' ; ' : ''}«&#8239;${c.item.title}&#8239;» ${stateLabelInText(c.from)} → ${stateLabelInText(c.to)}`)}.</p>` : ''}`
    }
  </section>`;
};

/** The time control of the pack, with the previous meeting's date: on screen only. */
const controls = (p: MeetingPackInput): Html => {
  const { q, pack } = p;
  const params = { depuis: pack.since };
  return html`<div class="cz-screen-only">
    <form
      method="get"
      action="${PACK_PATH}"
      id="parametres"
      class="fr-mb-3w"
      aria-labelledby="parametres-titre"
    >
      <fieldset class="fr-fieldset">
        <legend class="fr-fieldset__legend" id="parametres-titre">Dates du dossier</legend>
        <div class="fr-grid-row fr-grid-row--gutters fr-col-12">
          ${timeInputs(q, 'moment', 'fr-col-12 fr-col-md-4')}
          <div class="fr-col-12 fr-col-md-4">
            <div class="fr-input-group">
              <label class="fr-label" for="depuis"
                >Séance précédente<span class="fr-hint-text"
                  >Les évolutions sont comptées après ce
                  jour${p.sinceGiven ? '' : ' (par défaut, un mois avant la situation)'}</span
                ></label
              >
              <input
                class="fr-input"
                type="date"
                id="depuis"
                name="depuis"
                value="${pack.since}"
                min="2000-01-01"
                max="2100-12-31"
              />
            </div>
          </div>
        </div>
        <div class="fr-col-12">
          <button class="fr-btn fr-btn--secondary" type="submit">
            Préparer le dossier à ces dates
          </button>
        </div>
      </fieldset>
    </form>
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mb-3w">
      ${
        p.pdf
          ? html`<li>
              <a
                class="fr-btn fr-icon-download-line"
                href="${PACK_PATH}.pdf${queryString(q, params)}"
                >Télécharger le dossier en PDF</a
              >
            </li>`
          : ''
      }
    </ul>
    <p class="fr-text--sm">
      ${p.pdf ? 'Le PDF numérote les pages du sommaire. ' : 'Ce serveur ne peut pas produire le PDF (Chromium n’y est pas installé). '}Imprimer
      cette page (Ctrl+P) donne la même mise en page A4, sans le formulaire ni les boutons.
    </p>
  </div>`;
};

/**
 * « Dossier de séance »: the document an analyst brings to a COSINUM meeting, on screen and on
 * paper (A4) — a cover with the dates and the table of contents, the summary, what changed since
 * the previous meeting, the slippage timeline, and one page per ministry.
 */
export const meetingPackPage = (p: MeetingPackInput): Html => {
  const { q, pack } = p;
  const since = frenchDate(pack.since);
  return layout({
    viewer: p.viewer,
    title: `Dossier de séance au ${frenchDate(parisDateOf(pack.moment.asOf))}`,
    crumbs: [{ label: 'Vue d’ensemble', href: link(BASE, q) }, { label: 'Dossier de séance' }],
    rules: rulesText(p.rules),
    head: printStyle(pack, p.madeAt),
    body: html`${errorsAlert(q.errors)}
      <article class="cz-pack">
        <section aria-labelledby="titre-dossier">
          <h1 class="fr-mt-2w" id="titre-dossier">
            Dossier de séance du comité interministériel du numérique
          </h1>
          <p class="fr-text--lead">
            Situation au <strong>${frenchDate(parisDateOf(pack.moment.asOf))}</strong>, selon les
            informations enregistrées au
            <strong>${frenchDate(parisDateOf(pack.moment.knownAt))}</strong>. Évolutions depuis la
            séance du <strong>${since}</strong>.
          </p>
          <p class="fr-text--sm">
            États évalués selon les règles ${rulesText(p.rules)}. Dossier établi le
            ${madeAtText(p.madeAt)} à partir du journal des faits enregistrés.
          </p>
          ${controls(p)}
          <nav class="cz-toc" aria-labelledby="sommaire">
            <h2 id="sommaire">Sommaire</h2>
            <ol>
              ${tocEntry('synthese', '1. Synthèse', p.pages)}
              ${tocEntry('evolutions', `2. Évolutions depuis le ${since}`, p.pages)}
              ${tocEntry('glissements', '3. Glissements de calendrier', p.pages)}
              <li class="cz-toc__group">
                4. Fiches par ministère
                <ol>
                  ${pack.sheets.map((s, i) => tocEntry(sheetAnchor(s.code), `4.${i + 1}. ${ministryShortName(s.code, p.names)}`, p.pages))}
                </ol>
              </li>
            </ol>
          </nav>
        </section>
        ${summary(p)} ${changes(p)} ${slippage(p)}
        ${pack.sheets.map((s, i) => sheet(p, s, i, i === 0))}
      </article>`,
  });
};

/** The PDF cannot be made here: what to install, and the printable page meanwhile. */
export const pdfUnavailablePage = (p: {
  readonly viewer?: Viewer;
  readonly q: DashboardQuery;
  readonly since: string;
}): Html =>
  layout({
    viewer: p.viewer,
    title: 'PDF indisponible',
    crumbs: [
      { label: 'Vue d’ensemble', href: link(BASE, p.q) },
      { label: 'Dossier de séance', href: `${PACK_PATH}${queryString(p.q, { depuis: p.since })}` },
      { label: 'PDF indisponible' },
    ],
    body: html`<h1 class="fr-mt-2w">Le PDF ne peut pas être produit sur ce serveur</h1>
      <p>
        Le dossier de séance est imprimé en PDF par le navigateur Chromium, qui n’est pas installé
        sur ce serveur ou n’a pas pu démarrer.
      </p>
      <p>
        Pour l’équipe d’exploitation&#8239;: installer Chromium (sous Debian ou Ubuntu,
        <code>apt-get install chromium</code>&#8239;; l’image Docker du projet l’inclut), ou
        indiquer son chemin dans la variable <code>CHROMIUM_PATH</code>, puis redémarrer le service.
      </p>
      <p>
        En attendant, le dossier s’imprime depuis votre navigateur avec la même mise en page A4
        (Ctrl+P, ou «&#8239;Enregistrer au format PDF&#8239;»).
      </p>
      <p>
        <a class="fr-btn" href="${PACK_PATH}${queryString(p.q, { depuis: p.since })}"
          >Ouvrir le dossier de séance</a
        >
      </p>`,
  });
