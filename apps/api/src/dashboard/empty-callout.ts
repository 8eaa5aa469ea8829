import type { DashboardQuery, EmptyViewReason } from '@cosinum/presentation';
import { html, type Html } from './html';
import { queryString } from './query-string';

/**
 * An empty view says why: nothing recorded or decided yet at the chosen dates (with a link to the
 * first dates that show something, the filters kept), or nothing matching the filters.
 */
export const emptyCallout = (
  q: DashboardQuery,
  path: string,
  reason: EmptyViewReason | undefined,
  otherwise = 'Aucun engagement ne correspond à ces filtres à cette date.',
): Html =>
  reason
    ? html`<div class="fr-callout" id="vide">
        <p class="fr-callout__text">${reason.text}</p>
        <a
          class="fr-btn fr-btn--secondary"
          href="${path}${queryString({
            ...q,
            time: { asOf: reason.asOf, knownAt: reason.knownAt },
          })}"
          >${reason.label}</a
        >
      </div>`
    : html`<div class="fr-callout" id="vide">
        <p class="fr-callout__text">${otherwise}</p>
      </div>`;
