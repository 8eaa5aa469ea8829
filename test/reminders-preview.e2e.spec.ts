import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { startSmtpSink, type SmtpSink } from '../libs/reminders/testing/smtp-sink';
import { REMINDER_RULES_ENV, seedReminders } from '../libs/reminders/testing/seed';
import {
  KEYS,
  as,
  eventCount,
  expectProblem,
  startTestApp,
  type TestApp,
} from './support/test-app';

/** Week 2021-W12 runs on Monday 22 March, 09:00 Paris (08:00 UTC): the data is older. */
const BEFORE_W12_SCHEDULE = '2021-03-22T07:00:00Z';
const W12_SCHEDULED = '2021-03-22T08:00:00.000Z';
/** Tuesday of the next week: 2021-W12 is an earlier week. */
const TUESDAY_W13 = '2021-03-30T09:00:00Z';

type Outcome = {
  ministry: string;
  status: string;
  subject?: string;
  html?: string;
  text?: string;
  recipients?: string[];
};

const byMinistry = (outcomes: Outcome[]) =>
  Object.fromEntries(outcomes.map((o) => [o.ministry, o]));

describe('reminder preview and dry runs, for a given week', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      now: BEFORE_W12_SCHEDULE,
      env: {
        ...REMINDER_RULES_ENV,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(sink.port),
        PUBLIC_URL: 'https://cosinum.example.fr/',
      },
    });
    await seedReminders(t.request);
    t.clock.set(TUESDAY_W13);
  });
  afterAll(async () => {
    await t.dispose();
    await sink.close();
  });

  const preview = (query: string, key: string = KEYS.analyst) =>
    t.request('GET', `/api/reminders/preview?${query}`, undefined, as(key));

  it('previews a ministry’s e-mail of an earlier week, on that week’s board, writing nothing', async () => {
    const before = await eventCount(t);
    const mi = await preview('ministry=MI&week=2021-W12');
    expect(mi.status).toBe(200);
    expect(mi.body).toMatchObject({
      ministry: 'MI',
      isoWeek: '2021-W12',
      asOf: W12_SCHEDULED,
      claimed: false,
      recipients: ['referente@interieur.gouv.fr', 'chef.projet@interieur.gouv.fr'],
    });
    expect(mi.body.digest.subject).toBe(
      '[COSINUM] Semaine du 22 mars 2021\u202f: 2 engagements en retard, 1 à risque, 1 à échéance sous 30 jours',
    );
    expect(mi.body.digest.html).toContain('Messagerie accessible à distance');
    expect(mi.body.digest.html).not.toContain('<script>alert');
    expect(mi.body.digest.text).toContain('Visioconférence de l’État');
    // A ministry's key previews its own ministry.
    const own = await preview('ministry=MI&week=2021-W12', KEYS.MI);
    expect(own.status).toBe(200);
    expect(own.body.digest).toEqual(mi.body.digest);
    // Nothing to report: 200, no digest, a French sentence.
    const mc = await preview('ministry=MC&week=2021-W12');
    expect(mc.status).toBe(200);
    expect(mc.body.digest).toBeNull();
    expect(mc.body.message).toBe(
      'Aucun engagement en retard, à risque ni à échéance proche à signaler pour la semaine du 22 mars 2021\u202f: aucun courriel ne serait envoyé.',
    );
    // The current week by default.
    const current = await preview('ministry=MI');
    expect(current.body).toMatchObject({ isoWeek: '2021-W13', asOf: '2021-03-30T09:00:00.000Z' });
    expect(sink.received).toHaveLength(0);
    expect(await eventCount(t)).toBe(before);
  });

  it('shows the same e-mail on the dashboard, to analysts and to the ministry itself, writing nothing', async () => {
    const before = await eventCount(t);
    const page = await t.request(
      'GET',
      '/tableau-de-bord/ministeres/MI/courriel?semaine=2021-W12',
      undefined,
      as(KEYS.analyst),
    );
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('Courriel de rappel de la semaine du 22 mars 2021');
    expect(page.text).toContain('rien n’est envoyé ni enregistré');
    expect(page.text).toContain('referente@interieur.gouv.fr');
    expect(page.text).toContain('Visioconférence de l’État');
    expect(page.text).not.toContain('<script>alert');
    expect(
      (await t.request('GET', '/tableau-de-bord/ministeres/MI/courriel', undefined, as(KEYS.MI)))
        .status,
    ).toBe(200);
    expect(
      (await t.request('GET', '/tableau-de-bord/ministeres/MI/courriel', undefined, as(KEYS.MJ)))
        .status,
    ).toBe(403);
    // A week that cannot be shown: said in French, the current week instead.
    const odd = await t.request('GET', '/tableau-de-bord/ministeres/MI/courriel?semaine=2099-W01');
    expect(odd.status).toBe(200);
    expect(odd.text).toContain('n’est pas une semaine passée ou en cours');
    expect(odd.text).toContain('Courriel de rappel de la semaine du 29 mars 2021');
    expect(sink.received).toHaveLength(0);
    expect(await eventCount(t)).toBe(before);
  });

  it('describes both routes and their parameters in the OpenAPI document', async () => {
    const doc = await t.request('GET', '/api/docs/openapi.json');
    const paths = doc.body.paths as Record<
      string,
      Record<string, { parameters: { name: string; required?: boolean }[] }>
    >;
    expect(
      paths['/api/reminders/preview'].get.parameters.map((p) => [p.name, p.required]).sort(),
    ).toEqual([
      ['ministry', true],
      ['week', false],
    ]);
    expect(paths['/api/reminders/runs'].post.parameters.map((p) => p.name).sort()).toEqual([
      'dryRun',
      'week',
    ]);
  });

  it('refuses bad parameters by name, and other ministries to a ministry key', async () => {
    const before = await eventCount(t);
    const rows: [string, string][] = [
      ['week=2021-W12', 'ministry'],
      ['ministry=&week=2021-W12', 'ministry'],
      ['ministry=NOPE&week=2021-W12', 'ministry'],
      ['ministry=MI&week=2021-W99', 'week'],
      ['ministry=MI&week=2021-12', 'week'],
      ['ministry=MI&week=2021-W14', 'week'],
      ['ministry=MI&week=2021-W12&week=2021-W11', 'week'],
      ['ministry=MI&format=html', 'format'],
    ];
    for (const [query, field] of rows) {
      expectProblem(await preview(query), 400, 'REQUEST.INVALID', field);
    }
    expectProblem(await preview('ministry=MI&week=2021-W12', KEYS.MJ), 403);
    for (const [query, field] of [
      ['dryRun=yes', 'dryRun'],
      ['week=W12', 'week'],
      ['week=2021-W20', 'week'],
      ['dryrun=true', 'dryrun'],
      ['dryRun=true&ministry=MI', 'ministry'],
    ]) {
      expectProblem(
        await t.request('POST', `/api/reminders/runs?${query}`),
        400,
        'REQUEST.INVALID',
        field,
      );
    }
    expectProblem(
      await t.request('POST', '/api/reminders/runs?dryRun=true', undefined, as(KEYS.MI)),
      403,
    );
    expect(sink.received).toHaveLength(0);
    expect(await eventCount(t)).toBe(before);
  });

  it('a dry run renders what a week would send and sends and writes nothing; the real run then sends it', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const before = await eventCount(t);
    const dry = await t.request('POST', '/api/reminders/runs?dryRun=true&week=2021-W12');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      trigger: 'manual',
      isoWeek: '2021-W12',
      asOf: W12_SCHEDULED,
      dryRun: true,
    });
    const planned = byMinistry(dry.body.outcomes);
    expect(planned.MI).toMatchObject({
      status: 'would_send',
      attempt: 1,
      recipients: ['referente@interieur.gouv.fr', 'chef.projet@interieur.gouv.fr'],
    });
    expect(planned.MJ.status).toBe('would_send');
    expect(planned.MC.status).toBe('nothing_to_report');
    expect(planned.SPM.status).toBe('no_recipients');
    const shown = await preview('ministry=MI&week=2021-W12');
    expect(planned.MI.subject).toBe(shown.body.digest.subject);
    expect(planned.MI.html).toBe(shown.body.digest.html);
    expect(planned.MI.text).toBe(shown.body.digest.text);
    // Nothing went out (the server would have it by now) and nothing was written.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.received).toHaveLength(0);
    expect(await eventCount(t)).toBe(before);
    expect(await store.readStream('reminder-MI-2021-W12')).toEqual([]);

    const real = await t.request('POST', '/api/reminders/runs?week=2021-W12&dryRun=false');
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ isoWeek: '2021-W12', asOf: W12_SCHEDULED, dryRun: false });
    const done = byMinistry(real.body.outcomes);
    expect(done.MI).toMatchObject({ status: 'sent', subject: planned.MI.subject });
    expect(done.MJ.status).toBe('sent');
    await sink.waitFor(2);
    expect(sink.received.map((m) => m.parsed.subject).sort()).toEqual(
      [planned.MI.subject, planned.MJ.subject].sort(),
    );
    expect((await store.readStream('reminder-MI-2021-W12')).map((e) => e.type)).toEqual([
      'ReminderClaimed',
      'ReminderSent',
    ]);
    // Nothing for the current week was claimed.
    expect(await store.readStream('reminder-MI-2021-W13')).toEqual([]);
    // The preview now shows the message claimed for that week; a dry run again sends nothing.
    const after = await preview('ministry=MI&week=2021-W12');
    expect(after.body).toMatchObject({ claimed: true, asOf: W12_SCHEDULED });
    expect(after.body.digest.html).toBe(planned.MI.html);
    const again = await t.request('POST', '/api/reminders/runs?dryRun=true&week=2021-W12');
    expect(byMinistry(again.body.outcomes).MI.status).toBe('already_sent');
    expect(sink.received).toHaveLength(2);
  });
});
