import type {
  AddMilestone,
  ChangeReporting,
  CommitmentDecided,
  MilestoneAdded,
  ReportingChanged,
  CommitmentWithdrawn,
  DeadlineExtended,
  DecideCommitment,
  ExemptMinistry,
  ExtendDeadline,
  Instant,
  MinistryExempted,
  ProgressReported,
  ReportProgress,
  ReviseTarget,
  TargetRevised,
  WithdrawCommitment,
} from '../src';

/**
 * Realistic COSINUM data for specs: the decision of 3 December 2020 on professional email
 * reachable from home, assigned to three ministries.
 */
export const EMAIL_COMMITMENT_ID = '6f1d3c2a-8b4e-4f0a-9c7d-2e5b1a0c3d4f';
export const EMAIL_DEADLINE = '2021-03-31';
export const EMAIL_MINISTRIES = ['MI', 'MJ', 'MEFR'];

export const EMAIL_DECISION: DecideCommitment['data'] = {
  commitmentId: EMAIL_COMMITMENT_ID,
  externalId: 'COSINUM-2020-12-03-07',
  title: "100 % des agents disposent d'une adresse email professionnelle accessible à distance",
  description:
    "Chaque agent dispose d'une messagerie professionnelle accessible hors des locaux, " +
    'sur poste nomade ou depuis un équipement personnel sécurisé.',
  source: {
    document: 'Relevé de décisions du COSINUM du 3 décembre 2020',
    section: 'Travail à distance',
    decidedOn: '2020-12-03',
  },
  mission: 'Environnement de travail numérique des agents',
  metric: {
    kind: 'percentage',
    unit: '%',
    direction: 'increase',
    target: 100,
    baseline: { value: 70, on: '2020-11-01' },
  },
  deadline: EMAIL_DEADLINE,
  ministries: EMAIL_MINISTRIES,
};

/** The event the decision above produces. */
export const EMAIL_DECIDED: CommitmentDecided['data'] = {
  ...EMAIL_DECISION,
  ministries: EMAIL_MINISTRIES,
  allMinistries: false,
};

/** A stored event as evolve sees it, with its recording time when the spec cares about it. */
export type Recorded<E> = E & { readonly metadata?: { readonly recordedAt?: Instant } };

type WithoutId<D extends { commitmentId: string }> = Omit<D, 'commitmentId'> & {
  commitmentId?: string;
};

const recorded = (recordedAt?: Instant) =>
  recordedAt === undefined ? {} : { metadata: { recordedAt } };

export const commitmentDecided = (
  data: Partial<CommitmentDecided['data']> = {},
  recordedAt?: Instant,
): Recorded<CommitmentDecided> => ({
  type: 'CommitmentDecided',
  data: { ...EMAIL_DECIDED, ...data },
  ...recorded(recordedAt),
});

const eventOf =
  <E extends { type: string; data: { commitmentId: string } }>(type: E['type']) =>
  (data: WithoutId<E['data']>, recordedAt?: Instant): Recorded<E> =>
    ({
      type,
      data: { commitmentId: EMAIL_COMMITMENT_ID, ...data },
      ...recorded(recordedAt),
    }) as Recorded<E>;

export const progressReported = eventOf<ProgressReported>('ProgressReported');
export const deadlineExtended = eventOf<DeadlineExtended>('DeadlineExtended');
export const targetRevised = eventOf<TargetRevised>('TargetRevised');
export const ministryExempted = eventOf<MinistryExempted>('MinistryExempted');
export const commitmentWithdrawn = eventOf<CommitmentWithdrawn>('CommitmentWithdrawn');
export const reportingChanged = eventOf<ReportingChanged>('ReportingChanged');
export const milestoneAdded = eventOf<MilestoneAdded>('MilestoneAdded');

/** A clock reading well after the decision and before the deadline: 15 January 2021, 10:00 Paris. */
export const NOW: Instant = '2021-01-15T09:00:00.000Z';

export const decideCommitment = (
  data: Partial<DecideCommitment['data']> = {},
  now: Instant = NOW,
): DecideCommitment => ({
  type: 'DecideCommitment',
  data: { ...EMAIL_DECISION, ...data },
  metadata: { now },
});

// TypeScript cannot prove that putting back the omitted `commitmentId` restores `C['data']`.
const commandOf =
  <C extends { type: string; data: { commitmentId: string } }>(type: C['type']) =>
  (data: WithoutId<C['data']>, now: Instant = NOW): C =>
    ({
      type,
      data: { commitmentId: EMAIL_COMMITMENT_ID, ...data },
      metadata: { now },
    }) as unknown as C;

export const reportProgress = commandOf<ReportProgress>('ReportProgress');
export const extendDeadline = commandOf<ExtendDeadline>('ExtendDeadline');
export const reviseTarget = commandOf<ReviseTarget>('ReviseTarget');
export const exemptMinistry = commandOf<ExemptMinistry>('ExemptMinistry');
export const withdrawCommitment = commandOf<WithdrawCommitment>('WithdrawCommitment');
export const changeReporting = commandOf<ChangeReporting>('ChangeReporting');
export const addMilestone = commandOf<AddMilestone>('AddMilestone');
