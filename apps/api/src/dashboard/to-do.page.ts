import { frenchDate, type CalendarDate } from '@cosinum/domain';
import { organisationInText, type AwaitingItem } from '@cosinum/presentation';
import { badge } from './commitment.page';
import { doneNotice } from './forms/form-kit';
import { html, type Html, type Interpolation } from './html';
import { BASE, dataTable, layout } from './layout';
import { deadlineCell, latestCell, silentBadge } from './progress.html';
import type { Viewer } from './viewer';

export interface ToDoPageInput {
  readonly viewer: Viewer;
  readonly ministry: { readonly code: string; readonly name: string };
  readonly today: CalendarDate;
  readonly awaiting: readonly AwaitingItem[];
  /** Open items of the ministry (not met, exempt or withdrawn), awaiting or not. */
  readonly open: number;
  /** The notice after a declaration or an import. */
  readonly done?: Interpolation;
  /** For an analyst: the other ministries, to switch. */
  readonly ministries?: readonly { readonly code: string; readonly name: string }[];
}

/** `?ministere=CODE` on an analyst's links (a ministry's own pages need none). */
export const onBehalf = (viewer: Viewer, ministry: string): string =>
  viewer.identity.role === 'ministry' ? '' : `?ministere=${encodeURIComponent(ministry)}`;

/**
 * A ministry's to-do page: what awaits a declaration from it today, most pressing first, each
 * with why and a « Déclarer » button; and the way to declare many values at once (a file).
 */
export const toDoPage = (p: ToDoPageInput): Html => {
  const { ministry, viewer } = p;
  const analyst = viewer.identity.role !== 'ministry';
  const n = p.awaiting.length;
  const own = organisationInText(ministry.code, 'de');
  return layout({
    viewer,
    title: `À renseigner — ${ministry.name}`,
    crumbs: [{ label: 'Vue d’ensemble', href: BASE }, { label: 'À renseigner' }],
    body: html`<h1 class="fr-mt-2w">À renseigner</h1>
      <p class="fr-text--lead">
        ${
          analyst
            ? html`Les engagements ${own} qui attendent une déclaration, au ${frenchDate(p.today)}.`
            : html`Les engagements qui attendent une déclaration de votre part, au
              ${frenchDate(p.today)}.`
        }
      </p>
      ${p.done ? doneNotice(p.done) : ''}
      ${
        analyst && p.ministries
          ? html`<form method="get" action="${BASE}/a-renseigner" class="fr-mb-4w">
              <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
                <div class="fr-col-12 fr-col-md-6">
                  <div class="fr-select-group">
                    <label class="fr-label" for="a-renseigner-ministere"
                      >Ministère<span class="fr-hint-text"
                        >Vous déclarez pour le compte du ministère choisi&#8239;: la déclaration est
                        enregistrée à votre nom.</span
                      ></label
                    >
                    <select class="fr-select" id="a-renseigner-ministere" name="ministere">
                      ${p.ministries.map(
                        (m) =>
                          html`<option
                            value="${m.code}"
                            ${m.code === ministry.code ? 'selected' : ''}
                          >
                            ${m.name}
                          </option>`,
                      )}
                    </select>
                  </div>
                </div>
                <div class="fr-col-12 fr-col-md-3">
                  <button class="fr-btn fr-btn--secondary" type="submit">Afficher</button>
                </div>
              </div>
            </form>`
          : ''
      }
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mb-3w">
        <li>
          <a
            class="fr-btn fr-btn--secondary fr-icon-upload-line"
            href="${BASE}/import${onBehalf(viewer, ministry.code)}"
            >Déclarer plusieurs valeurs par un fichier</a
          >
        </li>
      </ul>
      <p>
        <a
          class="fr-link fr-icon-arrow-right-line fr-link--icon-right"
          href="${BASE}/ministeres/${ministry.code}"
          >Tous les engagements ${own}</a
        >
      </p>
      ${
        n === 0
          ? html`<div class="fr-callout">
              <h2 class="fr-callout__title">Rien à déclarer pour le moment</h2>
              <p class="fr-callout__text">
                ${
                  p.open === 0
                    ? 'Aucun engagement ouvert n’est assigné à ce ministère.'
                    : html`Les ${p.open} engagement${p.open > 1 ? 's' : ''}
                      ouvert${p.open > 1 ? 's' : ''} ${own} ${p.open > 1 ? 'sont' : 'est'} à jour,
                      et aucune échéance ne tombe dans les 30 prochains jours.`
                }
              </p>
            </div>`
          : html`<p>
                <strong>${n} engagement${n > 1 ? 's' : ''}</strong> sur ${p.open}
                ouvert${p.open > 1 ? 's' : ''} ${n > 1 ? 'attendent' : 'attend'} une
                déclaration&#8239;: une valeur atteinte à une date, ou la réalisation d’une action.
              </p>
              ${dataTable({
                id: 'a-renseigner',
                caption: `Engagements ${own} à renseigner, du plus pressant au moins pressant`,
                columns: ['Engagement', 'Pourquoi', 'Dernière déclaration', 'Échéance', 'Action'],
                rows: p.awaiting.map(
                  ({ item, why }) =>
                    html`<tr>
                      <th scope="row">
                        <a href="${BASE}/engagements/${item.commitmentId}">${item.title}</a>
                        <br />${badge(item.state)} ${silentBadge(item)}
                      </th>
                      <td>
                        <ul class="fr-text--sm fr-mb-0 cz-reasons">
                          ${why.map((w) => html`<li>${w}</li>`)}
                        </ul>
                      </td>
                      <td class="cz-latest">${latestCell(item)}</td>
                      <td class="cz-nowrap">${deadlineCell(item)}</td>
                      <td>
                        <a
                          class="fr-btn fr-btn--sm"
                          href="${BASE}/engagements/${item.commitmentId}/avancement${onBehalf(viewer, ministry.code)}"
                          >Déclarer<span class="fr-sr-only">&#8239;: ${item.title}</span></a
                        >
                      </td>
                    </tr>`,
                ),
              })}`
      }`,
  });
};

/** An analyst's entry to the to-do pages: every ministry, with how many items await it. */
export const toDoIndexPage = (p: {
  readonly viewer: Viewer;
  readonly today: CalendarDate;
  readonly rows: readonly {
    readonly code: string;
    readonly name: string;
    readonly awaiting: number;
    readonly open: number;
  }[];
}): Html =>
  layout({
    viewer: p.viewer,
    title: 'À renseigner',
    crumbs: [{ label: 'Vue d’ensemble', href: BASE }, { label: 'À renseigner' }],
    body: html`<h1 class="fr-mt-2w">À renseigner</h1>
      <p class="fr-text--lead">
        Ce que chaque ministère doit encore déclarer, au ${frenchDate(p.today)}&#8239;: un
        engagement sans déclaration, dont la dernière valeur n’est plus à jour, dont l’échéance est
        dépassée ou tombe dans les 30 prochains jours. Choisissez un ministère pour déclarer en son
        nom.
      </p>
      ${dataTable({
        id: 'ministeres',
        caption: 'Ministères, de celui qui a le plus d’engagements à renseigner au moins',
        columns: ['Ministère', 'Engagements à renseigner', 'Engagements ouverts'],
        rows: p.rows.map(
          (r) =>
            html`<tr>
              <th scope="row">
                <a href="${BASE}/a-renseigner?ministere=${r.code}">${r.name}</a>
              </th>
              <td>${r.awaiting}</td>
              <td>${r.open}</td>
            </tr>`,
        ),
      })}`,
  });
