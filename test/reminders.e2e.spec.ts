import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { simpleParser } from 'mailparser';
import { fixedClock } from '@cosinum/application';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { ReminderScheduler } from '@cosinum/reminders';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { startSmtpSink, type SmtpSink } from '../libs/reminders/testing/smtp-sink';
import {
  MONDAY_W12,
  REMINDER_RULES_ENV,
  SCRIPT_TITLE,
  seedReminders,
} from '../libs/reminders/testing/seed';
import {
  KEYS,
  as,
  eventCount,
  eventStoreFor,
  expectProblem,
  startTestApp,
  type TestApp,
} from './support/test-app';

const streamTypes = async (t: TestApp, stream: string) =>
  (await t.app.get<EventStore>(EVENT_STORE).readStream(stream)).map((e) => e.type);

describe('ministry contacts API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: MONDAY_W12 });
  });
  afterAll(() => t.dispose());

  it('registers, lists and removes contacts, recorded as events', async () => {
    const created = await t.request('POST', '/api/ministries/MI/contacts', {
      email: 'Referente@Interieur.gouv.fr',
      name: 'Camille Martin',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      email: 'referente@interieur.gouv.fr',
      name: 'Camille Martin',
      registeredAt: '2021-03-22T09:00:00.000Z',
    });
    const list = await t.request('GET', '/api/ministries/MI/contacts');
    expect(list.body).toEqual({ ministry: 'MI', items: [created.body] });
    expectProblem(
      await t.request('POST', '/api/ministries/MI/contacts', {
        email: 'referente@interieur.gouv.fr',
      }),
      409,
      'CONTACT.ALREADY_REGISTERED',
      'email',
    );
    const removed = await t.request(
      'DELETE',
      '/api/ministries/MI/contacts/REFERENTE%40interieur.gouv.fr',
    );
    expect(removed.status).toBe(204);
    expect((await t.request('GET', '/api/ministries/MI/contacts')).body.items).toEqual([]);
    const events = await t.app.get<EventStore>(EVENT_STORE).readStream('contacts-MI');
    expect(events.map((e) => e.type)).toEqual(['ContactRegistered', 'ContactRemoved']);
    expect(events[0].metadata).toMatchObject({
      actor: { subject: expect.any(String) },
      correlationId: expect.any(String),
      causationId: null,
      recordedAt: '2021-03-22T09:00:00.000Z',
      schemaVersion: 1,
    });
  });

  it('answers problem+json on bad input, unknown ministries and unknown contacts', async () => {
    expectProblem(
      await t.request('POST', '/api/ministries/MI/contacts', { email: 'not-an-email' }),
      400,
      'REQUEST.INVALID',
      'email',
    );
    expectProblem(
      await t.request('POST', '/api/ministries/MI/contacts', { email: `${'a'.repeat(250)}@x.fr` }),
      400,
      'REQUEST.INVALID',
      'email',
    );
    // Addresses the mailer would not write back unchanged (a quoted local part went out as
    // `" script "@interieur.gouv.fr`), and names that would not read as they are stored.
    for (const email of [
      '"<script>"@interieur.gouv.fr',
      '"a b"@interieur.gouv.fr',
      'a@[127.0.0.1]',
      'agent@interieur.gouv.fr\r\nBcc: x@y.fr',
    ]) {
      const before = await eventCount(t);
      expectProblem(
        await t.request('POST', '/api/ministries/MI/contacts', { email }),
        400,
        'REQUEST.INVALID',
        'email',
      );
      expect(await eventCount(t)).toBe(before);
    }
    for (const name of ['Camille\u202EnitraM', 'Camille\u001b[2J', '   ', 'Camille\nMartin']) {
      expectProblem(
        await t.request('POST', '/api/ministries/MI/contacts', { email: 'a@b.fr', name }),
        400,
        'REQUEST.INVALID',
        'name',
      );
    }
    expectProblem(
      await t.request('POST', '/api/ministries/MI/contacts', { email: 'a@b.fr', name: 'x\u0007' }),
      400,
      'REQUEST.INVALID',
      'name',
    );
    expectProblem(
      await t.request('POST', '/api/ministries/MI/contacts', { email: 'a@b.fr', role: 'x' }),
      400,
      'REQUEST.INVALID',
      'role',
    );
    expectProblem(
      await t.request('POST', '/api/ministries/NOPE/contacts', { email: 'a@b.fr' }),
      404,
      'MINISTRY.NOT_FOUND',
    );
    expectProblem(
      await t.request('GET', '/api/ministries/NOPE/contacts'),
      404,
      'MINISTRY.NOT_FOUND',
    );
    expectProblem(
      await t.request('DELETE', '/api/ministries/MI/contacts/nobody%40x.fr'),
      404,
      'CONTACT.NOT_FOUND',
    );
    expectProblem(
      await t.request('DELETE', '/api/ministries/MI/contacts/not-an-email'),
      400,
      'REQUEST.INVALID',
      'email',
    );
  });

  it('lets a ministry manage its own contacts only', async () => {
    expect(
      (await t.request('GET', '/api/ministries/MI/contacts', undefined, as(KEYS.MI))).status,
    ).toBe(200);
    expect(
      (await t.request('GET', '/api/ministries/MJ/contacts', undefined, as(KEYS.MI))).status,
    ).toBe(403);
    expect((await t.request('POST', '/api/reminders/runs', undefined, as(KEYS.MI))).status).toBe(
      403,
    );
  });
});

