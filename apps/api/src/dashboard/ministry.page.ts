import type { CommitmentSummary, HistoryEntry, HistoryPage } from '@cosinum/application';
import { DateTime } from 'luxon';
import { PARIS, frenchDate, type Organisation, type Reporting } from '@cosinum/domain';
import type { Board, OpenReminder } from '@cosinum/projections';
import {
  weekMondayInWords,
  type ListedReminder,
  type ReminderOutcomeKind,
} from '@cosinum/reminders';
import { badge, reasonsList } from './commitment.page';
import {
  type DashboardQuery,
  EVENT_LABELS,
  frenchDateTime,
  NNBSP,
  NO_REPORT_LABEL,
  organisationInText,
  STATES,
  reportingText,
  rulesText,
  type NamesOn,
  emptyViewReason,
} from '@cosinum/presentation';
import type { Viewer } from './viewer';
import { contactsButton } from './analyst-contacts.page';
import { emptyCallout } from './empty-callout';
import { html, type Html } from './html';
import {
  BASE,
  dataTable,
  errorsAlert,
  layout,
  link,
  momentSentence,
  rulesLine,
  timeControl,
} from './layout';
import { deadlineCell, latestCell, progressBar, silentBadge } from './progress.html';
import { importButton } from './import.page';

export interface MinistryPageInput {
  readonly q: DashboardQuery;
  readonly ministry: Organisation;
  /** The chart and the moment of the page: the ministry is named as it was then. */
  readonly names?: NamesOn;
  readonly board: Board;
  readonly history: HistoryPage;
  /** The `after` of this history page, when it is not the first. */
  readonly after?: number;
  /** Every weekly reminder of this ministry with its outcome now, newest week first. */
  readonly reminders: readonly ListedReminder[];
  readonly commitments: ReadonlyMap<string, CommitmentSummary>;
  /** Weekly reminders of this ministry that no runner will try again. */
  readonly undelivered?: readonly OpenReminder[];
  readonly viewer?: Viewer;
}

/** « la semaine 12 de 2021 (du lundi 22/03/2021) » from `2021-W12`. */
const weekText = (isoWeek: string): string => {
  const [year, week] = isoWeek.split('-W');
  const monday = DateTime.fromISO(`${isoWeek}-1`, { zone: PARIS }).toISODate();
  return `la semaine ${Number(week)} de ${year}${monday ? ` (du lundi ${frenchDate(monday)})` : ''}`;
};

/** A warning that a reminder did not reach the ministry: an analyst must look, not wait. */
const undeliveredAlert = (undelivered: readonly OpenReminder[]): Html | string =>
  undelivered.length === 0
    ? ''
    : html`<div class="fr-alert fr-alert--warning fr-mb-3w" role="alert">
        <h2 class="fr-alert__title">
          ${undelivered.length > 1 ? 'Rappels hebdomadaires non remis' : 'Rappel hebdomadaire non remis'}
        </h2>
        ${undelivered.map(
          (r) =>
            html`<p>
              Le rappel de ${weekText(r.isoWeek)} n’a pas été remis&#8239;:
              ${
                r.lastFailure?.permanent
                  ? 'le serveur de messagerie l’a refusé définitivement'
                  : `${r.attempts === 1 ? 'la seule tentative a échoué' : `les ${r.attempts} tentatives ont échoué`}`
              }
              et il ne sera plus renvoyé. Dernière erreur&#8239;:
              «&#8239;${r.lastFailure?.error ?? 'inconnue'}&#8239;». Vérifiez les adresses des
              correspondants du ministère.
            </p>`,
        )}
      </div>`;

const actorText = (actor: unknown): string => {
  const a = actor as { subject?: string; role?: string; ministry?: string } | null;
  if (!a?.subject) return '—';
  const role = a.role ? (ROLE_LABELS[a.role] ?? a.role) : undefined;
  return `${a.subject}${role ? ` (${role}${a.ministry ? `, ${a.ministry}` : ''})` : ''}`;
};

