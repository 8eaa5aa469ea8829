import { frenchDate, parisDateOf } from '@cosinum/domain';
import { ministryShortName, type DashboardQuery, type FieldError } from '@cosinum/presentation';
import { queryString } from './query-string';
import { html, raw, type Html, type Interpolation } from './html';
import { PRINT_STYLE } from './print-style';
import type { Viewer } from './viewer';

export const SERVICE = 'Suivi des engagements COSINUM';
export const BASE = '/tableau-de-bord';

export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

export interface PageOptions {
  /** The page's own title; the service name is appended. */
  readonly title: string;
  readonly crumbs?: readonly Crumb[];
  readonly body: Html;
  /** Extra skip links, for pages with a filter form. */
  readonly skipLinks?: readonly { href: string; label: string }[];
  /** The rule set the page's states were evaluated under, worded (`rulesText`). */
  readonly rules?: string;
  /** Who looks: the header's menu follows the role, and signing out is a form with its token. */
  readonly viewer?: Viewer;
  /** A page's own style (the meeting pack's paper layout), after the shared one. */
  readonly head?: Html;
}

/** The header's entries a role may use (the routes check again: this is only what is shown). */
const toolLinks = (viewer: Viewer | undefined): Html[] => {
  const role = viewer?.identity.role;
  const links: Html[] = [];
  if (role === 'ministry' || role === 'analyst')
    links.push(
      html`<li>
        <a class="fr-btn fr-icon-edit-line" href="${BASE}/a-renseigner">À renseigner</a>
      </li>`,
    );
  if (role === 'analyst')
    links.push(
      html`<li>
        <a class="fr-btn fr-icon-add-line" href="${BASE}/engagements/nouveau">Nouvel engagement</a>
      </li>`,
    );
  links.push(
    html`<li>
      <a class="fr-btn fr-icon-file-text-line" href="/api/docs">Documentation de l’API</a>
    </li>`,
  );
  links.push(
    viewer?.csrf !== undefined
      ? html`<li>
          <form method="post" action="/deconnexion" class="cz-inline-form">
            <input type="hidden" name="_csrf" value="${viewer.csrf}" />
            <button class="fr-btn fr-icon-logout-box-r-line" type="submit">Se déconnecter</button>
          </form>
        </li>`
      : html`<li>
          <a class="fr-btn fr-icon-logout-box-r-line" href="/deconnexion">Se déconnecter</a>
        </li>`,
  );
  return links;
};

