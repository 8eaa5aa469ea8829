import { frenchDate, parisDateOf } from '@cosinum/domain';
import { NNBSP } from '@cosinum/presentation';
import { weekMondayInWords, type ReminderPreview } from '@cosinum/reminders';
import type { Viewer } from './viewer';
import { html, type Html } from './html';
import { BASE, layout } from './layout';

/**
 * The weekly e-mail of a ministry for an ISO week, as its run builds (or built) it, shown to an
 * analyst before it leaves: subject, recipients and the text version. Nothing is sent or written.
 * The text version, not the HTML one, so that the page needs no frame nor inline style.
 */
export const reminderPreviewPage = (p: {
  readonly ministry: { readonly code: string; readonly name: string };
  readonly preview: ReminderPreview;
  readonly nothing: string;
  readonly notice?: string;
  readonly viewer?: Viewer;
}): Html => {
  const { ministry, preview } = p;
  const self = `${BASE}/ministeres/${ministry.code}`;
  const recipients = preview.recipients;
  const week = `semaine du ${weekMondayInWords(preview.isoWeek)}`;
  return layout({
    viewer: p.viewer,
    title: `Courriel de la ${week} — ${ministry.name}`,
    crumbs: [
      { label: 'Vue d’ensemble', href: BASE },
      { label: ministry.name, href: self },
      { label: `Courriel de la ${week}` },
    ],
    body: html`<h1 class="fr-mt-2w">Courriel de rappel de la ${week}</h1>
      <p class="fr-text--lead">${ministry.name}</p>
      ${
        p.notice
          ? html`<div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
              <p>${p.notice}</p>
            </div>`
          : ''
      }
      <p>
        ${
          preview.claimed
            ? 'Ce courriel a déjà été préparé pour cette semaine\u202f: voici le message tel qu’il a été envoyé (ou est en cours d’envoi).'
            : `Aperçu du courriel qu’enverrait le rappel de cette semaine, d’après le tableau au ${frenchDate(parisDateOf(preview.asOf))}\u202f: rien n’est envoyé ni enregistré.`
        }
      </p>
      <form method="get" action="${self}/courriel" class="fr-mb-3w">
        <div class="fr-input-group">
          <label class="fr-label" for="semaine"
            >Semaine<span class="fr-hint-text">Semaine ISO, par exemple 2021-W12</span></label
          >
          <input
            class="fr-input"
            id="semaine"
            name="semaine"
            value="${preview.isoWeek}"
            pattern="\\d{4}-W\\d{2}"
          />
        </div>
        <button class="fr-btn fr-btn--secondary" type="submit">Afficher cette semaine</button>
      </form>
      <dl>
        <dt class="fr-text--bold">Destinataires</dt>
        <dd class="fr-mb-2w">
          ${
            recipients.length > 0
              ? recipients.join(', ')
              : 'aucun contact enregistré\u202f: le courriel ne partirait pas'
          }
        </dd>
        ${
          preview.digest
            ? html`<dt class="fr-text--bold">Objet</dt>
                <dd class="fr-mb-2w">${preview.digest.subject}</dd>`
            : ''
        }
      </dl>
      ${
        preview.digest
          ? html`<h2>Texte du courriel</h2>
              <pre class="cz-mail">${preview.digest.text}</pre>`
          : html`<p>${p.nothing}</p>`
      }
      <p><a class="fr-link" href="${self}">Retour à la page du ministère</a></p>`,
  });
};

/** « Semaine inconnue : … » when the week asked cannot be shown. */
export const weekNotice = (asked: string, shown: string): string =>
  `La semaine «${NNBSP}${asked}${NNBSP}» n’est pas une semaine passée ou en cours (AAAA-Wss)${NNBSP}: voici la semaine du ${weekMondayInWords(shown)}.`;
