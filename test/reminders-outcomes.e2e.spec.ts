import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../libs/reminders/testing/smtp-sink';
import { MONDAY_W12, seedReminders } from '../libs/reminders/testing/seed';
import { frenchLongDate } from '../libs/reminders/src/french';
import { axeViolations, launchChromium, localContext, screenshotsOf } from './support/browser';
import { KEYS, as, expectProblem, startTestApp, type TestApp } from './support/test-app';

/**
 * Where each weekly reminder ended up, through HTTP, with a real SMTP server on 127.0.0.1: one
 * ministry's delivery refused for good (given up), another's refused once then sent; the list on
 * the API, the ministry page and its access rules; the e-mail's links to the declaration form and
 * the to-do page, and the way from a link to the form through the sign-in.
 */
const PUBLIC_URL = 'https://cosinum.example.fr';
const SHOTS = '/work/shots/reminders17';
/** Collapses white space as a reader sees it, keeping U+202F (which `\s` would match). */
const squash = (text: string) =>
  text
    .replace(/&#8239;/g, '\u202f')
    .replace(/&#39;/g, "'")
    .replace(/[\t\n\r ]+/g, ' ');

type Listed = {
  ministry: string;
  isoWeek: string;
  outcome: string;
  attempts: number;
  recipients: string[];
  sentAt?: string;
  lastError?: string;
  retryAt?: string;
};

describe('reminder outcomes, listed', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let ids: Record<string, string>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // MJ's only address is unknown to the server: refused at RCPT TO, for good (5xx).
    sink.unknownMailboxes(['numerique@justice.gouv.fr']);
    // MI's first message is refused for now (451): it will be tried again.
    sink.refuseNext(1, 451);
    t = await startTestApp({
      now: MONDAY_W12,
      env: smtpEnv(sink.port, { PUBLIC_URL }),
    });
    ids = await seedReminders(t.request);
  });
  afterAll(async () => {
    await t.dispose();
    await sink.close();
  });

  const list = async (query = '', headers?: Record<string, string>) =>
    t.request('GET', `/api/reminders${query}`, undefined, headers);
  const items = async (query = '', headers?: Record<string, string>) => {
    const response = await list(query, headers);
    expect(response.status).toBe(200);
    return response.body.items as Listed[];
  };

  it('lists nothing for a dry run, then each outcome of real runs, newest week first', async () => {
    const dry = await t.request('POST', '/api/reminders/runs?dryRun=true');
    expect(dry.body.outcomes.map((o: { status: string }) => o.status)).toContain('would_send');
    expect(await items()).toEqual([]);

    const run = await t.request('POST', '/api/reminders/runs');
    expect(run.status).toBe(200);
    // MI refused for now, MJ for good: one will be tried again, the other not.
    expect(await items()).toEqual([
      {
        ministry: 'MI',
        isoWeek: '2021-W12',
        outcome: 'failed',
        attempts: 1,
        recipients: ['referente@interieur.gouv.fr', 'chef.projet@interieur.gouv.fr'],
        firstClaimedAt: '2021-03-22T09:00:00.000Z',
        lastClaimedAt: '2021-03-22T09:00:00.000Z',
        lastError: expect.stringContaining('Try again later'),
        permanent: false,
        retryAt: '2021-03-22T09:10:00.000Z',
      },
      {
        ministry: 'MJ',
        isoWeek: '2021-W12',
        outcome: 'given_up',
        attempts: 1,
        recipients: ['numerique@justice.gouv.fr'],
        firstClaimedAt: '2021-03-22T09:00:00.000Z',
        lastClaimedAt: '2021-03-22T09:00:00.000Z',
        lastError: expect.stringContaining('mailbox unknown'),
        permanent: true,
      },
    ]);

    // The ministry's page says so, in French.
    const failedPage = squash((await t.request('GET', '/tableau-de-bord/ministeres/MI')).text);
    expect(failedPage).toMatch(/fr-badge--warning">\s*Échec, nouvel essai prévu\s*</);
    expect(failedPage).toContain('La tentative a échoué\u202f; dernière erreur\u202f: «\u202f');
    expect(failedPage).toContain('Nouvel essai prévu à partir du 22/03/2021 à 10 h 10.');

    // Eleven minutes later, the retry goes out: sent, at the second attempt.
    t.clock.set('2021-03-22T09:11:00Z');
    const retry = await t.request('POST', '/api/reminders/runs');
    expect(retry.body.outcomes).toContainEqual(
      expect.objectContaining({ ministry: 'MI', status: 'sent', attempt: 2 }),
    );
    await sink.waitFor(1);
    const body = (await list()).body;
    expect(body.asOf).toBe('2021-03-22T09:11:00.000Z');
    expect(body.items[0]).toEqual({
      ministry: 'MI',
      isoWeek: '2021-W12',
      outcome: 'sent',
      attempts: 2,
      recipients: ['referente@interieur.gouv.fr', 'chef.projet@interieur.gouv.fr'],
      firstClaimedAt: '2021-03-22T09:00:00.000Z',
      lastClaimedAt: '2021-03-22T09:11:00.000Z',
      sentAt: '2021-03-22T09:11:00.000Z',
      refused: [],
      subject: expect.stringMatching(/^\[COSINUM\] Semaine du 22 mars 2021\u202f: /),
      commitmentCount: 4,
      lastError: expect.stringContaining('Try again later'),
      permanent: false,
    });
    expect(body.items[1]).toMatchObject({ ministry: 'MJ', outcome: 'given_up' });

    // A runner that has just claimed MI's week 11 and not finished: in progress.
    await t.app.get<EventStore>(EVENT_STORE).appendToStream(
      'reminder-MI-2021-W11',
      [
        {
          id: randomUUID(),
          type: 'ReminderClaimed',
          data: {
            ministry: 'MI',
            isoWeek: '2021-W11',
            messageId: '<reminder-MI-2021-W11@cosinum.numerique.gouv.fr>',
            attempt: 1,
            asOf: '2021-03-15T08:00:00.000Z',
            recipients: ['referente@interieur.gouv.fr'],
            runId: randomUUID(),
          },
          metadata: {
            actor: { subject: 'system:reminders' },
            correlationId: randomUUID(),
            causationId: null,
            recordedAt: '2021-03-22T09:10:30.000Z',
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    // The read model follows the store: wait for it to have read the claim.
    const weeks = async () => (await items('?ministry=MI')).map((r) => `${r.isoWeek} ${r.outcome}`);
    for (let i = 0; i < 100 && (await weeks()).length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await weeks()).toEqual(['2021-W12 sent', '2021-W11 in_progress']);
    expect((await items('?from=2021-W11&to=2021-W11')).map((r) => r.ministry)).toEqual(['MI']);
    expect(await items('?from=2021-W13')).toEqual([]);
  });

  it('lets a ministry see its own reminders only; analysts and auditors see all', async () => {
    expect(new Set((await items('', as(KEYS.MI))).map((r) => r.ministry))).toEqual(new Set(['MI']));
    expect((await items('?ministry=MI', as(KEYS.MI))).length).toBeGreaterThan(0);
    expect((await items('', as(KEYS.MJ))).map((r) => r.ministry)).toEqual(['MJ']);
    expectProblem(await list('?ministry=MJ', as(KEYS.MI)), 403);
    expect(new Set((await items('', as(KEYS.auditor))).map((r) => r.ministry))).toEqual(
      new Set(['MI', 'MJ']),
    );
    expect((await items('?ministry=MJ')).map((r) => r.ministry)).toEqual(['MJ']);
    expectProblem(await list('', as(null)), 401);
    // The dashboard too: MI's key may not open MJ's page nor its e-mail.
    expect(
      (await t.request('GET', '/tableau-de-bord/ministeres/MJ', undefined, as(KEYS.MI))).status,
    ).toBe(403);
    expect(
      (
        await t.request(
          'GET',
          '/tableau-de-bord/ministeres/MJ/courriel?semaine=2021-W12',
          undefined,
          as(KEYS.MI),
        )
      ).status,
    ).toBe(403);
  });

  it.each([
    ['?week=2021-W12', 'week'],
    ['?from=2021-12', 'from'],
    ['?to=W12', 'to'],
    ['?from=2021-W53', 'from'],
    ['?from=2021-W12&to=2021-W11', 'to'],
    ['?ministry=NOPE', 'ministry'],
    ['?ministry=mi', 'ministry'],
  ])('refuses %s naming %s, as problem+json', async (query, field) => {
    expectProblem(await list(query), 400, undefined, field);
  });

  it('shows each outcome on the ministry page, with a badge and a link to its e-mail', async () => {
    const mi = squash((await t.request('GET', '/tableau-de-bord/ministeres/MI')).text);
    const section = mi.slice(mi.indexOf('<section aria-labelledby="rappels">'));
    expect(section).toContain('<h2 id="rappels">Rappels</h2>');
    expect(section).toMatch(/fr-badge--success">\s*Envoyé\s*</);
    expect(section).toContain(
      'Envoyé le 22/03/2021 à 10 h 11, à la 2e tentative\u202f; 4 engagements signalés.',
    );
    expect(section).toMatch(/fr-badge--info">\s*En cours\s*</);
    expect(section).toContain('Préparé le 22/03/2021 à 10 h 10, envoi en cours.');
    expect(section).toContain('href="/tableau-de-bord/ministeres/MI/courriel?semaine=2021-W12"');
    expect(section).toContain('href="/tableau-de-bord/ministeres/MI/courriel?semaine=2021-W11"');
    expect(section).toContain(
      'Destinataires\u202f: referente@interieur.gouv.fr, chef.projet@interieur.gouv.fr',
    );
    const mj = squash((await t.request('GET', '/tableau-de-bord/ministeres/MJ')).text);
    const mjSection = mj.slice(mj.indexOf('<section aria-labelledby="rappels">'));
    expect(mjSection).toMatch(/fr-badge--error">\s*Abandonné\s*</);
    expect(mjSection).toContain(
      'Refusé définitivement par le serveur de messagerie\u202f; dernière erreur\u202f: «\u202f',
    );
    expect(mjSection).toContain(
      'Il ne sera plus renvoyé\u202f: vérifiez les adresses des correspondants.',
    );
    expect(mjSection).not.toContain('Envoyé le');
    // The e-mail page each row links to.
    const preview = await t.request(
      'GET',
      '/tableau-de-bord/ministeres/MI/courriel?semaine=2021-W12',
    );
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Courriel de rappel de la semaine du 22 mars 2021');
  });

  it('sends an e-mail whose items link to their declaration form, and a button to the to-do page', async () => {
    const mail = sink.received.find(
      (m) => m.parsed.messageId === '<reminder-MI-2021-W12@cosinum.numerique.gouv.fr>',
    );
    expect(mail).toBeDefined();
    const html = String(mail?.parsed.html);
    const text = String(mail?.parsed.text);
    for (const key of ['late', 'script', 'close', 'soon']) {
      const form = `${PUBLIC_URL}/tableau-de-bord/engagements/${ids[key]}/avancement`;
      expect(html).toContain(`<a href="${form}"`);
      expect(text).toContain(`  Formulaire de déclaration\u202f: ${form}\n`);
    }
    // Not listed (due at the end of the year), so not linked.
    expect(html).not.toContain(ids.far);
    expect(text).not.toContain(ids.far);
    expect(html).toMatch(
      new RegExp(
        `<a href="${PUBLIC_URL}/tableau-de-bord/a-renseigner" [^>]*>Déclarer l’avancement</a>`,
      ),
    );
    expect(text).toContain(
      `\nDéclarer l’avancement\u202f: ${PUBLIC_URL}/tableau-de-bord/a-renseigner\n`,
    );
    // By when: the earliest report due among the listed items, from the board of the claim.
    const board = await t.request(
      'GET',
      '/api/status?ministry=MI&asOf=2021-03-22T09:00:00Z&knownAt=2021-03-22T09:00:00Z',
    );
    const listed = new Set(['late', 'script', 'close', 'soon'].map((k) => ids[k]));
    const dues = (board.body.items as { commitmentId: string; nextReportDue?: string }[])
      .filter((i) => listed.has(i.commitmentId))
      .map((i) => i.nextReportDue)
      .filter((d): d is string => d !== undefined)
      .sort();
    expect(dues.length).toBeGreaterThan(0);
    const sentence =
      dues[0] >= '2021-03-22'
        ? `Déclarez l’avancement de ces engagements au plus tard le ${frenchLongDate(dues[0])}\u202f: un clic sur un engagement ouvre son formulaire de déclaration.`
        : `Une déclaration est attendue depuis le ${frenchLongDate(dues[0])}\u202f:`;
    expect(text).toContain(sentence);
    expect(squash(html)).toContain(sentence.replace(/'/g, '&#39;'));
    // The dashboard's preview of that week shows the same text, links included.
    const preview = await t.request('GET', '/api/reminders/preview?ministry=MI&week=2021-W12');
    expect(preview.body.claimed).toBe(true);
    expect(preview.body.digest.text).toBe(text);
  });

  it('takes a correspondent from the e-mail link through the sign-in to the form', async () => {
    const mail = sink.received[0];
    const href = /<a href="([^"]+\/avancement)"/.exec(String(mail.parsed.html))?.[1] ?? '';
    const form = href.slice(PUBLIC_URL.length);
    expect(form).toBe(`/tableau-de-bord/engagements/${ids.late}/avancement`);
    // No session: off to the sign-in page, which will come back here.
    const first = await fetch(`${t.baseUrl}${form}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/connexion?retour=${encodeURIComponent(form)}`);
    const signInPage = await (await fetch(`${t.baseUrl}${first.headers.get('location')}`)).text();
    expect(signInPage).toContain(`<input type="hidden" name="retour" value="${form}">`);
    // Signed in with the ministry's key: straight back to the exact form address.
    const signedIn = await fetch(`${t.baseUrl}/connexion`, {
      method: 'POST',
      body: new URLSearchParams({ cle: KEYS.MI, retour: form }),
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe(form);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
    // With the session: the declaration form of that commitment, for the ministry.
    const landed = await fetch(`${t.baseUrl}${form}`, { redirect: 'manual', headers: { cookie } });
    expect(landed.status).toBe(200);
    const page = await landed.text();
    expect(page).toContain('Déclarer l’avancement</h1>');
    expect(page).toContain('Messagerie accessible à distance');
    expect(page).toMatch(
      /<form method="post" action="\/tableau-de-bord\/engagements\/[0-9a-f-]{36}\/avancement"/,
    );
    expect(page).toContain('name="value"');
  });

  it('shows the reminders section and the e-mail page readably at 1280 and 390 px, with no axe violation', async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Kept with the other browser specs' artifacts too (test-artifacts/reminders/).
    const shoot = screenshotsOf('reminders');
    const browser = await launchChromium();
    try {
      const { context, page, scriptErrors } = await localContext(browser);
      await context.setExtraHTTPHeaders({ 'x-api-key': KEYS.analyst });
      for (const ministry of ['MI', 'MJ']) {
        await page.goto(`${t.baseUrl}/tableau-de-bord/ministeres/${ministry}#rappels`);
        expect(await axeViolations(page)).toEqual([]);
        await shoot(page, `ministry-reminders-${ministry}`);
        for (const [suffix, width] of [
          ['1280', 1280],
          ['390', 390],
        ] as const) {
          await page.setViewportSize({ width, height: 900 });
          await page
            .locator('section[aria-labelledby=rappels]')
            .screenshot({ path: join(SHOTS, `ministry-reminders-${ministry}-${suffix}.png`) });
        }
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      await page.goto(`${t.baseUrl}/tableau-de-bord/ministeres/MI/courriel?semaine=2021-W12`);
      expect(await axeViolations(page)).toEqual([]);
      await shoot(page, 'reminder-email-preview');
      for (const [suffix, width] of [
        ['1280', 1280],
        ['390', 390],
      ] as const) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({
          path: join(SHOTS, `reminder-email-preview-${suffix}.png`),
          fullPage: true,
        });
      }
      expect(scriptErrors).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
    }
  }, 60_000);
});
