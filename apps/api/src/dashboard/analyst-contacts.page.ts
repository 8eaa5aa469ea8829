import type { ContactsService } from '@cosinum/reminders';
import { frenchDateTime, organisationInText, type NamesOn } from '@cosinum/presentation';
import type { Organisation } from '@cosinum/domain';
import {
  csrfField,
  doneNotice,
  inputField,
  type FormErrors,
  type FormValues,
} from './forms/form-kit';
import { html, type Html } from './html';
import { BASE, dataTable } from './layout';
import { formButtons, formPage } from './analyst-form-parts';
import type { Viewer } from './viewer';

/**
 * Who receives a ministry's weekly reminder, at `/tableau-de-bord/ministeres/:code/contacts`:
 * the list, a form to add one (`RegisterContactDto`: `email`, `name`), and a small form per
 * contact to remove it (`POST …/contacts/retrait`, `email`). Analysts only.
 */

type Contact = Awaited<ReturnType<ContactsService['list']>>[number];

const FORM = 'contact';
export const CONTACT_LABELS = { email: 'Adresse électronique', name: 'Nom' } as const;

const SAVED: Record<string, string> = {
  ajout: 'Le contact est enregistré\u202f: il recevra le rappel hebdomadaire du ministère.',
  retrait: 'Le contact est retiré\u202f: il ne recevra plus le rappel hebdomadaire.',
};

export interface ContactsPageInput {
  readonly viewer: Viewer;
  readonly ministry: Organisation;
  readonly names?: NamesOn;
  readonly contacts: readonly Contact[];
  readonly values: FormValues;
  readonly errors: FormErrors;
  /** `?enregistre=ajout|retrait` after a form. */
  readonly saved?: string;
  /** A removal that could not be made (the address was no longer a contact). */
  readonly removal?: string;
}

export const contactsPage = (p: ContactsPageInput): Html => {
  const { ministry } = p;
  const self = `${BASE}/ministeres/${ministry.code}/contacts`;
  const of = organisationInText(ministry.code, 'de', p.names);
  const notice = p.saved !== undefined && p.saved in SAVED ? SAVED[p.saved] : undefined;
  return formPage({
    viewer: p.viewer,
    title: `Destinataires du rappel ${of}`,
    crumbs: [{ label: ministry.name, href: `${BASE}/ministeres/${ministry.code}` }],
    form: FORM,
    errors: p.errors,
    labels: CONTACT_LABELS,
    lead: html`${notice ? doneNotice(notice) : ''}
      ${
        p.removal
          ? html`<div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
              <p>${p.removal}</p>
            </div>`
          : ''
      }
      <p class="fr-text--lead">
        Chaque lundi, les personnes ci-dessous reçoivent le courriel qui liste les engagements ${of}
        en retard, menacés ou à échéance dans les 30 jours.
      </p>`,
    body: html`<section aria-labelledby="contacts-liste" class="fr-mb-6w">
        <h2 id="contacts-liste">Destinataires</h2>
        ${
          p.contacts.length === 0
            ? html`<p>
                Aucun destinataire&#8239;: ${organisationInText(ministry.code, 'le', p.names)} ne
                reçoit pas de rappel.
              </p>`
            : dataTable({
                caption: `Destinataires du rappel hebdomadaire ${of}`,
                columns: ['Adresse électronique', 'Nom', 'Enregistré le', 'Action'],
                rows: p.contacts.map(
                  (c) =>
                    html`<tr>
                      <td>${c.email}</td>
                      <td>${c.name ?? '—'}</td>
                      <td>${frenchDateTime(c.registeredAt)}</td>
                      <td>
                        <form method="post" action="${self}/retrait" class="cz-inline-form">
                          ${csrfField(p.viewer)}
                          <input type="hidden" name="email" value="${c.email}" />
                          <button
                            class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-delete-line fr-btn--icon-left"
                            type="submit"
                            title="Retirer ${c.email} des destinataires"
                          >
                            Retirer<span class="fr-sr-only">&#8239;${c.email}</span>
                          </button>
                        </form>
                      </td>
                    </tr>`,
                ),
              })
        }
      </section>
      <section aria-labelledby="contacts-ajout" class="cz-screen-only">
        <h2 id="contacts-ajout">Ajouter un destinataire</h2>
        <form method="post" action="${self}" id="${FORM}" class="cz-form" novalidate>
          ${csrfField(p.viewer)}
          ${inputField({
            form: FORM,
            name: 'email',
            type: 'email',
            label: CONTACT_LABELS.email,
            hint: 'Format attendu\u202f: prenom.nom@ministere.gouv.fr',
            value: p.values.email,
            error: p.errors.email,
            required: true,
            attributes: { autocomplete: 'email', maxlength: '254', spellcheck: 'false' },
          })}
          ${inputField({
            form: FORM,
            name: 'name',
            label: CONTACT_LABELS.name,
            hint: 'Prénom et nom, ou le nom de la fonction.',
            value: p.values.name,
            error: p.errors.name,
            attributes: { autocomplete: 'name', maxlength: '100' },
          })}
          ${formButtons('Ajouter le destinataire', `${BASE}/ministeres/${ministry.code}`)}
        </form>
      </section>`,
  });
};

/** The ministry page's way to its contacts, for analysts only (the route checks again). */
export const contactsButton = (code: string, viewer: Viewer | undefined): Html | '' =>
  viewer?.identity.role === 'analyst'
    ? html`<ul
        class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left"
      >
        <li>
          <a
            class="fr-btn fr-btn--secondary fr-icon-mail-line fr-btn--icon-left"
            href="${BASE}/ministeres/${code}/contacts"
            >Destinataires du rappel</a
          >
        </li>
      </ul>`
    : '';
