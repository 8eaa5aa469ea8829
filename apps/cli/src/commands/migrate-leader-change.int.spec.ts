import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EsdbGrpcClusterDouble } from '@cosinum/event-store/testing';
import { run } from '../main';

/**
 * `cosinum migrate` to a three-node cluster (the cluster double) whose leader crashes in the
 * middle of the copy: the store's retries outlast the election (3 s, as after a real crash), and
 * the copy ends complete and identical, each event once.
 */
describe('cosinum migrate across a leader change', () => {
  let dir: string;
  let out: string;
  let cluster: EsdbGrpcClusterDouble;
  const previousDataDir = process.env.DATA_DIR;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosinum-cli-migrate-leader-'));
    process.env.DATA_DIR = dir;
    cluster = await EsdbGrpcClusterDouble.start(3);
    out = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
    await cluster.stop();
    if (previousDataDir === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previousDataDir;
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the whole log, once, when the leader crashes during the copy', async () => {
    expect(await run(['node', 'cosinum', 'import', '-q'])).toBe(0);
    const old = cluster.leader;
    const migrating = run(['node', 'cosinum', 'migrate', '--to', cluster.connectionString, '-q']);
    // A third of the way in (each event comes with its id claim).
    while (cluster.eventCount < 100) await new Promise((r) => setTimeout(r, 2));
    const election = cluster.crashLeader({ electionMs: 3000 });
    expect(await migrating).toBe(0);
    await election;
    expect(cluster.leader).not.toBe(old);
    expect(out).toMatch(/Source: 146 events, hash ([0-9a-f]{64})\nTarget: 146 events, hash \1\n/);
    expect(out).toContain('The two logs are identical.');
  });
});
