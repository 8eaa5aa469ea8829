import type { RecordedEvent } from '@cosinum/event-store';
import { RemindersIndex } from '@cosinum/projections';
import { listReminders } from './reminder-outcomes';

/** The reminder events of a few (ministry, week) streams, as the store records them. */
let position = 0;
const recorded = (
  stream: string,
  type: string,
  data: Record<string, unknown>,
  recordedAt: string,
): RecordedEvent => {
  const [, ministry, isoWeek] = /^reminder-([A-Z0-9_]+)-(\d{4}-W\d{2})$/.exec(stream) ?? [];
  return {
    streamName: stream,
    streamRevision: 0,
    position: ++position,
    type,
    data: { ministry, isoWeek, messageId: `<${stream}@x>`, runId: 'r', ...data },
    metadata: { recordedAt },
  } as RecordedEvent;
};
const claimed = (stream: string, attempt: number, at: string) =>
  recorded(
    stream,
    'ReminderClaimed',
    { attempt, asOf: '2021-03-22T09:00:00.000Z', recipients: ['a@x.gouv.fr', 'b@x.gouv.fr'] },
    at,
  );
const failed = (stream: string, attempt: number, at: string, extra: Record<string, unknown> = {}) =>
  recorded(stream, 'ReminderFailed', { attempt, error: 'Try again later', ...extra }, at);
const sent = (stream: string, attempt: number, at: string) =>
  recorded(
    stream,
    'ReminderSent',
    {
      attempt,
      recipients: ['a@x.gouv.fr', 'b@x.gouv.fr'],
      refused: ['b@x.gouv.fr'],
      subject: '[COSINUM] Semaine 2021-W12 : 2 engagements en retard',
      commitmentIds: ['c-1', 'c-2'],
      transport: 'smtp',
      response: '250 OK',
      sha256: 'f'.repeat(64),
    },
    at,
  );

const policy = { maxAttempts: 3, leaseMs: 600_000 };
const NOW = '2021-03-22T12:00:00.000Z';

/** MI: sent; MJ: failed, retry due; MC: failed then sent; MEF: refused for good; MA: in progress. */
const events = (): RecordedEvent[] => {
  position = 0;
  return [
    claimed('reminder-MI-2021-W12', 1, '2021-03-22T09:00:00.000Z'),
    sent('reminder-MI-2021-W12', 1, '2021-03-22T09:00:01.000Z'),
    claimed('reminder-MJ-2021-W12', 1, '2021-03-22T09:00:00.000Z'),
    failed('reminder-MJ-2021-W12', 1, '2021-03-22T09:00:02.000Z', {
      responseCode: 451,
      retryAt: '2021-03-22T12:05:00.000Z',
    }),
    claimed('reminder-MC-2021-W12', 1, '2021-03-22T09:00:00.000Z'),
    failed('reminder-MC-2021-W12', 1, '2021-03-22T09:00:03.000Z', {
      retryAt: '2021-03-22T09:05:00.000Z',
    }),
    claimed('reminder-MC-2021-W12', 2, '2021-03-22T09:05:00.000Z'),
    sent('reminder-MC-2021-W12', 2, '2021-03-22T09:05:01.000Z'),
    claimed('reminder-MEF-2021-W12', 1, '2021-03-22T09:00:00.000Z'),
    failed('reminder-MEF-2021-W12', 1, '2021-03-22T09:00:04.000Z', {
      responseCode: 554,
      permanent: true,
      error: 'Message refused by policy',
    }),
    claimed('reminder-MA-2021-W12', 1, '2021-03-22T11:58:00.000Z'),
    // An earlier week of MI, sent too: listed after the newer one.
    claimed('reminder-MI-2021-W11', 1, '2021-03-15T09:00:00.000Z'),
    sent('reminder-MI-2021-W11', 1, '2021-03-15T09:00:01.000Z'),
  ];
};

const folded = (list: RecordedEvent[]): RemindersIndex => {
  const index = new RemindersIndex();
  for (const e of list) index.apply(e);
  return index;
};

