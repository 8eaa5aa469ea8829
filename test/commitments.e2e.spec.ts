import { emailCommitment, eventCount, startTestApp, type TestApp } from './support/test-app';

describe('commitments over HTTP, end to end (smoke)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('creates a commitment, records progress and answers the board, which survives a restart', async () => {
    const created = await t.request('POST', '/api/commitments', emailCommitment());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const report = await t.request('POST', `/api/commitments/${id}/progress`, {
      ministry: 'MI',
      value: 95,
      on: '2021-02-01',
    });
    expect(report.status).toBe(201);
    const board = await t.request('GET', '/api/status?ministry=MI&asOf=2021-02-02');
    expect(board.status).toBe(200);
    expect(board.body.items).toHaveLength(1);
    expect(board.body.items[0]).toMatchObject({
      commitmentId: id,
      ministry: 'MI',
      state: 'on_track',
      latestValue: 95,
      target: 100,
      deadline: '2021-03-31',
    });
    // The first rule set, recorded at start-up, the decision and the report.
    const before = await eventCount(t);
    expect(before).toBe(3);
    expect(board.body.rules).toEqual({ id: 'R1', effectiveFrom: '2021-02-02', initial: true });

    const dataDir = t.dataDir;
    await t.close();
    const again = await startTestApp({ dataDir });
    try {
      const after = await again.request('GET', `/api/commitments/${id}?asOf=2021-04-01`);
      expect(after.status).toBe(200);
      const mi = after.body.ministries.find((m: { ministry: string }) => m.ministry === 'MI');
      expect(mi).toMatchObject({ state: 'overdue', latestValue: 95 });
      expect(await eventCount(again)).toBe(before);
    } finally {
      await again.close();
    }
  });
});
