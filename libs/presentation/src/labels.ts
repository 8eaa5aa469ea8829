import {
  ITEM_STATES,
  frenchDate,
  organisation,
  type CalendarDate,
  type DatePrecision,
  type ItemState,
} from '@cosinum/domain';
import documentManifest from '../../../data/catalogue/documents.json';

/** How a state is named to people: on the dashboard, in the exports and in the CLI. */
export const STATE_LABELS: Record<ItemState, string> = {
  overdue: 'En retard',
  at_risk: 'À risque',
  on_track: 'En bonne voie',
  met: 'Atteint',
  exempt: 'Exempté',
  withdrawn: 'Retiré',
};

/** The same label inside a sentence or a list (`en retard`, `à risque`). */
export const stateLabelInText = (state: ItemState): string =>
  STATE_LABELS[state].toLocaleLowerCase('fr');

/** Short labels of the heatmap cells: the colour is never the only carrier of the status. */
export const STATE_ABBREVIATIONS: Record<ItemState, string> = {
  overdue: 'RET',
  at_risk: 'RSQ',
  on_track: 'BV',
  met: 'ATT',
  exempt: 'EXE',
  withdrawn: 'RTR',
};

/** DSFR badge variants; their colour pairs meet the RGAA contrast ratios. */
export const STATE_BADGES: Record<ItemState, string> = {
  overdue: 'fr-badge--error',
  at_risk: 'fr-badge--warning',
  on_track: 'fr-badge--info',
  met: 'fr-badge--success',
  exempt: 'fr-badge--new',
  withdrawn: '',
};

export const STATES: readonly ItemState[] = ITEM_STATES;

/** Worst first: a commitment's summary is the worst state among what is shown of it. */
export const worstState = (states: Iterable<ItemState>): ItemState | null => {
  const present = new Set(states);
  if (present.has('withdrawn')) return 'withdrawn';
  return (
    (['overdue', 'at_risk', 'on_track', 'met', 'exempt'] as const).find((s) => present.has(s)) ??
    null
  );
};

/**
 * The catalogue cites its sources by file name; people know them by their title. The titles are
 * catalogue data (`data/catalogue/documents.json`, next to the catalogue): adding a document
 * needs no code change. Unknown documents (recorded over the API) are shown as they were recorded.
 */
export interface DocumentRecord {
  readonly title?: string;
  readonly shortTitle?: string;
  /** The document's date, as precisely as it is known (`datePrecision`, absent: a day). */
  readonly date?: string;
  readonly datePrecision?: string;
  /** What it is: « relevé de décisions », « feuille de route », « article de presse »… */
  readonly kind?: string;
}

const DOCUMENTS: Readonly<Record<string, DocumentRecord>> = documentManifest.documents;

/** The manifest's record of a document (`undefined` for one it does not list). */
export const documentRecord = (document: string): DocumentRecord | undefined =>
  Object.hasOwn(DOCUMENTS, document) ? DOCUMENTS[document] : undefined;

export const documentTitle = (document: string): string =>
  (Object.hasOwn(DOCUMENTS, document) ? DOCUMENTS[document].title : undefined) ?? document;

/** For the heatmap's column groups, where a group may be two columns wide. */
export const documentShortTitle = (document: string): string =>
  (Object.hasOwn(DOCUMENTS, document) ? DOCUMENTS[document].shortTitle : undefined) ??
  documentTitle(document);

export const ministryName = (code: string): string => organisation(code)?.name ?? code;

/** The article forms of a name: « le ministère… », « du ministère… », « au ministère… ». */
const ARTICLES: readonly {
  readonly starts: RegExp;
  readonly le: string;
  readonly de: string;
  readonly à: string;
  /** Lower-cases the first letter inside a sentence (« ministère », « direction »). */
  readonly lower: boolean;
}[] = [
  { starts: /^Ministère /, le: 'le ', de: 'du ', à: 'au ', lower: true },
  { starts: /^Services /, le: 'les ', de: 'des ', à: 'aux ', lower: true },
  { starts: /^Direction /, le: 'la ', de: 'de la ', à: 'à la ', lower: true },
  { starts: /^Caisse /, le: 'la ', de: 'de la ', à: 'à la ', lower: false },
];