/** Colours of the heatmap: DSFR "flat" backgrounds with their inverted text (contrast ≥ 4.5:1). */
const STYLE = raw(`<style>
.cz-inline-form{display:inline;margin:0}
.fr-btn.cz-btn--danger{background-color:var(--background-action-high-error);color:var(--text-inverted-error)}
.fr-btn.cz-btn--danger:hover{background-color:var(--background-action-high-error-hover)}
.cz-form{max-width:48rem}
@media (min-width:48em){.cz-ministry-boxes{columns:2;column-gap:2rem}}
.cz-optional{font-weight:400;color:var(--text-mention-grey)}
.cz-mail{white-space:pre-wrap;font-family:inherit;background:#f6f6f6;padding:1rem}
.fr-table caption{white-space:normal;max-width:100%;font-size:1.125rem;line-height:1.5rem}
.cz-heatmap .fr-table__content table{border-collapse:separate;border-spacing:2px;width:auto}
.cz-heatmap .fr-table__content th,.cz-heatmap .fr-table__content td{padding:.125rem .25rem;font-size:.75rem;line-height:1.25rem;text-align:center;white-space:nowrap}
.cz-heatmap .fr-table__content thead th{vertical-align:bottom;position:relative}
.cz-heatmap .fr-table__content td{position:relative}
.cz-heatmap .fr-table__content th[scope=row]{text-align:left;position:sticky;left:0;z-index:3;min-width:12rem;padding-left:.5rem}
.cz-heatmap .fr-table__content th[scope=colgroup]{text-align:left;white-space:normal;vertical-align:bottom;min-width:4.5rem}
.cz-heatmap .fr-table__content td.cz-c{min-width:2.25rem;font-weight:700;background-image:none}
.cz-heatmap .fr-table__content td.cz-overdue,.cz-legend .cz-overdue{background-color:var(--background-flat-error);color:var(--text-inverted-error)}
.cz-heatmap .fr-table__content td.cz-at_risk,.cz-legend .cz-at_risk{background-color:var(--background-flat-warning);color:var(--text-inverted-warning)}
.cz-heatmap .fr-table__content td.cz-on_track,.cz-legend .cz-on_track{background-color:var(--background-flat-info);color:var(--text-inverted-info)}
.cz-heatmap .fr-table__content td.cz-met,.cz-legend .cz-met{background-color:var(--background-flat-success);color:var(--text-inverted-success)}
.cz-heatmap .fr-table__content td.cz-exempt,.cz-legend .cz-exempt{background-color:var(--background-contrast-grey);color:var(--text-default-grey)}
.cz-heatmap .fr-table__content td.cz-withdrawn,.cz-legend .cz-withdrawn{background-color:var(--background-contrast-grey);color:var(--text-default-grey);text-decoration:line-through}
.cz-heatmap .fr-table__content td.cz-none,.cz-legend .cz-none{background-color:transparent;color:var(--text-mention-grey)}
.cz-heatmap .fr-table__content td.cz-out,.cz-legend .cz-out{background-color:var(--background-alt-grey);color:var(--text-mention-grey)}
.cz-legend{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;padding:0}
.cz-legend li{display:flex;align-items:center;gap:.5rem;padding:0}
.cz-legend .cz-c{display:inline-block;min-width:2.5rem;text-align:center;font-size:.75rem;font-weight:700;padding:0 .25rem}
.cz-map-list{display:none}
.cz-ministry-list{list-style:none;margin:0 0 1.5rem;padding:0}
.cz-ministry-list__item{padding:.5rem 0 .75rem;border-bottom:1px solid var(--border-default-grey)}
.cz-ministry-counts{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;padding:0}
.cz-ministry-counts li{padding:0}
.cz-ministry-counts .cz-count-detail{font-size:.875rem;color:var(--text-mention-grey)}
.cz-ministry-list__item h3 a{display:inline-block;min-height:2.75rem;padding:.625rem 0 0}
@media (max-width:47.99em){
.cz-map-list--narrow{display:block}
.cz-wide-only{display:none}
.cz-heatmap .fr-table__content th[scope=row]{min-width:6.5rem;max-width:8rem;white-space:normal;line-height:1rem}
}
.cz-chart{max-width:44rem}
.cz-chart svg{width:100%;height:auto;display:block}
.cz-swatch{display:inline-block;width:1.5rem;height:0;border-top:3px solid;vertical-align:middle;margin-right:.25rem}
.cz-counts{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0}
.cz-counts li{padding:0}
.fr-table .fr-badge{white-space:nowrap}
.fr-table .fr-table__wrapper{max-width:100%}
.fr-table .fr-table__container{position:relative}
.fr-table .fr-table__content td.cz-nowrap{white-space:nowrap}
.cz-actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between}
.cz-heatmap .fr-table__content td.cz-silent,.cz-legend .cz-silent{outline:2px dashed currentColor;outline-offset:-4px}
.cz-counts .cz-count-detail{font-size:.875rem;color:var(--text-mention-grey);margin-left:.25rem}
.cz-progress{display:inline-flex;align-items:center;gap:.5rem;white-space:nowrap}
.cz-progress__track{display:inline-block;width:5rem;height:.5rem;background-color:var(--background-contrast-grey);box-shadow:inset 0 0 0 1px var(--border-default-grey)}
.cz-progress__fill{display:block;height:100%;background-color:var(--background-active-blue-france)}
.cz-progress__value{font-variant-numeric:tabular-nums;min-width:3.5rem}
.cz-progress--large .cz-progress__track{width:12rem;height:.75rem}
.fr-badge.cz-silent-badge{background-color:var(--background-contrast-grey);color:var(--text-default-grey);border:1px dashed var(--border-plain-grey)}
.cz-figures{display:flex;flex-wrap:wrap;gap:1rem 3rem;margin:0 0 1.5rem 0;padding:0;list-style:none}
.cz-figures li{padding:0}
.cz-figures .cz-figure__label{display:block;font-size:.875rem;color:var(--text-mention-grey)}
.cz-figures .cz-figure__value{font-size:1.25rem;font-weight:700}
.cz-rules{color:var(--text-mention-grey)}
.cz-reasons{min-width:16rem}
.fr-table .fr-table__content td.cz-latest{min-width:11rem}
.cz-diamond{display:inline-block;width:.625rem;height:.625rem;margin:0 .5rem 0 .25rem;transform:rotate(45deg);border:2px solid #000091;background:#000091;vertical-align:middle}
</style>`);

