import {
  formatValue,
  frenchDate,
  type Cadence,
  type MilestoneStatus,
  type Reporting,
  type StatusItem,
} from '@cosinum/domain';

/**
 * U+202F, the narrow no-break space French typography puts before « : ; ! ? % » and inside « »
 * (Intl fr-FR uses it as the thousands separator too).
 */
export const NNBSP = '\u202f';

/** « oui » / « non », as the exports write a yes/no column. */
export const yesNo = (value: boolean): string => (value ? 'oui' : 'non');

const RATE = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** A rate or share out of 100: « 85 % », « 42,5 % » (U+202F before the sign). */
export const percentText = (n: number): string => `${RATE.format(n)}${NNBSP}%`;

/** What the dashboard and the exports call an item with no value declared at all. */
export const NO_REPORT_LABEL = 'Sans déclaration';

/** True when nothing at all was declared for the item: silence, not a value below the target. */
export const isSilent = (item: Pick<StatusItem, 'latestValue'>): boolean =>
  item.latestValue === null;

/** The cadence as an adjective (« mensuelle »), as a column or a definition list says it. */
export const CADENCE_LABELS: Record<Cadence, string> = {
  week: 'hebdomadaire',
  month: 'mensuelle',
  quarter: 'trimestrielle',
  'half-year': 'semestrielle',
  year: 'annuelle',
  none: 'sans périodicité',
};

/** The period of a cadence, with its article after « de » (« du mois », « de l’année »). */
const PERIODS: Record<Exclude<Cadence, 'none'>, { per: string; ofThe: string }> = {
  week: { per: 'semaine', ofThe: 'de la semaine' },
  month: { per: 'mois', ofThe: 'du mois' },
  quarter: { per: 'trimestre', ofThe: 'du trimestre' },
  'half-year': { per: 'semestre', ofThe: 'du semestre' },
  year: { per: 'an', ofThe: 'de l’année' },
};

const days = (n: number): string => `${n} jour${n > 1 ? 's' : ''}`;

/**
 * The cadence in a sentence: « une valeur par trimestre, due 30 jours après la fin du
 * trimestre », « une déclaration, une fois l’action réalisée » for a yes/no action reported once.
 * Without its own delay, the rule set's applies: the due day then says it.
 */
export const reportingText = (reporting: Reporting, kind: StatusItem['kind']): string => {
  if (reporting.every === 'none')
    return kind === 'boolean'
      ? 'une déclaration, une fois l’action réalisée'
      : 'pas de périodicité de déclaration';
  const period = PERIODS[reporting.every];
  const what = kind === 'boolean' ? 'une déclaration' : 'une valeur';
  return reporting.delayDays === undefined
    ? `${what} par ${period.per}`
    : reporting.delayDays === 0
      ? `${what} par ${period.per}, due dès la fin ${period.ofThe}`
      : `${what} par ${period.per}, due ${days(reporting.delayDays)} après la fin ${period.ofThe}`;
};

/** The cadence in a spreadsheet cell: « mensuelle », « trimestrielle, délai de 30 jours ». */
export const cadenceCell = (reporting: Reporting): string =>
  reporting.delayDays === undefined
    ? CADENCE_LABELS[reporting.every]
    : `${CADENCE_LABELS[reporting.every]}, délai de ${days(reporting.delayDays)}`;

export const MILESTONE_STATE_LABELS: Record<MilestoneStatus['state'], string> = {
  met: 'atteint',
  missed: 'manqué',
  upcoming: 'à venir',
};

/** « 31/12/2020 (« 1re version ») : 50 % », a milestone named by its day, label and target. */
export const milestoneName = (
  metric: Pick<StatusItem, 'kind' | 'unit'>,
  milestone: Pick<MilestoneStatus, 'on' | 'target' | 'label'>,
): string =>
  `${frenchDate(milestone.on)}${milestone.label ? ` («${NNBSP}${milestone.label}${NNBSP}»)` : ''}${NNBSP}: ${formatValue(metric, milestone.target)}`;

/** « atteint le 15/12/2020 », « manqué », « à venir ». */
export const milestoneStateText = (milestone: MilestoneStatus): string =>
  milestone.state === 'met' && milestone.metOn
    ? `atteint le ${frenchDate(milestone.metOn)}`
    : MILESTONE_STATE_LABELS[milestone.state];

/** Every milestone of an item in one cell: « 31/12/2020 : 50 % — atteint le 15/12/2020 ; … ». */
export const milestonesSummary = (item: Pick<StatusItem, 'kind' | 'unit' | 'milestones'>): string =>
  item.milestones
    .map((m) => `${milestoneName(item, m)} — ${milestoneStateText(m)}`)
    .join(`${NNBSP}; `);

/** « 3 sans déclaration » with the right number; the label is invariable. */
export const noReportCount = (n: number): string => `${n} sans déclaration`;

/**
 * Where an item stands in words, telling silence from a value short of the target: « aucune
 * déclaration », « 85 % au 01/02/2021 », « déclaré non réalisé au 01/02/2021 ».
 */
export const latestText = (
  item: Pick<StatusItem, 'kind' | 'unit' | 'latestValue' | 'latestOn'>,
): string =>
  item.latestValue === null || item.latestOn === null
    ? 'aucune déclaration'
    : item.kind === 'boolean'
      ? `${item.latestValue >= 1 ? 'déclaré réalisé' : 'déclaré non réalisé'} au ${frenchDate(item.latestOn)}`
      : `${formatValue(item, item.latestValue)} au ${frenchDate(item.latestOn)}`;
