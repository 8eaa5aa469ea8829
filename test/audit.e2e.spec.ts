import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  as,
  emailCommitment,
  eventCount,
  KEYS,
  onEventStoreDb,
  startTestApp,
  type TestApp,
} from './support/test-app';

/**
 * An analyst records the email decision, ministries report over a few months, then an auditor
 * asks who did what and when, what the board showed, and whether the log is intact.
 */
describe('audit: history, replay, signed checkpoints, exports, tampering', () => {
  let t: TestApp;
  let id: string;
  const at = (instant: string) => t.clock.set(instant);

  beforeAll(async () => {
    t = await startTestApp({ now: '2020-12-03T15:00:00Z' });
    const created = await t.request(
      'POST',
      '/api/commitments',
      emailCommitment({ title: '=HYPERLINK("http://x";"100 % des agents")' }),
    );
    id = created.body.id;
    const reports: [string, string, number, string][] = [
      ['2020-12-16T09:00:00Z', 'MI', 80, '2020-12-15'],
      ['2021-01-05T09:00:00Z', 'MJ', 75, '2021-01-04'],
      ['2021-02-02T09:00:00Z', 'MI', 85, '2021-02-01'],
      ['2021-04-05T08:00:00Z', 'MI', 100, '2021-03-28'],
    ];
    for (const [now, ministry, value, on] of reports) {
      at(now);
      expect(
        (await t.request('POST', `/api/commitments/${id}/progress`, { ministry, value, on }))
          .status,
      ).toBe(201);
    }
    at('2021-04-10T10:00:00Z');
    await t.request('POST', `/api/commitments/${id}/deadline-extensions`, {
      ministry: 'MJ',
      deadline: '2021-06-30',
      reason: 'Migration de la messagerie en cours',
      decisionRef: 'COSINUM-2021-04',
    });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('shows who recorded what and when, filtered by type and period, page by page', async () => {
    const all = await t.request('GET', `/api/commitments/${id}/history`);
    expect(all.body.items.map((e: { type: string }) => e.type)).toEqual([
      'CommitmentDecided',
      'ProgressReported',
      'ProgressReported',
      'ProgressReported',
      'ProgressReported',
      'DeadlineExtended',
    ]);
    expect(all.body.items[5]).toMatchObject({
      recordedAt: '2021-04-10T10:00:00.000Z',
      actor: { subject: 'api-key:test-analyst', role: 'analyst' },
      data: { reason: 'Migration de la messagerie en cours', decisionRef: 'COSINUM-2021-04' },
    });
    expect(all.body.items[4]).toMatchObject({
      on: '2021-03-28',
      recordedAt: '2021-04-05T08:00:00.000Z',
    });
    const reports = await t.request(
      'GET',
      `/api/commitments/${id}/history?type=ProgressReported&from=2021-01-01&to=2021-02-28`,
    );
    expect(reports.body.items.map((e: { data: { value: number } }) => e.data.value)).toEqual([
      75, 85,
    ]);
    const page1 = await t.request('GET', `/api/commitments/${id}/history?limit=4`);
    expect(page1.body.items).toHaveLength(4);
    const page2 = await t.request(
      'GET',
      `/api/commitments/${id}/history?limit=4&after=${page1.body.next}`,
    );
    expect(page2.body.items).toHaveLength(2);
    expect(page2.body.next).toBeNull();
    const mj = await t.request('GET', '/api/ministries/MJ/history');
    expect(mj.body.items.map((e: { type: string }) => e.type)).toEqual([
      'CommitmentDecided',
      'ProgressReported',
      'DeadlineExtended',
    ]);
    const bad = await t.request('GET', `/api/commitments/${id}/history?limit=5000`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('limit');
  });

  it('rebuilds the read models from scratch, equal to the live ones, at any knownAt', async () => {
    for (const knownAt of ['2020-12-31', '2021-02-10', '2021-04-01', '2021-04-06', '2021-04-30']) {
      const replay = await t.request('GET', `/api/audit/replay?asOf=2021-04-01&knownAt=${knownAt}`);
      expect(replay.status).toBe(200);
      expect(replay.body.sameAsLive).toBe(true);
    }
    const before = await t.request('GET', '/api/audit/replay?asOf=2021-04-01&knownAt=2021-04-01');
    const after = await t.request('GET', '/api/audit/replay?asOf=2021-04-01&knownAt=2021-04-06');
    // The first rule set (recorded at start-up), the decision and the reports known by then.
    expect(before.body.log.eventCount).toBe(5);
    expect(after.body.log.eventCount).toBe(6);
    expect(before.body.rules).toEqual({ id: 'R1', effectiveFrom: '2020-12-03', initial: true });
    expect(before.body.counts.overdue).toBe(17);
    expect(after.body.counts).toMatchObject({ met: 1, overdue: 16 });
  });

  it('exports the board for a past date identically twice, with a manifest that names its log prefix', async () => {
    const url = '/api/exports/board.csv?asOf=2021-04-01&knownAt=2021-04-01';
    const first = await fetch(`${t.baseUrl}${url}`, { headers: as(KEYS.auditor) });
    const bytes1 = Buffer.from(await first.arrayBuffer());
    // Something new is recorded in between: it is not known at 2021-04-01, so nothing changes.
    at('2021-05-01T10:00:00Z');
    await t.request('POST', `/api/commitments/${id}/progress`, {
      ministry: 'MJ',
      value: 90,
      on: '2021-04-30',
    });
    const bytes2 = Buffer.from(
      await (await fetch(`${t.baseUrl}${url}`, { headers: as(KEYS.auditor) })).arrayBuffer(),
    );
    expect(bytes2.equals(bytes1)).toBe(true);
    expect(first.headers.get('content-type')).toContain('text/csv');
    const text = bytes1.toString('utf8');
    expect(text.startsWith('\uFEFFMinistère (code);Ministère;Engagement')).toBe(true);
    expect(text).toContain(
      `MI;Ministère de l'Intérieur;"'=HYPERLINK(""http://x"";""100 % des agents"")"`,
    );
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(18);
    const manifest = await t.request(
      'GET',
      '/api/exports/board.manifest.json?asOf=2021-04-01&knownAt=2021-04-01',
    );
    expect(manifest.body.file.sha256).toBe(createHash('sha256').update(bytes1).digest('hex'));
    expect(manifest.body.log).toMatchObject({ eventCount: 5 });
    if (!onEventStoreDb) expect(manifest.body.log.position).toBe(5);
    // The rule set the board was evaluated under, whole: the file stays reproducible.
    expect(manifest.body.rules).toMatchObject({
      id: 'R1',
      effectiveFrom: '2020-12-03',
      initial: true,
      warningDays: 30,
      staleDelayDays: 15,
      trajectory: true,
      milestones: true,
      recordedAt: '2020-12-03T15:00:00.000Z',
    });
    expect(manifest.body.log.globalHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exports the audit trail as JSONL and as CSV for French Excel', async () => {
    const jsonl = await (
      await fetch(`${t.baseUrl}/api/exports/trail.jsonl?from=2021-01-01&to=2021-04-30`, {
        headers: as(KEYS.auditor),
      })
    ).text();
    const lines = jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual([
      'ProgressReported',
      'ProgressReported',
      'ProgressReported',
      'DeadlineExtended',
    ]);
    expect(lines[0].metadata.hash).toMatch(/^[0-9a-f]{64}$/);
    const bytes = Buffer.from(
      await (
        await fetch(`${t.baseUrl}/api/exports/trail.csv?type=CommitmentDecided`, {
          headers: as(KEYS.auditor),
        })
      ).arrayBuffer(),
    );
    const rows = bytes.toString('utf8').split('\r\n').filter(Boolean);
    expect(rows[0]).toBe(
      '\uFEFFPosition;Enregistré le (UTC);Flux;Révision;Type;Acteur;Rôle;Ministère;Date métier;Motif;Référence de décision;Données;Empreinte SHA-256',
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(';CommitmentDecided;api-key:test-analyst;analyst;');
  });

  it('signs checkpoints, verifies the log, and names the first event that was tampered with', async () => {
    const key = await t.request('GET', '/api/audit/public-key');
    expect(key.body).toMatchObject({ algorithm: 'Ed25519' });
    expect(key.body.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    const signed = await t.request('POST', '/api/audit/checkpoints');
    expect(signed.body.checkpoint).toMatchObject({
      keyId: key.body.keyId,
      eventCount: (await eventCount(t)) - 1,
    });
    const again = await t.request('POST', '/api/audit/checkpoints');
    expect(again.body.checkpoint).toBeNull();
    const clean = await t.request('GET', '/api/audit/verification');
    expect(clean.body).toMatchObject({ ok: true, checkpointsVerified: 1, problems: [] });

    // Tampering with the file itself is the embedded store's case; EventStoreDB has no file here.
    if (onEventStoreDb) return;
    const db = new Database(join(t.dataDir, 'events.sqlite'));
    const row = db
      .prepare(
        "SELECT position, event_id, data FROM events WHERE type = 'ProgressReported' ORDER BY position LIMIT 1 OFFSET 2",
      )
      .get() as {
      position: number;
      event_id: string;
      data: string;
    };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
      row.data.replace('"value":85', '"value":95'),
      row.position,
    );
    db.close();
    const tampered = await t.request('GET', '/api/audit/verification');
    expect(tampered.body.ok).toBe(false);
    expect(tampered.body.problems[0]).toMatchObject({
      kind: 'HASH_MISMATCH',
      position: row.position,
      eventId: row.event_id,
    });
  });

  it('shows in the history of a commitment, and of the ministry, the reminders that listed it', async () => {
    at('2021-05-03T08:00:00Z');
    expect(
      (
        await t.request('POST', '/api/ministries/MJ/contacts', {
          email: 'dnum@justice.gouv.fr',
          name: 'DNUM Justice',
        })
      ).status,
    ).toBe(201);
    const run = await t.request('POST', '/api/reminders/runs');
    expect(run.status).toBeLessThan(300);
    const history = await t.request('GET', `/api/commitments/${id}/history?type=ReminderSent`);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      type: 'ReminderSent',
      data: { ministry: 'MJ', recipients: ['dnum@justice.gouv.fr'] },
    });
    expect(history.body.items[0].data.commitmentIds).toContain(id);
    const mj = await t.request(
      'GET',
      '/api/ministries/MJ/history?type=ReminderSent',
      undefined,
      as(KEYS.MJ),
    );
    expect(mj.body.items).toHaveLength(1);
    const mi = await t.request(
      'GET',
      `/api/commitments/${id}/history?type=ReminderSent`,
      undefined,
      as(KEYS.MI),
    );
    expect(mi.body.items).toHaveLength(0);
  });
});