const breadcrumb = (crumbs: readonly Crumb[]) =>
  crumbs.length === 0
    ? ''
    : html`<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici&#8239;:">
        <button class="fr-breadcrumb__button" aria-expanded="false" aria-controls="fil-ariane">
          Voir le fil d’Ariane
        </button>
        <div class="fr-collapse" id="fil-ariane">
          <ol class="fr-breadcrumb__list">
            ${crumbs.map((c) =>
              c.href
                ? html`<li><a class="fr-breadcrumb__link" href="${c.href}">${c.label}</a></li>`
                : html`<li><a class="fr-breadcrumb__link" aria-current="page">${c.label}</a></li>`,
            )}
          </ol>
        </div>
      </nav>`;

export const layout = (options: PageOptions): Html =>
  html`<!doctype html>
    <html lang="fr" data-fr-scheme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no" />
        <title>${options.title} — ${SERVICE}</title>
        <link rel="stylesheet" href="/dsfr/dsfr.min.css" />
        <link rel="stylesheet" href="/dsfr/utility/icons/icons.min.css" />
        ${STYLE} ${PRINT_STYLE} ${options.head ?? ''}
      </head>
      <body>
        <div class="fr-skiplinks">
          <nav class="fr-container" role="navigation" aria-label="Accès rapide">
            <ul class="fr-skiplinks__list">
              <li><a class="fr-link" href="#contenu">Contenu</a></li>
              ${(options.skipLinks ?? []).map((l) => html`<li><a class="fr-link" href="${l.href}">${l.label}</a></li>`)}
              <li><a class="fr-link" href="#pied-de-page">Pied de page</a></li>
            </ul>
          </nav>
        </div>
        <header role="banner" class="fr-header">
          <div class="fr-header__body">
            <div class="fr-container">
              <div class="fr-header__body-row">
                <div class="fr-header__brand fr-enlarge-link">
                  <div class="fr-header__brand-top">
                    <div class="fr-header__logo">
                      <p class="fr-logo">République<br />Française</p>
                    </div>
                    <div class="fr-header__navbar">
                      <button
                        class="fr-btn--menu fr-btn"
                        data-fr-opened="false"
                        aria-controls="menu-principal"
                        aria-haspopup="menu"
                        id="bouton-menu"
                        title="Menu"
                      >
                        Menu
                      </button>
                    </div>
                  </div>
                  <div class="fr-header__service">
                    <a href="${BASE}" title="Accueil — ${SERVICE}"
                      ><p class="fr-header__service-title">${SERVICE}</p></a
                    >
                    <p class="fr-header__service-tagline">
                      Tableau de bord des engagements numériques de l’État
                    </p>
                  </div>
                </div>
                <div class="fr-header__tools">
                  <div class="fr-header__tools-links">
                    <ul class="fr-btns-group">
                      ${toolLinks(options.viewer)}
                    </ul>
                  </div>
                </div>
              </div>
            </div>
          </div>
          <!-- The DSFR copies the header's tools into this menu on narrow screens. -->
          <div class="fr-header__menu fr-modal" id="menu-principal" aria-labelledby="bouton-menu">
            <div class="fr-container">
              <button class="fr-btn--close fr-btn" aria-controls="menu-principal" title="Fermer">
                Fermer
              </button>
              <div class="fr-header__menu-links"></div>
            </div>
          </div>
        </header>
        <main role="main" id="contenu" tabindex="-1">
          <div class="fr-container fr-pb-6w">
            ${breadcrumb(options.crumbs ?? [])} ${options.body}
          </div>
        </main>
        <footer class="fr-footer" role="contentinfo" id="pied-de-page">
          <div class="fr-container">
            <div class="fr-footer__body">
              <div class="fr-footer__brand fr-enlarge-link">
                <a href="${BASE}" title="Retour à l’accueil du tableau de bord"
                  ><p class="fr-logo">République<br />Française</p></a
                >
              </div>
              <div class="fr-footer__content">
                <p class="fr-footer__content-desc">
                  Suivi des échéances et des engagements décidés par le comité interministériel du
                  numérique (COSINUM), tenu par la direction interministérielle du numérique
                  (DINUM). Chaque décision, déclaration d’avancement, report ou exemption est un
                  fait enregistré et daté.
                </p>
                <ul class="fr-footer__content-list">
                  <li class="fr-footer__content-item">
                    <a class="fr-footer__content-link" href="https://www.numerique.gouv.fr"
                      >numerique.gouv.fr</a
                    >
                  </li>
                  <li class="fr-footer__content-item">
                    <a class="fr-footer__content-link" href="https://www.gouvernement.fr"
                      >gouvernement.fr</a
                    >
                  </li>
                  <li class="fr-footer__content-item">
                    <a class="fr-footer__content-link" href="https://www.service-public.fr"
                      >service-public.fr</a
                    >
                  </li>
                </ul>
              </div>
            </div>
            <div class="fr-footer__bottom">
              <ul class="fr-footer__bottom-list">
                <li class="fr-footer__bottom-item">
                  <span class="fr-footer__bottom-link"
                    >Accessibilité&#8239;: partiellement conforme</span
                  >
                </li>
                ${options.rules ? html`<li class="fr-footer__bottom-item"><span class="fr-footer__bottom-link cz-rules" id="regles">Règles d’évaluation des états&#8239;: ${options.rules}</span></li>` : ''}
                <li class="fr-footer__bottom-item">
                  <a class="fr-footer__bottom-link" href="/api/docs">API</a>
                </li>
              </ul>
              <div class="fr-footer__bottom-copy">
                <p>
                  Sauf mention contraire, tous les contenus de ce site sont sous licence etalab-2.0
                </p>
              </div>
            </div>
          </div>
        </footer>
        <p class="cz-print-only cz-print-footer">
          ${SERVICE} — direction interministérielle du numérique (DINUM)
        </p>
        <script type="module" src="/dsfr/dsfr.module.min.js"></script>
      </body>
    </html>`;

/** "Situation au …, selon les faits enregistrés au …": always said, never implied. */
export const momentSentence = (q: DashboardQuery): Html =>
  html`Situation au <strong>${frenchDate(parisDateOf(q.moment.asOf))}</strong>, selon les
    informations enregistrées au
    <strong>${frenchDate(parisDateOf(q.moment.knownAt))}</strong
    >${!q.time.asOf && !q.time.knownAt ? ' (aujourd’hui)' : ''}.`;

/** The rule set under the page's lead paragraph, discreetly: which rules made these states. */
export const rulesLine = (rules: string): Html =>
  html`<p class="fr-text--xs cz-rules fr-mt-n2w">États évalués selon les règles ${rules}.</p>`;

/** The two date inputs every page has. `idPrefix` keeps ids unique. */
export const timeInputs = (
  q: DashboardQuery,
  idPrefix = 'moment',
  col = 'fr-col-12 fr-col-md-6',
): Html =>
  html` <div class="${col}">
      <div class="fr-input-group">
        <label class="fr-label" for="${idPrefix}-asOf"
          >Situation au<span class="fr-hint-text"
            >État évalué en fin de journée (Paris)</span
          ></label
        >
        <input
          class="fr-input"
          type="date"
          id="${idPrefix}-asOf"
          name="asOf"
          value="${parisDateOf(q.moment.asOf)}"
          min="2000-01-01"
          max="2100-12-31"
        />
      </div>
    </div>
    <div class="${col}">
      <div class="fr-input-group">
        <label class="fr-label" for="${idPrefix}-knownAt"
          >Selon les informations connues au<span class="fr-hint-text"
            >Faits enregistrés jusqu’à cette date</span
          ></label
        >
        <input
          class="fr-input"
          type="date"
          id="${idPrefix}-knownAt"
          name="knownAt"
          value="${parisDateOf(q.moment.knownAt)}"
          min="2000-01-01"
          max="2100-12-31"
        />
      </div>
    </div>`;

/** A page's own time control form: the two dates, and the hidden parameters it must keep. */
export const timeControl = (
  q: DashboardQuery,
  action: string,
  hidden: Record<string, string | undefined> = {},
): Html =>
  html` <form
    method="get"
    action="${action}"
    id="moment"
    class="fr-mb-4w"
    aria-labelledby="moment-titre"
  >
    <fieldset class="fr-fieldset">
      <legend class="fr-fieldset__legend" id="moment-titre">Moment du tableau de bord</legend>
      ${Object.entries(hidden).map(([k, v]) => (v === undefined ? '' : html`<input type="hidden" name="${k}" value="${v}" />`))}
      <div class="fr-grid-row fr-grid-row--gutters fr-col-12">${timeInputs(q)}</div>
      <div class="fr-col-12">
        <button class="fr-btn fr-btn--secondary" type="submit">Afficher à ces dates</button>
      </div>
    </fieldset>
  </form>`;

export const errorsAlert = (errors: readonly FieldError[]): Interpolation =>
  errors.length === 0
    ? ''
    : html`<div class="fr-alert fr-alert--warning fr-mb-3w" role="alert">
        <h2 class="fr-alert__title">Paramètres ignorés</h2>
        <ul>
          ${errors.map((e) => html`<li>${e.message}</li>`)}
        </ul>
      </div>`;

/**
 * A DSFR data table (small, multiline, scrolling sideways on a narrow screen): a caption, column
 * headers, and rows already built. The part that scrolls can take the keyboard's focus (arrow keys
 * then scroll it), for tables whose cells hold no link to tab to (axe: scrollable-region-focusable),
 * and is named by the caption when the table has an id.
 */
export const dataTable = (table: {
  readonly caption: Interpolation;
  readonly columns: readonly string[];
  readonly rows: Interpolation;
  readonly id?: string;
}): Html =>
  html`<div
    class="fr-table fr-table--sm fr-table--multiline"
    ${table.id ? html`id="${table.id}"` : ''}
  >
    <div class="fr-table__wrapper">
      <div
        class="fr-table__container"
        tabindex="0"
        ${table.id ? html`role="region" aria-labelledby="${table.id}-intitule"` : ''}
      >
        <div class="fr-table__content">
          <table>
            <caption ${table.id ? html`id="${table.id}-intitule"` : ''}>
              ${table.caption}
            </caption>
            <thead>
              <tr>
                ${table.columns.map((c) => html`<th scope="col">${c}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${table.rows}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  </div>`;

/** A ministry as a row header, linking to its page. */
export const ministryRowHeader = (q: Pick<DashboardQuery, 'time'>, code: string): Html =>
  html`<th scope="row">
    <a href="${link(`${BASE}/ministeres/${code}`, q)}">${ministryShortName(code)}</a>
  </th>`;

export const link = (path: string, q: Pick<DashboardQuery, 'time'>, extra = {}): string =>
  `${path}${queryString(q, extra)}`;
