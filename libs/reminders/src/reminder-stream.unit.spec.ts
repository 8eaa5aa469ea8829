import { isoWeekOf, startOfIsoWeek } from './iso-week';
import { foldReminder, nextStep, type ReminderRecord } from './reminder-stream';
import { scheduledTimeInWeekOf } from './reminder-scheduler';

const at = (recordedAt: string) => ({ recordedAt });
const claim = (attempt: number, recordedAt: string): ReminderRecord => ({
  type: 'ReminderClaimed',
  data: {
    ministry: 'MI',
    isoWeek: '2021-W12',
    messageId: '<m>',
    attempt,
    asOf: '2021-03-22T08:00:00.000Z',
    recipients: ['a@b.fr'],
    runId: 'r',
  },
  metadata: at(recordedAt),
});
const failed = (attempt: number): ReminderRecord => ({
  type: 'ReminderFailed',
  data: { attempt, error: 'refused' },
  metadata: at('2021-03-22T08:00:01.000Z'),
});
const sent: ReminderRecord = {
  type: 'ReminderSent',
  data: { messageId: '<m>' },
  metadata: at('2021-03-22T08:00:02.000Z'),
};
const policy = { maxAttempts: 3, leaseMs: 600_000 };
const now = '2021-03-22T08:05:00.000Z';

describe('a reminder stream', () => {
  it.each<[string, ReminderRecord[], string, object]>([
    ['empty: claim it', [], 'claim', {}],
    ['sent: nothing to do', [claim(1, now), sent], 'sent', {}],
    ['failed once: retry', [claim(1, now), failed(1)], 'retry', { attempt: 2, takeOver: false }],
    [
      'claimed a moment ago: someone is sending',
      [claim(1, '2021-03-22T08:00:00.000Z')],
      'in_flight',
      { leaseEndsAt: '2021-03-22T08:10:00.000Z' },
    ],
    [
      'claimed beyond the lease: take over',
      [claim(1, '2021-03-22T07:50:00.000Z')],
      'retry',
      { attempt: 2, takeOver: true },
    ],
    [
      'failed as often as allowed: give up',
      [claim(1, now), failed(1), claim(2, now), failed(2), claim(3, now), failed(3)],
      'gave_up',
      { attempts: 3 },
    ],
    [
      'crashed twice then failed: attempts count claims',
      [claim(1, now), claim(2, now), failed(2)],
      'retry',
      { attempt: 3, takeOver: false },
    ],
    [
      'refused for good (SMTP 5xx): give up at once',
      [claim(1, now), { ...failed(1), data: { attempt: 1, error: '550', permanent: true } }],
      'gave_up',
      { attempts: 1, permanent: true },
    ],
    [
      'failed, its backoff not run out: wait, whoever reads the stream',
      [
        claim(1, now),
        { ...failed(1), data: { attempt: 1, error: '421', retryAt: '2021-03-22T08:06:00.000Z' } },
      ],
      'waiting',
      { retryAt: '2021-03-22T08:06:00.000Z' },
    ],
    [
      'failed, its backoff run out: retry',
      [
        claim(1, now),
        { ...failed(1), data: { attempt: 1, error: '421', retryAt: '2021-03-22T08:04:00.000Z' } },
      ],
      'retry',
      { attempt: 2, takeOver: false },
    ],
  ])('%s', (_, events, kind, extra) => {
    expect(nextStep(foldReminder(events), now, policy)).toEqual({ kind, ...extra });
  });

  it('keeps the first claim (board instant, recipients) for every later attempt', () => {
    const state = foldReminder([claim(1, now), failed(1), claim(2, now)]);
    expect(state).toMatchObject({
      status: 'in_flight',
      revision: 2,
      attempts: 2,
      failures: 1,
      first: { attempt: 1 },
    });
  });
});

describe('ISO weeks and the schedule, in Paris time', () => {
  it('reads the week on a Paris calendar', () => {
    expect(isoWeekOf('2021-03-22T08:00:00Z')).toBe('2021-W12');
    expect(isoWeekOf('2021-03-21T23:30:00Z')).toBe('2021-W12'); // Monday 00:30 in Paris
    expect(isoWeekOf('2021-03-21T22:30:00Z')).toBe('2021-W11'); // Sunday 23:30 in Paris
    expect(isoWeekOf('2021-01-03T12:00:00Z')).toBe('2020-W53');
    expect(startOfIsoWeek('2021-W12')).toBe('2021-03-21T23:00:00.000Z');
  });

  it('finds the first scheduled time of the week (Monday 09:00 Paris, summer time too)', () => {
    expect(scheduledTimeInWeekOf('0 9 * * 1', '2021-03-24T12:00:00Z')).toBe(
      '2021-03-22T08:00:00.000Z',
    );
    expect(scheduledTimeInWeekOf('0 9 * * 1', '2021-04-01T12:00:00Z')).toBe(
      '2021-03-29T07:00:00.000Z',
    );
    expect(scheduledTimeInWeekOf('0 9 1 1 *', '2021-03-24T12:00:00Z')).toBeNull();
  });
});
