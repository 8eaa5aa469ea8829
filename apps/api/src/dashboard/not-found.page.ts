import type { Viewer } from './viewer';
import { html, type Html } from './html';
import { BASE, layout } from './layout';

/** The French 404 of the dashboard: what was not found, and the way back. */
export const notFoundPage = (what: string, viewer?: Viewer): Html =>
  layout({
    viewer,
    title: 'Page introuvable',
    body: html`<div class="fr-my-7w fr-grid-row fr-grid-row--gutters">
      <div class="fr-col-12 fr-col-md-8">
        <h1>Page introuvable</h1>
        <p class="fr-text--sm fr-mb-3w">Erreur 404</p>
        <p class="fr-text--lead fr-mb-3w">${what}</p>
        <p class="fr-text--sm fr-mb-5w">
          Si vous avez tapé l’adresse, vérifiez-la&#8239;; si vous avez suivi un lien, il est
          peut-être périmé.
        </p>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li><a class="fr-btn" href="${BASE}">Vue d’ensemble</a></li>
        </ul>
      </div>
    </div>`,
  });