describe('weekly digest over SMTP', () => {
  let sink: SmtpSink;
  let t: TestApp;
  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({
      now: MONDAY_W12,
      env: {
        ...REMINDER_RULES_ENV,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(sink.port),
        REMINDER_REPLY_TO: 'cosinum@numerique.gouv.fr',
        PUBLIC_URL: 'https://cosinum.example.fr/',
      },
    });
    await seedReminders(t.request);
  });
  afterAll(async () => {
    await t.dispose();
    await sink.close();
  });

  it('sends one French digest per ministry with something to report, once', async () => {
    const run = await t.request('POST', '/api/reminders/runs');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      trigger: 'manual',
      isoWeek: '2021-W12',
      asOf: '2021-03-22T09:00:00.000Z',
    });
    const byMinistry = Object.fromEntries(
      run.body.outcomes.map((o: { ministry: string; status: string }) => [o.ministry, o.status]),
    );
    expect(byMinistry).toMatchObject({
      MI: 'sent',
      MJ: 'sent',
      MC: 'nothing_to_report',
      SPM: 'no_recipients',
    });
    await sink.waitFor(2);
    expect(sink.received).toHaveLength(2);

    const mi = sink.received.find(
      (m) => m.parsed.messageId === '<reminder-MI-2021-W12@cosinum.numerique.gouv.fr>',
    );
    expect(mi).toBeDefined();
    const mail = mi!.parsed;
    expect(mi!.envelopeTo.sort()).toEqual([
      'chef.projet@interieur.gouv.fr',
      'referente@interieur.gouv.fr',
    ]);
    expect(mail.subject).toBe(
      '[COSINUM] Semaine du 22 mars 2021\u202f: 2 engagements en retard, 1 à risque, 1 à échéance sous 30 jours',
    );
    expect(mail.from?.text).toContain('ne-pas-repondre@cosinum.numerique.gouv.fr');
    expect(mail.replyTo?.text).toBe('cosinum@numerique.gouv.fr');
    expect(mail.date?.toISOString()).toBe('2021-03-22T09:00:00.000Z');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const html = String(mail.html);
    const text = String(mail.text);
    for (const part of [html, text]) {
      expect(part).toContain(
        "Ministère de l'Intérieur".replace("'", part === html ? '&#39;' : "'"),
      );
      expect(part).toContain('lundi 22 mars 2021');
      expect(part).toContain('Messagerie accessible à distance');
      expect(part).toContain('1er mars 2021');
      expect(part).toContain('Visioconférence de l’État');
      // A value short of the target, told apart from silence.
      expect(part).toContain('85\u202f% au 01/02/2021, valeur déclarée inférieure à l’objectif');
      expect(part).toContain('aucune déclaration');
      expect(part).toContain('3 de ces engagements n’ont fait l’objet d’aucune déclaration.');
      // The cadence, and when the next value is due.
      expect(part).toContain(
        // Decided on 20 January: February's value is the first owed, due 60 days after February.
        'une valeur par mois\u202f; la prochaine est attendue au plus tard le 29 avril 2021',
      );
      expect(part).toContain('https://cosinum.example.fr/tableau-de-bord/ministeres/MI');
      expect(part).not.toContain('Réseau interministériel');
    }
    expect(text).toContain('dépassée de 21 jours');
    expect(text).toContain(SCRIPT_TITLE);
    expect(html).not.toContain('<script>');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Téléservices &amp; démarches',
    );
    expect(html).toMatch(/<caption[^>]*>Engagements en retard \(2\)<\/caption>/);
    // The row header is the title, as a link to the item's declaration form.
    expect(html).toMatch(
      /<th scope="row"[^>]*><a href="https:\/\/cosinum\.example\.fr\/tableau-de-bord\/engagements\/[0-9a-f-]{36}\/avancement"[^>]*>Messagerie accessible à distance<\/a><\/th>/,
    );

    const mj = sink.received.find(
      (m) => m.parsed.messageId === '<reminder-MJ-2021-W12@cosinum.numerique.gouv.fr>',
    );
    expect(mj!.parsed.subject).toBe(
      '[COSINUM] Semaine du 22 mars 2021\u202f: 1 engagement à risque',
    );
    // MJ declared nothing: silence, not a shortfall.
    expect(String(mj!.parsed.text)).toContain(
      'Cet engagement n’a fait l’objet d’aucune déclaration.',
    );
    expect(mj!.envelopeTo).toEqual(['numerique@justice.gouv.fr']);

    const events = await t.app.get<EventStore>(EVENT_STORE).readStream('reminder-MI-2021-W12');
    expect(events.map((e) => e.type)).toEqual(['ReminderClaimed', 'ReminderSent']);
    expect(events[1].data).toMatchObject({
      messageId: '<reminder-MI-2021-W12@cosinum.numerique.gouv.fr>',
      transport: 'smtp',
      response: expect.stringContaining('250'),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      subject: mail.subject,
      recipients: ['referente@interieur.gouv.fr', 'chef.projet@interieur.gouv.fr'],
    });
    expect((events[1].data as { commitmentIds: string[] }).commitmentIds).toHaveLength(4);
    for (const e of events) {
      expect(e.metadata).toMatchObject({
        actor: { subject: 'system:reminders' },
        correlationId: expect.any(String),
        recordedAt: '2021-03-22T09:00:00.000Z',
        schemaVersion: 1,
      });
    }
    expect(events[1].metadata.causationId).toBe(events[0].id);

    const again = await t.request('POST', '/api/reminders/runs');
    expect(again.body.outcomes.find((o: { ministry: string }) => o.ministry === 'MI').status).toBe(
      'already_sent',
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.received).toHaveLength(2);
    expect(await streamTypes(t, 'reminder-MC-2021-W12')).toEqual([]);
  });
});

