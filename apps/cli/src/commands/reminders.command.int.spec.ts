import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@cosinum/event-store';
import { REMINDER_RULES_ENV, seedReminders } from '../../../../libs/reminders/testing/seed';
import { closedPort } from '../../../../libs/reminders/testing/smtp-sink';
import { startTestApp } from '../../../../test/support/test-app';
import { cliSandbox } from '../../testing/cli-sandbox';
import { buildProgram, run } from '../main';

describe('cosinum reminders: preview a week, dry-run it, send it', () => {
  const cli = cliSandbox('cosinum-cli-reminders-');
  const cosinum = async (...args: string[]) => {
    cli.clear();
    return run(['node', 'cosinum', ...args]);
  };
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  /** The seeded store of the reminders' specs, written before 2021-W12's scheduled time. */
  const seed = async () => {
    const app = await startTestApp({
      now: '2021-03-22T07:00:00Z',
      dataDir: cli.dir,
      env: REMINDER_RULES_ENV,
    });
    await seedReminders(app.request);
    await app.close();
    Object.assign(process.env, REMINDER_RULES_ENV, { PUBLIC_URL: 'https://cosinum.example.fr' });
  };
  const eventCount = async () => {
    const store = new SqliteEventStore({ filename: join(cli.dir, 'events.sqlite') });
    try {
      return await store.headPosition();
    } finally {
      await store.close();
    }
  };

  it('previews a ministry’s e-mail as text, HTML or JSON, writing nothing', async () => {
    await seed();
    const before = await eventCount();
    expect(await cosinum('reminders', 'preview', '--ministry', 'MI', '--week', '2021-W12')).toBe(0);
    expect(cli.out).toMatch(
      /^Objet\u202f: \[COSINUM\] Semaine du 22 mars 2021\u202f: 2 engagements en retard, 1 à risque, 1 à échéance sous 30 jours\nÀ\u202f: referente@interieur\.gouv\.fr, chef\.projet@interieur\.gouv\.fr\n\n/,
    );
    expect(cli.out).toContain('Messagerie accessible à distance');
    expect(await cosinum('reminders', 'preview', '-m', 'MI', '--week', '2021-W12', '--html')).toBe(
      0,
    );
    expect(cli.out).toMatch(/^<!DOCTYPE html>/i);
    expect(await cosinum('reminders', 'preview', '-m', 'MI', '--week', '2021-W12', '--json')).toBe(
      0,
    );
    expect(JSON.parse(cli.out)).toMatchObject({
      ministry: 'MI',
      isoWeek: '2021-W12',
      asOf: '2021-03-22T08:00:00.000Z',
      claimed: false,
    });
    expect(await cosinum('reminders', 'preview', '-m', 'MC', '--week', '2021-W12')).toBe(0);
    expect(cli.out).toBe(
      'Aucun engagement en retard, à risque ni à échéance proche à signaler pour la semaine du 22 mars 2021\u202f: aucun courriel ne serait envoyé.\n',
    );
    expect(await eventCount()).toBe(before);
  });

  it('dry-runs a week without sending or writing, then sends it once into the outbox', async () => {
    await seed();
    const before = await eventCount();
    const outbox = join(cli.dir, 'outbox');
    expect(await cosinum('reminders', 'run', '--week', '2021-W12', '--dry-run', '--json')).toBe(0);
    const dry = JSON.parse(cli.out) as {
      dryRun: boolean;
      outcomes: { ministry: string; status: string; subject?: string }[];
    };
    expect(dry.dryRun).toBe(true);
    const planned = Object.fromEntries(dry.outcomes.map((o) => [o.ministry, o]));
    expect(planned.MI.status).toBe('would_send');
    expect(planned.MJ.status).toBe('would_send');
    expect(planned.MC.status).toBe('nothing_to_report');
    expect(await eventCount()).toBe(before);
    expect(readdirSafe(outbox)).toEqual([]);

    expect(await cosinum('reminders', 'run', '--week', '2021-W12')).toBe(0);
    expect(cli.out).toMatch(/^Run [0-9a-f-]+ for 2021-W12 \(board of 2021-03-22T08:00:00.000Z\)\n/);
    expect(cli.out).toContain(`MI           sent  ${planned.MI.subject}\n`);
    expect(readdirSafe(outbox)).toHaveLength(2);
    expect(await eventCount()).toBeGreaterThan(before);
    // Exactly once: a second run for that week sends nothing more.
    expect(await cosinum('reminders', 'run', '--week', '2021-W12')).toBe(0);
    expect(cli.out).toContain('MI           already_sent\n');
    expect(readdirSafe(outbox)).toHaveLength(2);
  });

  it('lists each ministry’s reminders with their outcome, as text or JSON', async () => {
    await seed();
    expect(await cosinum('reminders', 'list')).toBe(0);
    expect(cli.out).toBe('No reminder recorded.\n');
    // A relay that does not answer: both ministries' first attempts fail, a retry to follow.
    Object.assign(process.env, {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(await closedPort()),
      SMTP_TIMEOUT_MS: '2000',
      REMINDER_RETRY_BASE_MS: '10',
    });
    expect(await cosinum('reminders', 'run', '--week', '2021-W12')).toBe(0);
    expect(await cosinum('reminders', 'list')).toBe(0);
    const lines = cli.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^week\s+ministry\s+outcome\s+attempts\s+recipients\s+detail$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 5))).toEqual([
      ['2021-W12', 'MI', 'failed', '1', '2'],
      ['2021-W12', 'MJ', 'failed', '1', '1'],
    ]);
    expect(lines[1]).toMatch(/ last error: .*ECONNREFUSED.*; retry from \d{4}-\d\d-\d\dT/);
    // Into the outbox now: the retry goes out, at the second attempt.
    delete process.env.SMTP_HOST;
    delete process.env.SMTP_PORT;
    await new Promise((r) => setTimeout(r, 50));
    expect(await cosinum('reminders', 'run', '--week', '2021-W12')).toBe(0);
    expect(await cosinum('reminders', 'list', '--ministry', 'MI', '--json')).toBe(0);
    const listed = JSON.parse(cli.out) as { asOf: string; items: Record<string, unknown>[] };
    expect(listed.items).toEqual([
      expect.objectContaining({
        ministry: 'MI',
        isoWeek: '2021-W12',
        outcome: 'sent',
        attempts: 2,
        recipients: ['referente@interieur.gouv.fr', 'chef.projet@interieur.gouv.fr'],
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        commitmentCount: 4,
        lastError: expect.stringContaining('ECONNREFUSED'),
      }),
    ]);
    expect(await cosinum('reminders', 'list', '-m', 'MJ')).toBe(0);
    expect(cli.out).toMatch(/\n2021-W12 +MJ +sent +2 +1 +sent \S+, 1 item\(s\)\n$/);
    expect(await cosinum('reminders', 'list', '--from', '2021-W13', '--json')).toBe(0);
    expect((JSON.parse(cli.out) as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses bad options by name, and documents each command', async () => {
    for (const args of [
      ['preview', '-m', 'NOPE', '--week', '2021-W12'],
      ['preview', '-m', 'MI', '--week', '2021-W99'],
      ['preview', '-m', 'MI', '--week', '2999-W01'],
      ['run', '--week', '21-W12', '--dry-run'],
      ['list', '--ministry', 'NOPE'],
      ['list', '--from', '2021-12'],
    ]) {
      expect(await cosinum('reminders', ...args)).toBe(2);
      expect(cli.err).toMatch(/^cosinum: (unknown ministry code "NOPE"|--week |--from )/);
    }
    const listHelp = buildProgram()
      .commands.find((c) => c.name() === 'reminders')!
      .commands.find((c) => c.name() === 'list')!
      .helpInformation();
    for (const option of ['--ministry <code>', '--from <YYYY-Www>', '--to <YYYY-Www>', '--json'])
      expect(listHelp).toContain(option);
    for (const sub of ['preview', 'run']) {
      const help = buildProgram()
        .commands.find((c) => c.name() === 'reminders')!
        .commands.find((c) => c.name() === sub)!
        .helpInformation();
      expect(help).toContain('--week <YYYY-Www>');
      expect(help).toContain(sub === 'preview' ? '--html' : '--dry-run');
    }
  });
});

const readdirSafe = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};
