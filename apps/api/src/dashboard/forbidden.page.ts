import { organisation } from '@cosinum/domain';
import { html, type Html } from './html';
import { BASE, layout } from './layout';
import { organisationInText } from '@cosinum/presentation';

/**
 * The French 403 of the dashboard: a ministry asked for what is not its own. It says so, and
 * offers its own ministry's page (or the overview for the other roles).
 */
export const forbiddenPage = (ownMinistry?: string): string => {
  const own = ownMinistry ? organisation(ownMinistry) : undefined;
  const body: Html = html`<div class="fr-my-7w fr-grid-row fr-grid-row--gutters">
    <div class="fr-col-12 fr-col-md-8">
      <h1>Accès refusé</h1>
      <p class="fr-text--sm fr-mb-3w">Erreur 403</p>
      <p class="fr-text--lead fr-mb-3w">
        ${
          own
            ? html`Votre accès est celui de ${own.name} : vous ne pouvez consulter que ses
              engagements.`
            : html`Votre rôle ne permet pas de consulter cette page.`
        }
      </p>
      <p class="fr-text--sm fr-mb-5w">
        Si vous pensez devoir y accéder, demandez un accès adapté à la DINUM.
      </p>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        ${
          own
            ? html`<li>
                <a class="fr-btn" href="${BASE}/ministeres/${own.code}"
                  >Les engagements ${organisationInText(own.code, 'de')}</a
                >
              </li>`
            : html`<li><a class="fr-btn" href="${BASE}">Vue d’ensemble</a></li>`
        }
        <li><a class="fr-btn fr-btn--secondary" href="/deconnexion">Se déconnecter</a></li>
      </ul>
    </div>
  </div>`;
  return String(layout({ title: 'Accès refusé', body }));
};