describe('the .eml outbox (no SMTP_HOST)', () => {
  it('writes each digest as a file under $DATA_DIR/outbox', async () => {
    const t = await startTestApp({
      now: MONDAY_W12,
      env: { ...REMINDER_RULES_ENV, REMINDER_SEND_EMPTY: 'true' },
    });
    try {
      await seedReminders(t.request);
      const run = await t.request('POST', '/api/reminders/runs');
      const mi = run.body.outcomes.find((o: { ministry: string }) => o.ministry === 'MI');
      const file = join(t.dataDir, 'outbox', 'reminder-MI-2021-W12.eml');
      expect(mi).toMatchObject({ status: 'sent', transport: 'outbox', response: file });
      expect(existsSync(file)).toBe(true);
      const parsed = await simpleParser(readFileSync(file));
      expect(parsed.messageId).toBe('<reminder-MI-2021-W12@cosinum.numerique.gouv.fr>');
      expect(parsed.subject).toContain('2 engagements en retard');
      expect(String(parsed.html)).not.toContain('<script>');
      // REMINDER_SEND_EMPTY: MC has a contact and nothing to report, and still gets its digest.
      const mc = await simpleParser(
        readFileSync(join(t.dataDir, 'outbox', 'reminder-MC-2021-W12.eml')),
      );
      expect(mc.subject).toBe(
        '[COSINUM] Semaine du 22 mars 2021\u202f: aucun engagement en retard ni à risque',
      );
    } finally {
      await t.dispose();
    }
  });
});

describe('the schedule', () => {
  it('sends a week missed while down once at start-up, in the api and in the worker', async () => {
    const sink = await startSmtpSink();
    const env = { ...REMINDER_RULES_ENV, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port) };
    // The data, written while the scheduler is off (Monday 08:00 Paris: before the schedule).
    const setup = await startTestApp({ now: '2021-03-22T07:00:00Z', env });
    const dataDir = setup.dataDir;
    try {
      await seedReminders(setup.request);
      await setup.close();
      // Started after Monday 09:00 Paris: catches up at once.
      const api = await startTestApp({
        now: MONDAY_W12,
        dataDir,
        env: { ...env, SCHEDULER_ENABLED: 'true' },
      });
      const run = await api.app.get(ReminderScheduler).catchUp;
      expect(run?.trigger).toBe('start-up');
      await sink.waitFor(2);
      await api.close();
      // The worker, restarted later that week: nothing more to send.
      // The api's own configuration (same store, SQLite or EventStoreDB), scheduler on.
      const config = { ...api.config, schedulerEnabled: true };
      const worker = await NestFactory.createApplicationContext(
        WorkerModule.forRoot(config, {
          clock: fixedClock('2021-03-24T15:00:00Z'),
          store: eventStoreFor(config),
        }),
        { logger: false },
      );
      await worker.init();
      const rerun = await worker.get(ReminderScheduler).catchUp;
      expect(
        rerun?.outcomes
          .filter((o) => o.status === 'already_sent')
          .map((o) => o.ministry)
          .sort(),
      ).toEqual(['MI', 'MJ']);
      await worker.close();
      expect(sink.received).toHaveLength(2);
    } finally {
      await setup.dispose();
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
      await sink.close();
    }
  });
});
