import {
  ITEM_STATES,
  frenchDate,
  organisation,
  organisationOn,
  type CalendarDate,
  type DatePrecision,
  type ItemState,
  type Moment,
  type NameForms,
  type Organisation,
  type OrganisationChart,
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

/**
 * The organisation chart and the moment a page or a message speaks of: names then come from the
 * chart (the name of that day, with its article forms as recorded), not from the static list.
 */
export interface NamesOn {
  readonly chart: OrganisationChart;
  readonly moment: Moment;
}

/** The chart's names of `code` on the day (its latest recorded ones outside its lifetime). */
const chartForms = (code: string, names: NamesOn | undefined): NameForms | null => {
  const history = names?.chart.get(code);
  if (!names || !history) return null;
  return organisationOn(names.chart, code, names.moment) ?? history.names[history.names.length - 1];
};

export const ministryName = (code: string, names?: NamesOn): string =>
  chartForms(code, names)?.name ?? organisation(code)?.name ?? code;

/** « le … » from « du … » and its kin: the chart records the forms after « de » and « à ». */
const subjectFrom = (of: string): string => {
  const rules: [RegExp, string][] = [
    [/^du /, 'le '],
    [/^des /, 'les '],
    [/^de la /, 'la '],
    [/^de l['’]/, 'l’'],
    [/^d['’]/, ''],
    [/^de /, ''],
  ];
  for (const [from, to] of rules) if (from.test(of)) return of.replace(from, to);
  return of;
};

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
 * Pôle emploi », « d’ACME » for an unknown code starting with a vowel. Given the chart (`names`),
 * the forms it recorded for that day: « du ministère de la Transition écologique et solidaire » in
 * June 2020, « du ministère de la Transition écologique » from 6 July 2020.
 */
export const organisationInText = (
  code: string,
  form: 'le' | 'de' | 'à',
  names?: NamesOn,
): string => {
  const forms = chartForms(code, names);
  if (forms) return form === 'de' ? forms.of : form === 'à' ? forms.to : subjectFrom(forms.of);
  const name = ministryName(code);
  const rule = ARTICLES.find((a) => a.starts.test(name));
  if (rule)
    return `${rule[form]}${rule.lower ? name.charAt(0).toLocaleLowerCase('fr') + name.slice(1) : name}`;
  if (form === 'de') return /^[AEIOUYÉÈÊÂÎÔH]/i.test(name) ? `d’${name}` : `de ${name}`;
  return form === 'à' ? `à ${name}` : name;
};
/**
 * An organisation of the static list (ministries.ts) with its article forms, as
 * `GET /api/ministries` and `cosinum ministries` list it on a store without a chart.
 */
export const staticOrganisation = (
  code: string,
): Organisation & { of: string; to: string; since: null } => {
  const o = organisation(code);
  if (!o) throw new Error(`${code} is not in the static list`);
  return {
    ...o,
    of: organisationInText(code, 'de'),
    to: organisationInText(code, 'à'),
    since: null,
  };
};

export const ministryShortName = (code: string, names?: NamesOn): string =>
  chartForms(code, names)?.shortName ?? organisation(code)?.shortName ?? code;

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
