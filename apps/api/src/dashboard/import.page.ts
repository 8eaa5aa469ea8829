import type { CatalogueIssue, ProgressFile, ProgressLine, RowOutcome } from '@cosinum/catalogue';
import { ministryShortName, organisationInText } from '@cosinum/presentation';
import { csrfField, errorSummary, titleWithErrors } from './forms/form-kit';
import { html, raw, type Html, type Interpolation } from './html';
import { BASE, dataTable, layout } from './layout';
import type { Viewer } from './viewer';

export const IMPORT = `${BASE}/import`;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TITLE = 'Déclarer l’avancement par fichier';
const CRUMBS = (last?: string) => [
  { label: 'Vue d’ensemble', href: BASE },
  ...(last ? [{ label: TITLE, href: IMPORT }, { label: last }] : [{ label: TITLE }]),
];

/** The preview's own styles: each line's errors as a plain list, room for ids and titles. */
const STYLE = raw(`<style>
.cz-row-errors{list-style:none;padding:0;margin:0}
.cz-row-errors li{padding:0}
.cz-row-errors .fr-error-text{font-size:.875rem}
.fr-table .fr-table__content th.cz-id{min-width:13rem;font-weight:400;font-size:.875rem;overflow-wrap:anywhere}
.fr-table .fr-table__content td.cz-title{min-width:16rem}
</style>`);

/** Whether this viewer may import for that ministry: the ministry itself, and analysts. */
const mayImport = (viewer: Viewer | undefined, code: string): boolean =>
  viewer?.identity.role === 'analyst' ||
  (viewer?.identity.role === 'ministry' && viewer.identity.ministry === code);

/** The ministry page's button to the import, for the ministry itself and for analysts. */
export const importButton = (viewer: Viewer | undefined, code: string): Interpolation =>
  mayImport(viewer, code)
    ? html`<ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--icon-left fr-mb-2w">
        <li>
          <a
            class="fr-btn fr-btn--secondary fr-icon-upload-line"
            href="${IMPORT}?ministere=${encodeURIComponent(code)}"
            >Déclarer l’avancement par fichier</a
          >
        </li>
      </ul>`
    : '';

export interface ImportPageInput {
  readonly viewer: Viewer;
  /** For an analyst: the ministries to choose a template for (codes), and the one chosen. */
  readonly ministries?: readonly string[];
  readonly chosen?: string;
  /** What is wrong with the upload itself (no file, unreadable), in French. */
  readonly fileError?: string;
  /** The largest file that can be confirmed, in bytes (its base64 must fit in the body limit). */
  readonly maxBytes: number;
}

