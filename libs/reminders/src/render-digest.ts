import { createHash } from 'node:crypto';
import { parisDateOf, type CalendarDate } from '@cosinum/domain';
import { NNBSP, displayWording, escapeHtml, organisationInText } from '@cosinum/presentation';
import type { Digest, DigestItem } from './plan-digests';
import type { LogHead } from './reminder.events';
import { countOf, frenchDate, frenchLongDate, frenchWeekdayDate } from './french';
import { startOfIsoWeek, type IsoWeek } from './iso-week';

export interface RenderedDigest {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

interface Section {
  readonly heading: string;
  readonly items: readonly DigestItem[];
}

const sectionsOf = (digest: Digest): Section[] =>
  [
    { heading: 'Engagements en retard', items: digest.overdue },
    { heading: 'Engagements à risque', items: digest.atRisk },
    {
      heading: `Engagements à échéance dans les ${digest.dueWithinDays} jours`,
      items: digest.dueSoon,
    },
  ].filter((s) => s.items.length > 0);

/**
 * `3 engagements en retard, 2 à risque, 1 à échéance sous 30 jours`: the noun once, on the first
 * count; French takes the singular for 0 and 1.
 */
export const summaryOf = (digest: Digest): string => {
  const parts: [number, string][] = [
    [digest.overdue.length, 'en retard'],
    [digest.atRisk.length, 'à risque'],
    [digest.dueSoon.length, `à échéance sous ${digest.dueWithinDays} jours`],
  ];
  const present = parts.filter(([n]) => n > 0);
  if (present.length === 0) return 'aucun engagement en retard ni à risque';
  return present
    .map(([n, what], i) => (i === 0 ? `${countOf(n, 'engagement')} ${what}` : `${n} ${what}`))
    .join(', ');
};

/** What a preview says when a ministry has nothing to report for a week: no e-mail goes out. */
export const nothingToReportText = (isoWeek: string): string =>
  `Aucun engagement en retard, à risque ni à échéance proche à signaler pour la semaine du ${weekMondayInWords(isoWeek)}${NNBSP}: aucun courriel ne serait envoyé.`;

/** « 22 mars 2021 »: the Monday that opens an ISO week (2021-W12), as readers name the week. */
export const weekMondayInWords = (isoWeek: string): string =>
  frenchLongDate(parisDateOf(startOfIsoWeek(isoWeek as IsoWeek)));

/** « [COSINUM] Semaine du 22 mars 2021 : 2 engagements en retard, 1 à risque » */
export const subjectOf = (digest: Digest): string =>
  `[COSINUM] Semaine du ${weekMondayInWords(digest.isoWeek)}${NNBSP}: ${summaryOf(digest)}`;

const itemsOf = (digest: Digest): DigestItem[] => [
  ...digest.overdue,
  ...digest.atRisk,
  ...digest.dueSoon,
];

/**
 * Silence told apart: « 2 de ces engagements n’ont fait l’objet d’aucune déclaration. », or
 * nothing when every item has a value.
 */
export const silenceOf = (digest: Digest): string | null => {
  const all = itemsOf(digest);
  const n = all.filter(isSilent).length;
  if (n === 0) return null;
  if (n === all.length)
    return n === 1
      ? 'Cet engagement n’a fait l’objet d’aucune déclaration.'
      : 'Aucun de ces engagements n’a fait l’objet d’une déclaration.';
  return n === 1
    ? 'L’un de ces engagements n’a fait l’objet d’aucune déclaration.'
    : `${n} de ces engagements n’ont fait l’objet d’aucune déclaration.`;
};

const isSilent = (item: DigestItem): boolean => item.latestValue === null || item.latestOn === null;

/** `30 juin 2021 (initialement 31 mars 2021, « 1er trimestre 2021 »)`. */
const deadlineText = (item: DigestItem): string => {
  const original: string[] = [];
  if (item.originalDeadline !== item.deadline) {
    original.push(`initialement ${frenchLongDate(item.originalDeadline)}`);
  }
  if (item.deadlineWording)
    original.push(`«${NNBSP}${displayWording(item.deadlineWording)}${NNBSP}»`);
  return original.length > 0
    ? `${frenchLongDate(item.deadline)} (${original.join(', ')})`
    : frenchLongDate(item.deadline);
};

/**
 * Where the item stands, silence told from a shortfall: « aucune déclaration », « 85 % au
 * 01/02/2021, valeur déclarée inférieure à l’objectif », « déclaré non réalisé au 01/02/2021 ».
 */
const latestText = (item: DigestItem): string => {
  if (item.latestValue === null || item.latestOn === null) return 'aucune déclaration';
  if (item.yesNo) return `déclaré ${item.latestValue} au ${frenchDate(item.latestOn)}`;
  return `${item.latestValue} au ${frenchDate(item.latestOn)}, valeur déclarée ${
    item.direction === 'decrease' ? 'supérieure' : 'inférieure'
  } à l’objectif`;
};

/**
 * What is expected next, and how often: « une valeur par mois ; la prochaine est attendue au plus
 * tard le 15 avril 2021 », « … ; celle attendue au plus tard le 15 février 2021 n’a pas été
 * déclarée » (« la prochaine », « celle »: a value or a declaration, as the cadence said).
 */
const expectedText = (item: DigestItem): string => {
  const due = item.nextReportDue
    ? item.upToDate
      ? `${NNBSP}; la prochaine est attendue au plus tard le ${frenchLongDate(item.nextReportDue)}`
      : `${NNBSP}; celle attendue au plus tard le ${frenchLongDate(item.nextReportDue)} n’a pas été déclarée`
    : '';
  return `${item.reporting}${due}`;
};

/**
 * The day a declaration is due first among the listed items: each item's next report due
 * (`nextReportDue`), else its deadline when still ahead (a yes/no action reports once, by then).
 * Undefined when no item has a report due nor a deadline still ahead: report now.
 */
export const firstDueOf = (digest: Digest): CalendarDate | undefined => {
  const today = parisDateOf(digest.asOf);
  const dates = itemsOf(digest)
    .map((i) => i.nextReportDue ?? (i.deadline >= today ? i.deadline : undefined))
    .filter((d): d is CalendarDate => d !== undefined)
    .sort();
  return dates[0];
};

const OPENS_FORM = 'un clic sur un engagement ouvre son formulaire de déclaration';

/**
 * How to report and by when, in two lines: « Déclarez l’avancement de ces engagements au plus
 * tard le 15 avril 2021 : un clic sur un engagement ouvre son formulaire de déclaration. », or,
 * when a declaration is already late, since when; then where to find them all and how to sign in.
 */
export const howToReportOf = (digest: Digest): [string, string] => {
  const due = firstDueOf(digest);
  const today = parisDateOf(digest.asOf);
  const when =
    due === undefined
      ? `Déclarez l’avancement de ces engagements dès maintenant${NNBSP}: ${OPENS_FORM}.`
      : due < today
        ? `Une déclaration est attendue depuis le ${frenchLongDate(due)}${NNBSP}: déclarez l’avancement de ces engagements dès maintenant${NNBSP}; ${OPENS_FORM}.`
        : `Déclarez l’avancement de ces engagements au plus tard le ${frenchLongDate(due)}${NNBSP}: ${OPENS_FORM}.`;
  return [
    when,
    `Le tableau de bord vous demande d’abord de vous identifier${NNBSP}; sa page «${NNBSP}À renseigner${NNBSP}» liste tout ce qui est attendu de votre ministère.`,
  ];
};

const DECLARE_LABEL = 'Déclarer l’avancement';

const introOf = (digest: Digest): string =>
  `Point de la semaine du ${weekMondayInWords(digest.isoWeek)}, établi le ${frenchWeekdayDate(digest.asOf)}.`;

const FOOTER =
  'Vous recevez ce message parce que votre adresse est enregistrée comme contact de votre ministère ' +
  'pour le suivi des décisions du COSINUM. Pour ne plus le recevoir, demandez à la DINUM de retirer votre adresse.';

const SEAL_INTRO =
  `Sceau du journal des décisions, à conserver${NNBSP}: il permet à chacun de vérifier plus ` +
  'tard que l’historique n’a pas été réécrit (cosinum audit verify --witness).';

/** The signed log head in French, one fact a line. */
const sealLines = (head: LogHead): string[] => [
  `Événements enregistrés${NNBSP}: ${new Intl.NumberFormat('fr-FR').format(head.eventCount)}`,
  `Empreinte SHA-256${NNBSP}: ${head.globalHash}`,
  `Signée le${NNBSP}: ${frenchWeekdayDate(head.signedAt)} (${head.signedAt})`,
  `Clé${NNBSP}: ${head.keyId}`,
  `Signature Ed25519${NNBSP}: ${head.signature}`,
];

const CELL = 'border:1px solid #929292;padding:6px;text-align:left;vertical-align:top';

const htmlTable = (section: Section): string => {
  const rows = section.items
    .map((item) => {
      const reasons =
        item.reasons.length === 0
          ? ''
          : `<ul style="margin:0;padding-left:1.2em">${item.reasons
              .map((r) => `<li>${escapeHtml(r)}</li>`)
              .join('')}</ul>`;
      return [
        '<tr>',
        `<th scope="row" style="${CELL}"><a href="${escapeHtml(item.formUrl)}" style="color:#000091">${escapeHtml(item.title)}</a></th>`,
        `<td style="${CELL}">${escapeHtml(deadlineText(item))}</td>`,
        `<td style="${CELL}">${escapeHtml(item.target)}</td>`,
        `<td style="${CELL}">${escapeHtml(latestText(item))}<br><span style="font-size:0.9em">Déclarations attendues${NNBSP}: ${escapeHtml(expectedText(item))}.</span></td>`,
        `<td style="${CELL}">${reasons}</td>`,
        '</tr>',
      ].join('');
    })
    .join('\n');
  const head = ['Engagement', 'Échéance', 'Objectif', 'Dernière valeur', 'Motifs']
    .map((h) => `<th scope="col" style="${CELL};background:#eeeeee">${h}</th>`)
    .join('');
  return [
    '<table style="border-collapse:collapse;width:100%;margin:0 0 24px 0">',
    `<caption style="text-align:left;font-weight:bold;font-size:1.1em;padding:8px 0">${escapeHtml(
      `${section.heading} (${section.items.length})`,
    )}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
  ].join('\n');
};

const renderHtml = (digest: Digest, subject: string): string => {
  const sections = sectionsOf(digest);
  const silence = silenceOf(digest);
  const empty = itemsOf(digest).length === 0;
  const url = escapeHtml(digest.dashboardUrl);
  return [
    '<!DOCTYPE html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body style="font-family:Marianne,Arial,sans-serif;color:#161616;line-height:1.5">',
    `<h1 style="font-size:1.4em">Suivi des engagements COSINUM${NNBSP}: ${escapeHtml(digest.ministry.name)}</h1>`,
    `<p>${escapeHtml(introOf(digest))}</p>`,
    `<p><strong>${escapeHtml(capitalise(summaryOf(digest)))}.</strong>${silence ? ` ${escapeHtml(silence)}` : ''}</p>`,
    ...(empty ? [] : [`<p>${howToReportOf(digest).map(escapeHtml).join('<br>')}</p>`]),
    ...sections.map(htmlTable),
    ...(empty
      ? []
      : [
          `<p style="margin:0 0 24px 0"><a href="${escapeHtml(digest.todoUrl)}" style="display:inline-block;background:#000091;color:#ffffff;padding:8px 16px;text-decoration:none;font-weight:bold">${escapeHtml(DECLARE_LABEL)}</a></p>`,
        ]),
    `<p><a href="${url}">Voir la page ${escapeHtml(digest.ministry.of ?? organisationInText(digest.ministry.code, 'de'))} sur le tableau de bord</a></p>`,
    ...(digest.logHead
      ? [
          `<p style="font-size:0.85em;color:#666666;word-break:break-all">${escapeHtml(SEAL_INTRO)}<br>${sealLines(
            digest.logHead,
          )
            .map(escapeHtml)
            .join('<br>')}</p>`,
        ]
      : []),
    `<p style="font-size:0.85em;color:#666666">${escapeHtml(FOOTER)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};

const renderText = (digest: Digest): string => {
  const silence = silenceOf(digest);
  const lines: string[] = [
    `Suivi des engagements COSINUM${NNBSP}: ${digest.ministry.name}`,
    introOf(digest),
    '',
    `${capitalise(summaryOf(digest))}.${silence ? ` ${silence}` : ''}`,
  ];
  const empty = itemsOf(digest).length === 0;
  if (!empty) lines.push('', ...howToReportOf(digest));
  for (const section of sectionsOf(digest)) {
    lines.push('', `${section.heading.toUpperCase()} (${section.items.length})`, '');
    for (const item of section.items) {
      lines.push(`- ${item.title}`);
      lines.push(`  Échéance${NNBSP}: ${deadlineText(item)}`);
      // « valeur » is never said of a yes/no action.
      lines.push(
        `  Objectif${NNBSP}: ${item.target}${NNBSP}; dernière ${item.yesNo ? 'déclaration' : 'valeur'}${NNBSP}: ${latestText(item)}`,
      );
      lines.push(`  Déclarations attendues${NNBSP}: ${expectedText(item)}.`);
      for (const reason of item.reasons) lines.push(`  * ${reason}`);
      lines.push(`  Formulaire de déclaration${NNBSP}: ${item.formUrl}`);
      lines.push('');
    }
  }
  if (!empty) lines.push(`${DECLARE_LABEL}${NNBSP}: ${digest.todoUrl}`, '');
  lines.push(
    `Page du ministère sur le tableau de bord${NNBSP}: ${digest.dashboardUrl}`,
    '',
    ...(digest.logHead ? [SEAL_INTRO, ...sealLines(digest.logHead), ''] : []),
    '-- ',
    FOOTER,
  );
  return lines.join('\n') + '\n';
};

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Pure: the same digest always renders to the same bytes. */
export const renderDigest = (digest: Digest): RenderedDigest => {
  const subject = subjectOf(digest);
  return { subject, html: renderHtml(digest, subject), text: renderText(digest) };
};

/** What `ReminderSent.sha256` covers: the rendered subject, text and HTML. */
export const contentSha256 = (rendered: RenderedDigest): string =>
  createHash('sha256')
    .update(JSON.stringify([rendered.subject, rendered.text, rendered.html]))
    .digest('hex');
