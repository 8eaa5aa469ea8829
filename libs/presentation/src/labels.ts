import { ITEM_STATES, organisation, type ItemState } from '@cosinum/domain';

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
 * The catalogue cites its sources by file name; people know them by their title. Unknown
 * documents (recorded over the API) are shown as they were recorded.
 */
const DOCUMENT_TITLES: Record<string, string> = {
  '000_5777556106af8b3d.txt': 'COSINUM du 28 mai 2020',
  '001_2ea910a2550782ed.txt': 'COSINUM 2021, relevé de décisions',
  '002_dbbe98620e20a9d7.txt': 'Conférence de rentrée de la DINUM (août 2020)',
  '003_be567f4c541a115a.txt': 'COSINUM du 3 décembre 2020',
  '004_dc8a99c2b477ef56.txt': 'TECH.GOUV, feuille de route 2019-2022',
};

export const documentTitle = (document: string): string => DOCUMENT_TITLES[document] ?? document;

/** For the heatmap's column groups, where a group may be two columns wide. */
const DOCUMENT_SHORT_TITLES: Record<string, string> = {
  '000_5777556106af8b3d.txt': 'COSINUM 05/2020',
  '001_2ea910a2550782ed.txt': 'COSINUM 2021',
  '002_dbbe98620e20a9d7.txt': 'DINUM 08/2020',
  '003_be567f4c541a115a.txt': 'COSINUM 12/2020',
  '004_dc8a99c2b477ef56.txt': 'TECH.GOUV 2019-2022',
};

export const documentShortTitle = (document: string): string =>
  DOCUMENT_SHORT_TITLES[document] ?? documentTitle(document);

export const ministryName = (code: string): string => organisation(code)?.name ?? code;
export const ministryShortName = (code: string): string => organisation(code)?.shortName ?? code;

export const EVENT_LABELS: Record<string, string> = {
  CommitmentDecided: 'Décision',
  ProgressReported: 'Avancement déclaré',
  DeadlineExtended: 'Échéance reportée',
  TargetRevised: 'Cible révisée',
  MinistryExempted: 'Exemption',
  CommitmentWithdrawn: 'Retrait',
  ReminderSent: 'Rappel envoyé',
  ReminderClaimed: 'Rappel préparé',
  ReminderFailed: "Échec d'envoi d'un rappel",
};

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** An instant as a Paris date and time, as French readers expect it. */
export const frenchDateTime = (instant: string): string => DATE_TIME.format(new Date(instant));
