import { organisation } from '@cosinum/domain';
import type { Viewer } from './viewer';
import { html, type Html } from './html';
import { BASE, layout } from './layout';
import { organisationInText } from '@cosinum/presentation';

/**
 * The French 403 of the dashboard: a ministry asked for what is not its own. It says so, and
 * offers its own ministry's page (or the overview for the other roles).
 */
export const forbiddenPage = (ownMinistry?: string, viewer?: Viewer): string => {
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
      </ul>
    </div>
  </div>`;
  return String(layout({ viewer, title: 'Accès refusé', body }));
};

/**
 * A form refused as possibly sent from another site (no or wrong CSRF token, foreign origin):
 * nothing was recorded; the way on is to open the form again from the dashboard.
 */
export const refusedFormPage = (code: 'AUTH.CSRF' | 'AUTH.CROSS_ORIGIN', path: string): string => {
  const back = /^\/tableau-de-bord\/[\w\-/]*$/.test(path) ? path : BASE;
  const body: Html = html`<div class="fr-my-7w fr-grid-row fr-grid-row--gutters">
    <div class="fr-col-12 fr-col-md-8">
      <h1>Demande refusée</h1>
      <p class="fr-text--sm fr-mb-3w">Erreur 403</p>
      <p class="fr-text--lead fr-mb-3w">
        ${
          code === 'AUTH.CROSS_ORIGIN'
            ? 'Ce formulaire a été envoyé depuis un autre site que le tableau de bord\u202f: par précaution, rien n’a été enregistré.'
            : 'Ce formulaire n’a pas pu être vérifié (il a peut-être été ouvert avant votre dernière connexion)\u202f: rien n’a été enregistré.'
        }
      </p>
      <p class="fr-text--sm fr-mb-5w">
        Ouvrez de nouveau le formulaire depuis le tableau de bord et envoyez-le.
      </p>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li><a class="fr-btn" href="${back}">Ouvrir de nouveau le formulaire</a></li>
        <li><a class="fr-btn fr-btn--secondary" href="${BASE}">Vue d’ensemble</a></li>
      </ul>
    </div>
  </div>`;
  return String(layout({ title: 'Demande refusée', body }));
};