/**
 * An organisation inside a French sentence, with the article and its contraction: « le ministère
 * de l'Intérieur », « du ministère de l'Intérieur », « aux services du Premier ministre », « de
 * Pôle emploi », « d’ACME » for an unknown code starting with a vowel.
 */
export const organisationInText = (code: string, form: 'le' | 'de' | 'à'): string => {
  const name = ministryName(code);
  const rule = ARTICLES.find((a) => a.starts.test(name));
  if (rule)
    return `${rule[form]}${rule.lower ? name.charAt(0).toLocaleLowerCase('fr') + name.slice(1) : name}`;
  if (form === 'de') return /^[AEIOUYÉÈÊÂÎÔH]/i.test(name) ? `d’${name}` : `de ${name}`;
  return form === 'à' ? `à ${name}` : name;
};
export const ministryShortName = (code: string): string => organisation(code)?.shortName ?? code;

export const EVENT_LABELS: Record<string, string> = {
  CommitmentDecided: 'Décision',
  ProgressReported: 'Avancement déclaré',
  DeadlineExtended: 'Échéance reportée',
  TargetRevised: 'Cible révisée',
  MinistryExempted: 'Exemption',
  CommitmentWithdrawn: 'Retrait',
  ReportingChanged: 'Périodicité modifiée',
  MilestoneAdded: 'Jalon ajouté',
  StatusRulesAdopted: 'Règles d’évaluation adoptées',
  ReminderSent: 'Rappel envoyé',
  ReminderClaimed: 'Rappel préparé',
  ReminderFailed: 'Échec d’envoi d’un rappel',
};

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** An instant as a Paris date and time, as French readers expect it. */
export const frenchDateTime = (instant: string): string => DATE_TIME.format(new Date(instant));

const MONTH = new Intl.DateTimeFormat('fr-FR', { month: 'long', timeZone: 'UTC' });

const ordinal = (n: number): string => (n === 1 ? '1er' : `${n}e`);

/**
 * When something was decided, as precisely as its source dates it, to follow « décidé »:
 * « le 28/05/2020 », « en juillet 2020 », « au 2e trimestre 2020 », « au 1er semestre 2021 »,
 * « en 2021 ». `date` is a day of the period named.
 */
export const decidedOnInText = (date: CalendarDate, precision: DatePrecision = 'day'): string => {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  switch (precision) {
    case 'month':
      return `en ${MONTH.format(new Date(`${date}T12:00:00Z`))} ${year}`;
    case 'quarter':
      return `au ${ordinal(Math.ceil(month / 3))} trimestre ${year}`;
    case 'half-year':
      return `au ${month <= 6 ? '1er' : '2nd'} semestre ${year}`;
    case 'year':
      return `en ${year}`;
    default:
      return `le ${frenchDate(date)}`;
  }
};

/**
 * A source's wording for display, free of the marks its text extraction left: superscripts
 * (« 1^{er} trimestre » → « 1er trimestre », « 3^e » → « 3e ») and the OCR's capital I or bar
 * read for an elided l (« avant I'été » → « avant l'été », « |'Etat » → « l'Etat »). The
 * wording itself is kept verbatim where it is stored.
 */
export const displayWording = (wording: string): string =>
  wording
    .replace(/\^\{([^{}]*)\}/g, '$1')
    .replace(/\^([\p{Ll}]+)/gu, '$1')
    .replace(/(^|[\s(«\u202f])[I|](['’])(?=[aeiouyhàâéèêëîïôûAEIOUYHÀÂÉÈÊÎÔÛ])/g, '$1l$2');
