import { rmSync } from 'node:fs';
import { EVENT_STORE, type EventStore, type NewEvent } from '@cosinum/event-store';
import {
  closedPort,
  smtpEnv,
  startSmtpSink,
  type SmtpSink,
} from '../libs/reminders/testing/smtp-sink';
import { MONDAY_W12, seedReminders } from '../libs/reminders/testing/seed';
import { launchChromium, localContext, screenshotsOf } from './support/browser';
import {
  KEYS,
  eventStoreFor,
  startTestApp,
  startTestAppWithStore,
  type TestApp,
} from './support/test-app';

/** Once and never lost: concurrent runners, refusals, an SMTP outage, a crash mid-run. */

const MI_ID = '<reminder-MI-2021-W12@cosinum.numerique.gouv.fr>';
type Outcome = { ministry: string; status: string; attempt?: number };

const outcomeOf = (run: { body: { outcomes: Outcome[] } }, ministry: string) =>
  run.body.outcomes.find((o) => o.ministry === ministry);
const stream = async (t: TestApp, name = 'reminder-MI-2021-W12') =>
  t.app.get<EventStore>(EVENT_STORE).readStream(name);

const shoot = screenshotsOf('dashboard');

/** The page as people see it, desktop and a 390 px phone, for review (test-artifacts/). */
const screenshots = async (t: TestApp, path: string, name: string) => {
  const browser = await launchChromium();
  try {
    const { context, page } = await localContext(browser);
    await context.setExtraHTTPHeaders({ 'x-api-key': KEYS.analyst });
    await page.goto(`${t.baseUrl}${path}`);
    await shoot(page, name);
    await context.close();
  } finally {
    await browser.close();
  }
};