/** Who recorded a fact, in French: an analyst declaring for a ministry shows as the analyst. */
const ROLE_LABELS: Record<string, string> = {
  analyst: 'analyste',
  ministry: 'ministère',
  auditor: 'auditeur',
  system: 'système',
};

const NUMBER = new Intl.NumberFormat('fr-FR');
/** A number of an event's data the French way (`12 345,5`), or « ? ». */
const number = (value: unknown): string => (typeof value === 'number' ? NUMBER.format(value) : '?');

/** What happened, in a short French sentence; a declaration's evidence as a link. */
const detail = (e: HistoryEntry): Html | string => {
  const evidence = (e.data as { evidence?: unknown } | null)?.evidence;
  return e.type === 'ProgressReported' &&
    typeof evidence === 'string' &&
    /^https?:\/\//.test(evidence)
    ? html`${detailText(e)} (<a href="${evidence}" rel="noopener noreferrer">justificatif</a>)`
    : detailText(e);
};

/** What happened, in a short French sentence, from the event's data. */
const detailText = (e: HistoryEntry): string => {
  const d = (e.data ?? {}) as Record<string, unknown>;
  switch (e.type) {
    case 'ProgressReported':
      return `Valeur ${number(d.value)} au ${frenchDate(String(d.on))}${d.note ? `${NNBSP}: ${String(d.note)}` : ''}`;
    case 'DeadlineExtended':
      return `Échéance ${d.ministry ? '' : 'commune '}reportée du ${frenchDate(String(d.previousDeadline))} au ${frenchDate(String(d.deadline))}${NNBSP}: ${String(d.reason ?? '')}`;
    case 'TargetRevised':
      return `Cible révisée de ${number(d.previousTarget)} à ${number(d.target)}${NNBSP}: ${String(d.reason ?? '')}`;
    case 'ReportingChanged': {
      const r = d.reporting as Reporting | undefined;
      return r
        ? `Désormais ${reportingText(r, 'count')}${d.reason ? `${NNBSP}: ${String(d.reason)}` : ''}`
        : '';
    }
    case 'MilestoneAdded': {
      const m = d.milestone as { on?: string; target?: unknown; label?: string } | undefined;
      return m?.on
        ? `Jalon du ${frenchDate(m.on)}${m.label ? ` («${NNBSP}${m.label}${NNBSP}»)` : ''}, cible ${number(m.target)}${d.reason ? `${NNBSP}: ${String(d.reason)}` : ''}`
        : '';
    }
    case 'MinistryExempted':
    case 'CommitmentWithdrawn':
      return String(d.reason ?? '');
    case 'CommitmentDecided':
      return `Décidé le ${frenchDate(String((d.source as { decidedOn?: string })?.decidedOn ?? ''))}`;
    case 'ReminderSent':
      return `Rappel de la semaine du ${weekMondayInWords(String(d.isoWeek))}${NNBSP}: ${String(d.subject ?? '')}`;
    default:
      return '';
  }
};

/** Items with no value at all, whatever their state. */
const silentCount = (board: Board): number => STATES.reduce((n, s) => n + board.noReport[s], 0);

const commitmentOf = (e: HistoryEntry): string | undefined =>
  (e.data as { commitmentId?: string } | null)?.commitmentId;