/** « 750 Ko », « 3 Mo »: a size as a person reads it, rounded down. */
const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${Math.floor((bytes / (1024 * 1024)) * 10) / 10} Mo`.replace('.', ',')
    : `${Math.floor(bytes / 1024 / 50) * 50 || Math.floor(bytes / 1024)} Ko`;

const templateLinks = (p: ImportPageInput): Html => {
  const own = p.viewer.identity.role === 'ministry' ? p.viewer.identity.ministry : undefined;
  if (own)
    return html`<ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
      <li>
        <a class="fr-btn fr-btn--secondary fr-icon-download-line" href="${BASE}/modele.xlsx"
          >Modèle Excel (.xlsx)</a
        >
      </li>
      <li>
        <a class="fr-btn fr-btn--tertiary fr-icon-download-line" href="${BASE}/modele.csv"
          >Modèle CSV</a
        >
      </li>
    </ul>`;
  return html`<form method="get" action="${BASE}/modele.xlsx" id="modele" class="fr-mb-2w">
    <div class="fr-select-group">
      <label class="fr-label" for="modele-ministere"
        >Ministère du modèle<span class="fr-hint-text"
          >Le modèle liste les engagements encore ouverts de ce ministère.</span
        ></label
      >
      <select class="fr-select" id="modele-ministere" name="ministere" required>
        ${(p.ministries ?? []).map(
          (code) =>
            html`<option value="${code}" ${code === p.chosen ? 'selected' : ''}>
              ${ministryShortName(code)} (${code})
            </option>`,
        )}
      </select>
    </div>
    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
      <li>
        <button class="fr-btn fr-btn--secondary fr-icon-download-line" type="submit">
          Modèle Excel (.xlsx)
        </button>
      </li>
      <li>
        <button
          class="fr-btn fr-btn--tertiary fr-icon-download-line"
          type="submit"
          formaction="${BASE}/modele.csv"
        >
          Modèle CSV
        </button>
      </li>
    </ul>
  </form>`;
};

/** The upload form; its one field is `fichier`. */
const uploadForm = (viewer: Viewer, maxBytes: number, error?: string): Html =>
  html`<form
    method="post"
    action="${IMPORT}"
    enctype="multipart/form-data"
    id="import"
    aria-labelledby="deposer"
  >
    ${csrfField(viewer)}
    <div class="fr-upload-group${error ? ' fr-upload-group--error' : ''} fr-mb-3w">
      <label class="fr-label" for="import-fichier"
        >Fichier rempli<span class="fr-hint-text"
          >Formats acceptés&#8239;: classeur Excel (.xlsx) ou CSV («&#8239;CSV UTF-8 (délimité par
          des points-virgules)&#8239;»). Taille maximale&#8239;:
          ${sizeText(maxBytes).replace(' ', '\u00a0')}.</span
        ></label
      >
      <input
        class="fr-upload"
        type="file"
        id="import-fichier"
        name="fichier"
        accept=".xlsx,.csv,text/csv,${XLSX_TYPE}"
        required
        ${error ? html`aria-invalid="true" aria-describedby="import-fichier-erreur"` : ''}
      />
      ${error ? html`<p id="import-fichier-erreur" class="fr-error-text">${error}</p>` : ''}
    </div>
    <button class="fr-btn fr-icon-search-line fr-btn--icon-left" type="submit">
      Vérifier le fichier
    </button>
  </form>`;

/** `GET /tableau-de-bord/import`: how to, the templates and the upload form. */
export const importPage = (p: ImportPageInput): Html => {
  const errors: Record<string, string> = p.fileError ? { fichier: p.fileError } : {};
  return layout({
    viewer: p.viewer,
    title: titleWithErrors(TITLE, errors),
    crumbs: CRUMBS(),
    body: html`<h1 class="fr-mt-2w">${TITLE}</h1>
      ${errorSummary('import', errors, { fichier: 'Fichier rempli' })}
      <p class="fr-text--lead">
        Téléchargez le modèle&#8239;: une ligne par engagement encore ouvert, avec sa dernière
        valeur. Remplissez «&#8239;valeur&#8239;» et «&#8239;date&#8239;» des engagements à
        déclarer, laissez les autres lignes telles quelles, puis déposez le fichier.
      </p>
      <p>
        Rien n’est enregistré avant votre confirmation&#8239;: vous verrez d’abord chaque ligne et
        toutes les erreurs du fichier.
      </p>
      <section aria-labelledby="modeles" class="fr-mb-4w cz-screen-only">
        <h2 id="modeles">1. Télécharger le modèle</h2>
        ${templateLinks(p)}
      </section>
      <section aria-labelledby="deposer" class="cz-screen-only">
        <h2 id="deposer">2. Déposer le fichier rempli</h2>
        ${uploadForm(p.viewer, p.maxBytes, p.fileError)}
      </section>`,
  });
};

export interface PreviewInput {
  readonly viewer: Viewer;
  readonly file: ProgressFile;
  readonly issues: readonly CatalogueIssue[];
  readonly outcomes: ReadonlyMap<number, RowOutcome>;
  /** Titles by external id, as recorded. */
  readonly titles: ReadonlyMap<string, string>;
  /** The file, base64, when the confirmation may carry it (within the body limit). */
  readonly encoded?: string;
}

/** Errors listed in the summary; every one stays on its line in the table. */
const SUMMARY_MAX = 200;
const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 });

/** « Ligne 3, colonne « valeur » » (the header's own name), or just the line. */
const where = (i: CatalogueIssue): string =>
  i.path && !/^column \d+$/.test(i.path)
    ? `Ligne ${i.line}, colonne «\u202f${i.path}\u202f»`
    : i.path
      ? `Ligne ${i.line}, colonne ${i.column}`
      : `Ligne ${i.line}`;

const sentence = (text: string) => text.charAt(0).toLocaleUpperCase('fr') + text.slice(1);

const issueText = (i: CatalogueIssue): Html =>
  html`${sentence(i.messageFr ?? i.message)}.${
    i.expectedFr ? html` <span class="cz-expected">Attendu&#8239;: ${i.expectedFr}.</span>` : ''
  }`;

const outcomeText = (line: ProgressLine, outcome: RowOutcome | undefined): Interpolation => {
  if (line.untouched)
    return html`<span class="fr-badge fr-badge--sm fr-badge--no-icon">Ligne vide, ignorée</span>`;
  switch (outcome?.kind) {
    case 'record':
      return html`<p class="fr-badge fr-badge--sm fr-badge--info">À enregistrer</p>`;
    case 'replace':
      return html`<p class="fr-badge fr-badge--sm fr-badge--warning">
        Remplace ${NUMBER.format(outcome.replaces)}
      </p>`;
    case 'recorded':
      return html`<p class="fr-badge fr-badge--sm fr-badge--success">Déjà enregistré</p>`;
    case 'repeat':
      return html`<p class="fr-badge fr-badge--sm fr-badge--no-icon">
        Répète la ligne ${outcome.line}, ignorée
      </p>`;
    default:
      return '';
  }
};

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * The preview of a file: every error at once above, then every line with what will happen to
 * it; the confirmation carries the file itself when there is no error. Writes nothing.
 */
export const previewPage = (p: PreviewInput): Html => {
  const { file, issues } = p;
  const byLine = new Map<number, CatalogueIssue[]>();
  for (const i of issues) byLine.set(i.line, [...(byLine.get(i.line) ?? []), i]);
  const lines = file.lines;
  const count = (kind: RowOutcome['kind']) =>
    lines.filter((l) => !byLine.has(l.line) && p.outcomes.get(l.line)?.kind === kind).length;
  const toRecord = count('record') + count('replace');
  const untouched = lines.filter((l) => l.untouched).length;
  const errorTitle =
    issues.length === 1
      ? 'Le fichier contient une erreur'
      : `Le fichier contient ${issues.length} erreurs`;
  const title =
    issues.length > 0 ? `Erreur\u202f: vérification du fichier` : 'Vérification du fichier';
  const ministries = [...new Set(file.rows.map((r) => r.ministry))];
  return layout({
    viewer: p.viewer,
    title,
    crumbs: CRUMBS('Vérification du fichier'),
    skipLinks: [{ href: '#lignes', label: 'Lignes du fichier' }],
    body: html`${STYLE}
      <h1 class="fr-mt-2w">Vérification du fichier</h1>
      <p class="fr-text--lead">
        ${plural(lines.length, 'ligne lue', 'lignes lues')}${
          ministries.length === 1 ? ` pour ${organisationInText(ministries[0], 'le')}` : ''
        }&#8239;:
        ${[
          plural(toRecord, 'valeur à enregistrer', 'valeurs à enregistrer'),
          count('recorded') > 0 &&
            plural(count('recorded'), 'valeur déjà enregistrée', 'valeurs déjà enregistrées'),
          untouched > 0 && plural(untouched, 'ligne laissée vide', 'lignes laissées vides'),
          issues.length > 0 && plural(issues.length, 'erreur', 'erreurs'),
        ]
          .filter(Boolean)
          .join(', ')}.
      </p>
      ${
        issues.length > 0
          ? html`<div
              class="fr-alert fr-alert--error fr-mb-4w"
              role="alert"
              id="erreurs"
              tabindex="-1"
            >
              <h2 class="fr-alert__title">${errorTitle}&#8239;: rien n’a été enregistré</h2>
              <p>
                Corrigez ${issues.length > 1 ? 'ces erreurs' : 'cette erreur'} dans votre fichier,
                puis déposez-le de nouveau.
              </p>
              <ul>
                ${issues
                  .slice(0, SUMMARY_MAX)
                  .map(
                    (i) =>
                      html`<li>
                        ${
                          lines.some((l) => l.line === i.line)
                            ? html`<a href="#ligne-${i.line}">${where(i)}</a>`
                            : where(i)
                        }&#8239;:
                        ${issueText(i)}
                      </li>`,
                  )}
              </ul>
              ${
                issues.length > SUMMARY_MAX
                  ? html`<p>
                      … et ${issues.length - SUMMARY_MAX} autres erreurs, chacune sur sa ligne dans
                      le tableau ci-dessous.
                    </p>`
                  : ''
              }
            </div>`
          : toRecord === 0
            ? html`<div class="fr-alert fr-alert--info fr-mb-4w" role="status">
                <p>
                  Toutes les valeurs du fichier sont déjà enregistrées&#8239;: il n’y a rien à
                  confirmer.
                </p>
              </div>`
            : p.encoded === undefined
              ? html`<div class="fr-alert fr-alert--warning fr-mb-4w" role="alert">
                  <p>
                    Le fichier est trop volumineux pour être confirmé en une fois&#8239;:
                    découpez-le en plusieurs fichiers.
                  </p>
                </div>`
              : html`<form
                  method="post"
                  action="${IMPORT}/confirmation"
                  id="confirmation"
                  class="fr-mb-4w"
                >
                  ${csrfField(p.viewer)}
                  <input type="hidden" name="fichier" value="${p.encoded}" />
                  <p>
                    Aucune erreur&#8239;:
                    ${plural(toRecord, 'valeur sera enregistrée', 'valeurs seront enregistrées')} à
                    votre nom, toutes ensemble.
                  </p>
                  <button class="fr-btn fr-icon-check-line fr-btn--icon-left" type="submit">
                    Confirmer l’enregistrement
                  </button>
                </form>`
      }
      <ul class="fr-btns-group fr-btns-group--inline-md fr-mb-4w">
        <li>
          <a class="fr-btn fr-btn--secondary" href="${IMPORT}">Déposer un autre fichier</a>
        </li>
      </ul>
      <section aria-labelledby="lignes">
        <h2 id="lignes">Lignes du fichier</h2>
        ${
          lines.length === 0
            ? html`<p>Aucune ligne n’a pu être lue.</p>`
            : dataTable({
                id: 'apercu',
                caption: 'Chaque ligne du fichier et ce qui en sera fait',
                columns: [
                  'Ligne',
                  'Engagement',
                  'Titre',
                  'Ministère',
                  'Valeur',
                  'Date',
                  'Commentaire',
                  'Résultat',
                ],
                rows: lines.map((l) => {
                  const errors = byLine.get(l.line) ?? [];
                  const title = p.titles.get(l.cells.externalId ?? '') ?? l.cells.title;
                  return html`<tr id="ligne-${l.line}">
                    <td>${l.line}</td>
                    <th scope="row" class="cz-id">${l.cells.externalId || '—'}</th>
                    <td class="cz-title">${title || '—'}</td>
                    <td>${l.cells.ministry || '—'}</td>
                    <td>${l.cells.value || '—'}</td>
                    <td class="cz-nowrap">${displayDate(l.cells.on)}</td>
                    <td>${l.cells.note || ''}</td>
                    <td>
                      ${
                        errors.length > 0
                          ? html`<ul class="cz-row-errors">
                              ${errors.map(
                                (i) =>
                                  html`<li>
                                    <span class="fr-error-text fr-mt-0"
                                      >${
                                        /^column \d+$/.test(i.path) || !i.path
                                          ? ''
                                          : html`«&#8239;${i.path}&#8239;»&#8239;: `
                                      }${sentence(i.messageFr ?? i.message)}</span
                                    >
                                  </li>`,
                              )}
                            </ul>`
                          : outcomeText(l, p.outcomes.get(l.line))
                      }
                    </td>
                  </tr>`;
                }),
              })
        }
      </section>`,
  });
};

/** A date cell as the person wrote it; a spreadsheet's date cell (ISO) as JJ/MM/AAAA. */
const displayDate = (cell: string | undefined): string => {
  if (!cell) return '—';
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cell);
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : cell;
};

/** The French page of a template asked without (or with an unknown) ministry. */
export const templateRefusedPage = (viewer: Viewer, title: string, text: string): Html =>
  layout({
    viewer,
    title,
    crumbs: CRUMBS(title),
    body: html`<div class="fr-my-7w fr-grid-row fr-grid-row--gutters">
      <div class="fr-col-12 fr-col-md-8">
        <h1>${title}</h1>
        <p class="fr-text--lead fr-mb-3w">${text}</p>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li><a class="fr-btn" href="${IMPORT}">Choisir le ministère du modèle</a></li>
        </ul>
      </div>
    </div>`,
  });