describe('the reminders listed with their outcome', () => {
  const index = folded(events());
  const byStream = (ministry: string, week = '2021-W12') =>
    listReminders(index, { ministry }, NOW, policy).find((r) => r.isoWeek === week);

  it('sent: when, to whom, how many items, refusals', () => {
    expect(byStream('MI')).toEqual({
      ministry: 'MI',
      isoWeek: '2021-W12',
      outcome: 'sent',
      attempts: 1,
      recipients: ['a@x.gouv.fr', 'b@x.gouv.fr'],
      firstClaimedAt: '2021-03-22T09:00:00.000Z',
      lastClaimedAt: '2021-03-22T09:00:00.000Z',
      sentAt: '2021-03-22T09:00:01.000Z',
      refused: ['b@x.gouv.fr'],
      subject: '[COSINUM] Semaine 2021-W12 : 2 engagements en retard',
      commitmentCount: 2,
    });
  });

  it('failed: attempts, last error, and when it will be tried again', () => {
    expect(byStream('MJ')).toEqual({
      ministry: 'MJ',
      isoWeek: '2021-W12',
      outcome: 'failed',
      attempts: 1,
      recipients: ['a@x.gouv.fr', 'b@x.gouv.fr'],
      firstClaimedAt: '2021-03-22T09:00:00.000Z',
      lastClaimedAt: '2021-03-22T09:00:00.000Z',
      lastError: 'Try again later',
      permanent: false,
      retryAt: '2021-03-22T12:05:00.000Z',
    });
  });

  it('failed then sent: sent, at the second attempt, the failure still told', () => {
    expect(byStream('MC')).toMatchObject({
      outcome: 'sent',
      attempts: 2,
      firstClaimedAt: '2021-03-22T09:00:00.000Z',
      lastClaimedAt: '2021-03-22T09:05:00.000Z',
      sentAt: '2021-03-22T09:05:01.000Z',
      lastError: 'Try again later',
    });
    expect(byStream('MC')).not.toHaveProperty('retryAt');
  });

  it('given up: refused for good, or every attempt spent', () => {
    expect(byStream('MEF')).toMatchObject({
      outcome: 'given_up',
      attempts: 1,
      permanent: true,
      lastError: 'Message refused by policy',
    });
    expect(byStream('MEF')).not.toHaveProperty('sentAt');
    const spent = folded([
      ...events(),
      claimed('reminder-MJ-2021-W12', 2, '2021-03-22T12:05:00.000Z'),
      failed('reminder-MJ-2021-W12', 2, '2021-03-22T12:05:01.000Z', {
        retryAt: '2021-03-22T12:15:00.000Z',
      }),
      claimed('reminder-MJ-2021-W12', 3, '2021-03-22T12:15:00.000Z'),
      failed('reminder-MJ-2021-W12', 3, '2021-03-22T12:15:01.000Z', { error: 'Timeout' }),
    ]);
    expect(
      listReminders(spent, { ministry: 'MJ' }, '2021-03-22T13:00:00.000Z', policy)[0],
    ).toMatchObject({ outcome: 'given_up', attempts: 3, lastError: 'Timeout', permanent: false });
  });

  it('in progress: claimed, no outcome yet; given up once its lease ends with no attempt left', () => {
    expect(byStream('MA')).toEqual({
      ministry: 'MA',
      isoWeek: '2021-W12',
      outcome: 'in_progress',
      attempts: 1,
      recipients: ['a@x.gouv.fr', 'b@x.gouv.fr'],
      firstClaimedAt: '2021-03-22T11:58:00.000Z',
      lastClaimedAt: '2021-03-22T11:58:00.000Z',
    });
    // Its runner presumed dead after the lease: a run will take it over, so still in progress.
    expect(
      listReminders(index, { ministry: 'MA' }, '2021-03-22T13:00:00.000Z', policy)[0].outcome,
    ).toBe('in_progress');
    expect(
      listReminders(index, { ministry: 'MA' }, '2021-03-22T13:00:00.000Z', {
        ...policy,
        maxAttempts: 1,
      })[0].outcome,
    ).toBe('given_up');
  });

  it('lists one ministry or all, newest week first, within the weeks asked', () => {
    expect(listReminders(index, { ministry: 'MI' }, NOW, policy).map((r) => r.isoWeek)).toEqual([
      '2021-W12',
      '2021-W11',
    ]);
    expect(listReminders(index, {}, NOW, policy).map((r) => `${r.isoWeek} ${r.ministry}`)).toEqual([
      '2021-W12 MA',
      '2021-W12 MC',
      '2021-W12 MEF',
      '2021-W12 MI',
      '2021-W12 MJ',
      '2021-W11 MI',
    ]);
    expect(
      listReminders(index, { from: '2021-W11', to: '2021-W11' }, NOW, policy).map(
        (r) => r.ministry,
      ),
    ).toEqual(['MI']);
    expect(listReminders(index, { ministry: 'MI', from: '2021-W13' }, NOW, policy)).toEqual([]);
    expect(listReminders(index, { ministry: 'MSS' }, NOW, policy)).toEqual([]);
  });

  it('keeps what is not sent among the open reminders, oldest week first', () => {
    expect(index.openReminders().map((r) => r.ministry)).toEqual(['MA', 'MEF', 'MJ']);
  });

  it('is the same after a restart on the same events, and ignores events already applied', () => {
    const again = folded(events());
    expect(listReminders(again, {}, NOW, policy)).toEqual(listReminders(index, {}, NOW, policy));
    const before = listReminders(again, {}, NOW, policy);
    for (const e of events()) again.apply(e); // the same positions, read again
    expect(listReminders(again, {}, NOW, policy)).toEqual(before);
    expect(again.position).toBe(events().length);
  });

  it('ignores a failure recorded for an attempt that is no longer the latest', () => {
    position = 100;
    const late = folded([
      claimed('reminder-MI-2021-W13', 1, '2021-03-29T09:00:00.000Z'),
      // Taken over after the lease: attempt 2 claimed, then attempt 1's runner reports its failure.
      claimed('reminder-MI-2021-W13', 2, '2021-03-29T09:11:00.000Z'),
      failed('reminder-MI-2021-W13', 1, '2021-03-29T09:11:01.000Z'),
    ]);
    expect(listReminders(late, {}, '2021-03-29T09:12:00.000Z', policy)[0]).toMatchObject({
      outcome: 'in_progress',
      attempts: 2,
    });
    expect(listReminders(late, {}, '2021-03-29T09:12:00.000Z', policy)[0]).not.toHaveProperty(
      'lastError',
    );
  });
});