export const ministryPage = (p: MinistryPageInput): Html => {
  const { q, ministry, board } = p;
  const self = `${BASE}/ministeres/${ministry.code}`;
  const titleOf = (id: string | undefined) => (id ? (p.commitments.get(id)?.title ?? id) : '—');
  return layout({
    viewer: p.viewer,
    title: ministry.name,
    crumbs: [{ label: 'Vue d’ensemble', href: link(BASE, q) }, { label: ministry.name }],
    skipLinks: [
      { href: '#tableau', label: 'Tableau du ministère' },
      { href: '#historique', label: 'Historique' },
      { href: '#rappels', label: 'Rappels' },
    ],
    rules: rulesText(board.rules),
    body: html`<h1 class="fr-mt-2w">${ministry.name}</h1>
      ${importButton(p.viewer, ministry.code)}
      <p class="fr-text--lead">${momentSentence(q)}</p>
      ${rulesLine(rulesText(board.rules))} ${contactsButton(ministry.code, p.viewer)}
      ${undeliveredAlert(p.undelivered ?? [])} ${errorsAlert(q.errors)} ${timeControl(q, self)}
      <p>
        <a
          class="fr-link fr-icon-line-chart-line fr-link--icon-left"
          href="${BASE}/ministeres/${ministry.code}/tendances"
          >Tendance semaine après semaine, face à la médiane des ministères</a
        >
      </p>
      <section aria-labelledby="tableau">
        <h2 id="tableau">Tableau du ministère</h2>
        <ul class="cz-counts" aria-label="Engagements du ministère par état">
          ${STATES.filter((s) => board.counts[s] > 0).map((s) => html`<li>${badge(s)} <span class="fr-sr-only">:</span> ${board.counts[s]}${board.noReport[s] > 0 ? html` <span class="cz-count-detail">dont ${board.noReport[s]} sans déclaration</span>` : ''}</li>`)}
        </ul>
        <ul class="cz-figures" aria-label="Avancement du ministère">
          <li>
            <span class="cz-figure__label">Taux d’avancement moyen des engagements déclarés</span>
            <span class="cz-figure__value cz-progress--large"
              >${progressBar(board.meanProgressRate)}</span
            >
          </li>
          <li>
            <span class="cz-figure__label">${NO_REPORT_LABEL}</span>
            <span class="cz-figure__value"
              >${silentCount(board)}
              <span class="fr-text--sm fr-text--regular">sur ${board.items.length}</span></span
            >
          </li>
        </ul>
        ${
          board.items.length === 0
            ? emptyCallout(
                q,
                self,
                emptyViewReason([...p.commitments.values()], q.moment),
                'Aucun engagement n’est assigné à ce ministère à cette date.',
              )
            : dataTable({
                caption: `Engagements ${organisationInText(ministry.code, 'de', p.names)}, du plus préoccupant au plus avancé, avec la raison de chaque état`,
                columns: [
                  'Engagement',
                  'État',
                  'Échéance',
                  'Dernière valeur',
                  'Avancement',
                  'Raisons',
                ],
                rows: board.items.map(
                  (i) =>
                    html`<tr>
                      <th scope="row">
                        <a href="${link(`${BASE}/engagements/${i.commitmentId}`, q)}">${i.title}</a>
                      </th>
                      <td>${badge(i.state)} ${silentBadge(i)}</td>
                      <td>${deadlineCell(i)}</td>
                      <td class="cz-latest">
                        ${latestCell(i)}${i.reporting.every === 'none' ? '' : html`<br /><span class="fr-text--xs">${reportingText(i.reporting, i.kind)}</span>`}
                      </td>
                      <td>${progressBar(i.progressRate)}</td>
                      <td>${reasonsList(i)}</td>
                    </tr>`,
                ),
              })
        }
      </section>
      <section aria-labelledby="historique">
        <h2 id="historique">Historique</h2>
        <p>
          Ce qui a été enregistré pour ce ministère (ses déclarations, reports et exemptions, et les
          décisions sur ses engagements), dans l’ordre d’enregistrement, jusqu’à la date de
          connaissance.
        </p>
        ${
          p.history.items.length === 0
            ? html`<p>
                Aucun fait enregistré${p.after !== undefined ? ' après ceux déjà affichés' : ''}.
              </p>`
            : html`<div class="fr-table fr-table--sm fr-table--multiline">
                <div class="fr-table__wrapper">
                  <div class="fr-table__container">
                    <div class="fr-table__content">
                      <table>
                        <caption>
                          Historique
                          ${organisationInText(ministry.code, 'de', p.names)}${p.after !== undefined ? ' (suite)' : ''}
                        </caption>
                        <thead>
                          <tr>
                            <th scope="col">Enregistré le</th>
                            <th scope="col">Fait</th>
                            <th scope="col">Engagement</th>
                            <th scope="col">Détail</th>
                            <th scope="col">Par</th>
                          </tr>
                        </thead>
                        <tbody>
                          ${p.history.items.map((e) => {
                            const id = commitmentOf(e);
                            return html`<tr>
                              <td>${frenchDateTime(e.recordedAt)}</td>
                              <td>${EVENT_LABELS[e.type] ?? e.type}</td>
                              <td>
                                ${id && p.commitments.has(id) ? html`<a href="${link(`${BASE}/engagements/${id}`, q)}">${titleOf(id)}</a>` : '—'}
                              </td>
                              <td>${detail(e)}</td>
                              <td>${actorText(e.actor)}</td>
                            </tr>`;
                          })}
                        </tbody>
                      </table>
                    </div>
                  </div>
                </div>
              </div>`
        }
        <nav class="fr-pagination" role="navigation" aria-label="Pagination de l’historique">
          <ul class="fr-pagination__list">
            <li>
              ${p.after !== undefined ? html`<a class="fr-pagination__link fr-pagination__link--first" href="${link(self, q)}#historique">Début de l’historique</a>` : html`<a class="fr-pagination__link fr-pagination__link--first" aria-disabled="true" role="link">Début de l’historique</a>`}
            </li>
            <li>
              ${p.history.next !== null ? html`<a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" href="${link(self, q, { apres: p.history.next })}#historique">Suivants</a>` : html`<a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" aria-disabled="true" role="link">Suivants</a>`}
            </li>
          </ul>
        </nav>
      </section>
      <section aria-labelledby="rappels">
        <h2 id="rappels">Rappels</h2>
        <p>
          Les courriels de rappel hebdomadaires ${organisationInText(ministry.code, 'de', p.names)}
          et ce qu’il en est advenu, de la semaine la plus récente à la plus ancienne, tels qu’ils
          sont connus maintenant (la date choisie plus haut ne s’y applique pas).
        </p>
        <p>
          <a class="fr-link fr-icon-mail-line fr-link--icon-left" href="${self}/courriel"
            >Voir le courriel de rappel de cette semaine avant son envoi</a
          >
        </p>
        ${remindersTable(p.reminders, self, organisationInText(ministry.code, 'à', p.names))}
      </section>
      <p class="fr-mt-4w">
        <a
          class="fr-link fr-icon-arrow-left-line fr-link--icon-left"
          href="${link(BASE, q, { ministry: ministry.code })}"
          >Voir ${organisationInText(ministry.code, 'le', p.names)} sur la vue d’ensemble</a
        >
      </p>`,
  });
};

/** The French outcome badges of the reminders, DSFR system colours. */
const REMINDER_BADGES: Record<ReminderOutcomeKind, { label: string; css: string }> = {
  sent: { label: 'Envoyé', css: 'fr-badge--success' },
  failed: { label: 'Échec, nouvel essai prévu', css: 'fr-badge--warning' },
  given_up: { label: 'Abandonné', css: 'fr-badge--error' },
  in_progress: { label: 'En cours', css: 'fr-badge--info' },
};

/** « 22/03/2021 à 10 h 00 », Paris time. */
const atText = (instant: string): string =>
  DateTime.fromISO(instant, { zone: 'utc' }).setZone(PARIS).toFormat("dd/LL/yyyy 'à' HH 'h' mm");

const lastErrorText = (r: ListedReminder): string =>
  r.lastError === undefined
    ? 'aucun résultat enregistré'
    : `dernière erreur${NNBSP}: «${NNBSP}${r.lastError}${NNBSP}»`;

/** What happened to one reminder, in a few short French lines (escaped by `html`). */
const reminderLines = (r: ListedReminder): string[] => {
  switch (r.outcome) {
    case 'sent': {
      const n = r.commitmentCount ?? 0;
      return [
        `Envoyé le ${atText(r.sentAt ?? r.lastClaimedAt)}${r.attempts > 1 ? `, à la ${r.attempts}e tentative` : ''}${NNBSP}; ${n} engagement${n > 1 ? 's' : ''} signalé${n > 1 ? 's' : ''}.`,
        ...(r.refused && r.refused.length > 0
          ? [`Refusé par le serveur de messagerie pour ${r.refused.join(', ')}.`]
          : []),
        ...(r.subject ? [`Objet${NNBSP}: ${r.subject}`] : []),
      ];
    }
    case 'failed':
      return [
        `${r.attempts === 1 ? 'La tentative a échoué' : `Les ${r.attempts} tentatives ont échoué`}${NNBSP}; ${lastErrorText(r)}.`,
        r.retryAt
          ? `Nouvel essai prévu à partir du ${atText(r.retryAt)}.`
          : 'Nouvel essai au prochain passage.',
      ];
    case 'given_up':
      return [
        `${r.permanent ? 'Refusé définitivement par le serveur de messagerie' : r.attempts === 1 ? 'La seule tentative a échoué' : `Les ${r.attempts} tentatives ont échoué`}${NNBSP}; ${lastErrorText(r)}.`,
        `Il ne sera plus renvoyé${NNBSP}: vérifiez les adresses des correspondants.`,
      ];
    case 'in_progress':
      return [
        `Préparé le ${atText(r.lastClaimedAt)}${r.attempts > 1 ? ` (${r.attempts}e tentative)` : ''}, envoi en cours.`,
        ...(r.lastError ? [`Tentative précédente${NNBSP}: ${lastErrorText(r)}.`] : []),
      ];
  }
};

/** « Semaine 12 de 2021 », then « du lundi 22/03/2021 ». */
const weekCell = (isoWeek: string): Html => {
  const [year, week] = isoWeek.split('-W');
  const monday = DateTime.fromISO(`${isoWeek}-1`, { zone: PARIS }).toISODate();
  return html`Semaine ${Number(week)} de
  ${year}${monday ? html`<br /><span class="fr-text--xs fr-text--regular">du lundi ${frenchDate(monday)}</span>` : ''}`;
};

/** Each weekly reminder with its outcome badge, what happened, to whom, and its e-mail. */
const remindersTable = (
  reminders: readonly ListedReminder[],
  self: string,
  toMinistry: string,
): Html =>
  reminders.length === 0
    ? html`<p>Aucun rappel enregistré pour ce ministère.</p>`
    : dataTable({
        caption: `Rappels hebdomadaires adressés ${toMinistry}, du plus récent au plus ancien`,
        columns: ['Semaine', 'Résultat'],
        rows: reminders.map((r) => {
          const badge = REMINDER_BADGES[r.outcome];
          return html`<tr>
            <th scope="row">
              ${weekCell(r.isoWeek)}<br />
              <a class="fr-link fr-link--sm" href="${self}/courriel?semaine=${r.isoWeek}"
                >Voir le courriel<span class="fr-sr-only">
                  de la semaine du ${weekMondayInWords(r.isoWeek)}</span
                ></a
              >
            </th>
            <td class="fr-text--sm">
              <p class="fr-badge fr-badge--sm fr-mb-1v ${badge.css}">${badge.label}</p>
              <br />
              ${reminderLines(r).map((line, i) => html`${i > 0 ? html`<br />` : ''}${line}`)}<br />
              ${
                r.recipients.length === 0
                  ? 'Aucun destinataire.'
                  : `Destinataire${r.recipients.length > 1 ? 's' : ''}${NNBSP}: ${r.recipients.join(', ')}`
              }
            </td>
          </tr>`;
        }),
      });
