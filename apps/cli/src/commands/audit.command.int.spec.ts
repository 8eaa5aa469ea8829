import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliSandbox } from '../../testing/cli-sandbox';
import { run } from '../main';

/** As an auditor would: import, verify, replay, export twice, tamper, verify again. */
describe('cosinum audit, replay and export', () => {
  const cli = cliSandbox('cosinum-cli-audit-');

  const cosinum = async (...args: string[]) => {
    cli.clear();
    return run(['node', 'cosinum', ...args]);
  };

  it('verifies an imported log, exports the same board twice, and fails with exit code 3 once an event is edited', async () => {
    expect(await cosinum('import', '-q')).toBe(0);
    expect(cli.err).toContain('created the audit signing key');
    expect(await cosinum('audit', 'verify', '-q')).toBe(0);
    expect(cli.out).toMatch(/^Log intact: 146 events in 93 streams, 1 signed checkpoints verified/);

    expect(
      await cosinum('replay', '--known-at', '2030-01-01', '--as-of', '2021-02-02', '--json', '-q'),
    ).toBe(0);
    const replayed = JSON.parse(cli.out);
    expect(replayed.log).toMatchObject({ position: 146, eventCount: 146 });
    expect(replayed.items.length).toBeGreaterThan(300);

    const a = join(cli.dir, 'a.csv');
    const b = join(cli.dir, 'b.csv');
    expect(
      await cosinum(
        'export',
        'board',
        '-o',
        a,
        '--as-of',
        '2021-02-02',
        '--known-at',
        '2030-01-01',
        '-q',
      ),
    ).toBe(0);
    expect(
      await cosinum(
        'export',
        'board',
        '-o',
        b,
        '--as-of',
        '2021-02-02',
        '--known-at',
        '2030-01-01',
        '-q',
      ),
    ).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(`${a}.manifest.json`, 'utf8')).toBe(
      readFileSync(`${b}.manifest.json`, 'utf8'),
    );
    const manifest = JSON.parse(readFileSync(`${a}.manifest.json`, 'utf8'));
    expect(manifest.log.position).toBe(146);

    const db = new Database(join(cli.dir, 'events.sqlite'));
    const row = db
      .prepare(
        "SELECT position, event_id, data FROM events WHERE type = 'ProgressReported' LIMIT 1",
      )
      .get() as {
      position: number;
      event_id: string;
      data: string;
    };
    // One byte: a digit of the value.
    const edited = row.data.replace(
      /"value":(\d)/,
      (_m, d: string) => `"value":${(Number(d) + 1) % 10}`,
    );
    expect(edited).not.toBe(row.data);
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(edited, row.position);
    db.close();
    expect(await cosinum('audit', 'verify', '-q')).toBe(3);
    expect(cli.out).toContain(`First: event ${row.event_id} (position ${row.position}`);
  });

  it('prints the public key, and refuses to sign an empty store', async () => {
    expect(await cosinum('audit', 'public-key')).toBe(0);
    expect(cli.out).toContain('-----BEGIN PUBLIC KEY-----');
    expect(await cosinum('audit', 'checkpoint')).toBe(2);
    expect(cli.err).toContain('the store is empty');
  });
});

describe('cosinum audit verify on a store without its key', () => {
  const cli = cliSandbox('cosinum-cli-audit-nokey-');

  it('fails naming the missing key and never creates one: a verification changes nothing', async () => {
    const keyFile = join(cli.dir, 'audit-signing-key.pem');
    cli.clear();
    expect(await run(['node', 'cosinum', 'audit', 'verify', '-q'])).toBe(2);
    expect(cli.err).toContain(`no audit signing key at ${keyFile}`);
    expect(cli.err).toContain('--public-key');
    expect(existsSync(keyFile)).toBe(false);
  });
});