describe('reminder delivery', () => {
  let sink: SmtpSink | undefined;
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const t of apps.splice(0)) await t.dispose();
    await sink?.close();
    sink = undefined;
  });

  it('two runners started together on one store deliver exactly one message per ministry', async () => {
    sink = await startSmtpSink();
    const a = await startTestApp({ now: MONDAY_W12, env: smtpEnv(sink.port) });
    apps.push(a);
    await seedReminders(a.request);
    const b = await startTestApp({ now: MONDAY_W12, dataDir: a.dataDir, env: smtpEnv(sink.port) });
    apps.push(b);
    const [runA, runB] = await Promise.all([
      a.request('POST', '/api/reminders/runs'),
      b.request('POST', '/api/reminders/runs'),
    ]);
    for (const ministry of ['MI', 'MJ']) {
      const statuses = [
        outcomeOf(runA, ministry)?.status,
        outcomeOf(runB, ministry)?.status,
      ].sort();
      expect(statuses[1]).toBe('sent');
      expect(['already_sent', 'claimed_elsewhere', 'in_flight']).toContain(statuses[0]);
    }
    await sink.waitFor(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.received.map((m) => m.parsed.messageId).sort()).toEqual([
      MI_ID,
      '<reminder-MJ-2021-W12@cosinum.numerique.gouv.fr>',
    ]);
    expect((await stream(a)).map((e) => e.type)).toEqual(['ReminderClaimed', 'ReminderSent']);
  });

  it('retries with backoff when the server refuses, and delivers once', async () => {
    sink = await startSmtpSink();
    sink.refuseNext(2);
    const t = await startTestApp({
      now: MONDAY_W12,
      env: smtpEnv(sink.port, { REMINDER_RETRY_BASE_MS: '50' }),
    });
    apps.push(t);
    await seedReminders(t.request);
    await t.request('DELETE', '/api/ministries/MJ/contacts/numerique%40justice.gouv.fr');
    const run = await t.request('POST', '/api/reminders/runs');
    expect(outcomeOf(run, 'MI')).toMatchObject({ status: 'failed', attempt: 1, willRetry: true });
    // The next attempt's time is in the stream (attempt 1 + 50 ms): a manual run before it waits.
    const retryAt = ((await stream(t))[1].data as { retryAt: string }).retryAt;
    expect(retryAt).toBe('2021-03-22T09:00:00.050Z');
    const early = await t.request('POST', '/api/reminders/runs');
    expect(outcomeOf(early, 'MI')).toEqual({ ministry: 'MI', status: 'waiting', retryAt });
    // The clock of this app is fixed: let it move on as real time would, for the retry timers.
    let ms = Date.parse('2021-03-22T09:00:00Z');
    const ticking = setInterval(() => t.clock.set(new Date((ms += 25)).toISOString()), 10);
    try {
      await sink.waitFor(1);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      clearInterval(ticking);
    }
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0].parsed.messageId).toBe(MI_ID);
    const events = await stream(t);
    expect(events.map((e) => e.type)).toEqual([
      'ReminderClaimed',
      'ReminderFailed',
      'ReminderClaimed',
      'ReminderFailed',
      'ReminderClaimed',
      'ReminderSent',
    ]);
    expect(events[1].data).toMatchObject({ attempt: 1, responseCode: 451 });
    expect(events[5].data).toMatchObject({ attempt: 3, messageId: MI_ID });
  });

  it('does not retry a permanent refusal (SMTP 5xx): recorded once, given up, no timer', async () => {
    sink = await startSmtpSink();
    sink.refuseNext(1, 554);
    const t = await startTestApp({
      now: MONDAY_W12,
      env: smtpEnv(sink.port, { REMINDER_RETRY_BASE_MS: '50' }),
    });
    apps.push(t);
    await seedReminders(t.request);
    await t.request('DELETE', '/api/ministries/MJ/contacts/numerique%40justice.gouv.fr');
    const run = await t.request('POST', '/api/reminders/runs');
    expect(outcomeOf(run, 'MI')).toMatchObject({
      status: 'failed',
      attempt: 1,
      willRetry: false,
      permanent: true,
    });
    t.clock.set('2021-03-22T12:00:00Z');
    const later = await t.request('POST', '/api/reminders/runs');
    expect(outcomeOf(later, 'MI')).toEqual({
      ministry: 'MI',
      status: 'gave_up',
      attempts: 1,
      permanent: true,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(0);
    const events = await stream(t);
    expect(events.map((e) => e.type)).toEqual(['ReminderClaimed', 'ReminderFailed']);
    expect(events[1].data).toMatchObject({ responseCode: 554, permanent: true });
    expect(events[1].data).not.toHaveProperty('retryAt');
    // An operator must look: /health names it.
    const health = await t.request('GET', '/health');
    expect(health.body.reminders.givenUp).toEqual([
      {
        ministry: 'MI',
        isoWeek: '2021-W12',
        attempts: 1,
        permanent: true,
        error: expect.stringContaining('refused by policy'),
      },
    ]);
    // And so does the ministry's dashboard page, in French, until someone acts.
    const page = await t.request('GET', '/tableau-de-bord/ministeres/MI');
    // The page writes U+202F as `&#8239;`; `\s` would match it, so only ordinary blanks collapse.
    const text = page.text.replace(/&#8239;/g, '\u202f').replace(/[\t\n\r ]+/g, ' ');
    expect(text).toContain('Rappel hebdomadaire non remis');
    expect(text).toContain(
      'Le rappel de la semaine 12 de 2021 (du lundi 22/03/2021) n’a pas été remis\u202f: le serveur de messagerie l’a refusé définitivement et il ne sera plus renvoyé.',
    );
    expect((await t.request('GET', '/tableau-de-bord/ministeres/MJ')).text).not.toContain(
      'Rappel hebdomadaire non remis',
    );
    await screenshots(t, '/tableau-de-bord/ministeres/MI', 'ministry-reminder-undelivered');
  });

  it("takes on an earlier week's open claim in the next week's run, as the same message", async () => {
    const port = await closedPort();
    const t = await startTestApp({ now: MONDAY_W12, env: smtpEnv(port) });
    apps.push(t);
    await seedReminders(t.request);
    const first = await t.request('POST', '/api/reminders/runs');
    expect(outcomeOf(first, 'MI')).toMatchObject({ status: 'failed', attempt: 1 });
    expect((await t.request('GET', '/health')).body.reminders.open).toBeGreaterThan(0);

    sink = await startSmtpSink(port);
    t.clock.set('2021-03-29T09:00:00Z'); // the next Monday: week 13
    const next = await t.request('POST', '/api/reminders/runs');
    expect(next.body.isoWeek).toBe('2021-W13');
    const earlier = next.body.outcomes.find(
      (o: { ministry: string; isoWeek?: string }) =>
        o.ministry === 'MI' && o.isoWeek === '2021-W12',
    );
    expect(earlier).toMatchObject({ status: 'sent', attempt: 2, messageId: MI_ID });
    expect(outcomeOf(next, 'MI')).toMatchObject({ status: 'sent', attempt: 1 });
    expect((await stream(t)).map((e) => e.type)).toEqual([
      'ReminderClaimed',
      'ReminderFailed',
      'ReminderClaimed',
      'ReminderSent',
    ]);
    expect((await t.request('GET', '/health')).body.reminders).toEqual({ open: 0, givenUp: [] });
  });

  it('prints the latest signed log head in every digest, the same in every attempt', async () => {
    sink = await startSmtpSink();
    const t = await startTestApp({ now: MONDAY_W12, env: smtpEnv(sink.port) });
    apps.push(t);
    await seedReminders(t.request);
    const signed = (await t.request('POST', '/api/audit/checkpoints')).body.checkpoint;
    expect(signed).toMatchObject({ globalHash: expect.any(String), signature: expect.any(String) });
    await t.request('POST', '/api/reminders/runs');
    await sink.waitFor(1);
    const mail = sink.received.find((m) => m.parsed.messageId === MI_ID);
    expect(mail?.parsed.text).toContain('Sceau du journal des décisions, à conserver');
    expect(mail?.parsed.text).toContain(`Empreinte SHA-256\u202f: ${signed.globalHash}`);
    expect(mail?.parsed.text).toContain(`Signature Ed25519\u202f: ${signed.signature}`);
    const claim = (await stream(t))[0];
    expect(claim.data).toMatchObject({
      logHead: {
        eventCount: signed.eventCount,
        globalHash: signed.globalHash,
        keyId: signed.keyId,
        signature: signed.signature,
      },
    });
  });

  it('records the recipients the server refused: they are not counted as reached', async () => {
    sink = await startSmtpSink();
    sink.unknownMailboxes(['chef.projet@interieur.gouv.fr']);
    const t = await startTestApp({ now: MONDAY_W12, env: smtpEnv(sink.port) });
    apps.push(t);
    await seedReminders(t.request);
    const run = await t.request('POST', '/api/reminders/runs');
    expect(outcomeOf(run, 'MI')).toMatchObject({
      status: 'sent',
      refused: ['chef.projet@interieur.gouv.fr'],
    });
    await sink.waitFor(1);
    expect(sink.received.find((m) => m.parsed.messageId === MI_ID)?.envelopeTo).toEqual([
      'referente@interieur.gouv.fr',
    ]);
    const sent = (await stream(t)).find((e) => e.type === 'ReminderSent');
    expect(sent?.data).toMatchObject({ refused: ['chef.projet@interieur.gouv.fr'] });
  });

  it('records an SMTP outage as ReminderFailed and sends on the next run', async () => {
    const port = await closedPort();
    const t = await startTestApp({ now: MONDAY_W12, env: smtpEnv(port) });
    apps.push(t);
    await seedReminders(t.request);
    const first = await t.request('POST', '/api/reminders/runs');
    expect(outcomeOf(first, 'MI')).toMatchObject({ status: 'failed', attempt: 1 });
    expect((await stream(t)).map((e) => e.type)).toEqual(['ReminderClaimed', 'ReminderFailed']);
    expect((await stream(t))[1].data).toMatchObject({
      error: expect.stringMatching(/ECONNREFUSED/),
    });

    sink = await startSmtpSink(port);
    t.clock.set('2021-03-22T09:10:00Z');
    const next = await t.request('POST', '/api/reminders/runs');
    expect(outcomeOf(next, 'MI')).toMatchObject({ status: 'sent', attempt: 2 });
    await sink.waitFor(2);
    expect(sink.received.filter((m) => m.parsed.messageId === MI_ID)).toHaveLength(1);
    // The board of the first claim: the digest says "as of 10:00", not 10:10.
    const events = await stream(t);
    expect(events.map((e) => e.type)).toEqual([
      'ReminderClaimed',
      'ReminderFailed',
      'ReminderClaimed',
      'ReminderSent',
    ]);
    expect(events[2].data).toMatchObject({ attempt: 2, asOf: '2021-03-22T09:00:00.000Z' });
  });

  it('after a crash between sending and recording, sends again with the same Message-ID', async () => {
    sink = await startSmtpSink();
    const env = smtpEnv(sink.port, { REMINDER_LEASE_MS: '60000' });
    // The process "dies" right after the server accepted the message: nothing more is stored.
    let dead = false;
    const dying = await startTestAppWithStore(
      (config) => {
        // The same store the app would open (SQLite, or EventStoreDB under E2E_EVENT_STORE=esdb).
        const inner: EventStore = eventStoreFor(config);
        return new Proxy(inner, {
          get(target, key, receiver) {
            if (key !== 'appendToStream') return Reflect.get(target, key, receiver);
            return (name: string, events: readonly NewEvent[], options: never) => {
              if (dead || events.some((e) => e.type === 'ReminderSent')) {
                dead = true;
                return Promise.reject(new Error('simulated crash: the process is gone'));
              }
              return target.appendToStream(name, events, options);
            };
          },
        });
      },
      { now: MONDAY_W12, env },
    );
    const dataDir = dying.dataDir;
    try {
      await seedReminders(dying.request);
      await dying.request('DELETE', '/api/ministries/MJ/contacts/numerique%40justice.gouv.fr');
      const crashed = await dying.request('POST', '/api/reminders/runs');
      expect(outcomeOf(crashed, 'MI')).toMatchObject({ status: 'error' });
      await sink.waitFor(1);
      await dying.close();

      // Restarted within the lease: the claim may still be someone's, nothing is sent.
      const early = await startTestApp({ now: '2021-03-22T09:00:30Z', dataDir, env });
      expect(outcomeOf(await early.request('POST', '/api/reminders/runs'), 'MI')).toMatchObject({
        status: 'in_flight',
      });
      await early.close();

      const restarted = await startTestApp({ now: '2021-03-22T09:05:00Z', dataDir, env });
      apps.push(restarted);
      const resumed = await restarted.request('POST', '/api/reminders/runs');
      expect(outcomeOf(resumed, 'MI')).toMatchObject({ status: 'sent', attempt: 2 });
      await sink.waitFor(2);

      // No loss, and the duplicate is the same message: same Message-ID, same content.
      const [before, after] = sink.received.map((m) => m.parsed);
      expect(sink.received).toHaveLength(2);
      expect(before.messageId).toBe(MI_ID);
      expect(after.messageId).toBe(MI_ID);
      expect(after.subject).toBe(before.subject);
      expect(after.text).toBe(before.text);
      expect(after.html).toBe(before.html);
      expect(after.date?.toISOString()).toBe(before.date?.toISOString());
      // Recorded exactly once.
      const events = await stream(restarted);
      expect(events.map((e) => e.type)).toEqual([
        'ReminderClaimed',
        'ReminderClaimed',
        'ReminderSent',
      ]);
      const again = await restarted.request('POST', '/api/reminders/runs');
      expect(outcomeOf(again, 'MI')).toMatchObject({ status: 'already_sent' });
      expect(sink.received).toHaveLength(2);
    } finally {
      await dying.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
