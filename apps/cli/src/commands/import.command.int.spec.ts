import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@cosinum/event-store';
import { cliSandbox } from '../../testing/cli-sandbox';
import { run } from '../main';

const EMAIL = 'cosinum-2020-12-03-messagerie-distance';
const csv = (...lines: string[]): Buffer =>
  Buffer.from(`\uFEFFengagement;ministère;valeur;date;note\r\n${lines.join('\r\n')}\r\n`, 'utf8');

describe('cosinum import', () => {
  const cli = cliSandbox('cosinum-cli-import-');

  const cosinum = (...args: string[]) => run(['node', 'cosinum', ...args]);

  /** Opened after the command has closed its own store. */
  const head = async (): Promise<number> => {
    const store = new SqliteEventStore({ filename: join(cli.dir, 'events.sqlite') });
    try {
      return await store.headPosition();
    } finally {
      await store.close();
    }
  };

  const file = (name: string, content: Buffer): string => {
    const path = join(cli.dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('imports the default catalogue, then writes nothing the second time', async () => {
    expect(await cosinum('import')).toBe(0);
    expect(cli.out).toMatch(/^Imported: 92 created, .* events written\.\n$/);
    expect(cli.err).toMatch(/Importing: done, 92 in/);
    const written = await head();
    expect(written).toBeGreaterThan(0);

    cli.clear();
    expect(await cosinum('import', '--quiet')).toBe(0);
    expect(cli.out).toMatch(/^Nothing written: the store already matches the catalogue/);
    expect(await head()).toBe(written);
  });

  it('imports a progress report from a .csv file, once', async () => {
    expect(await cosinum('import', '--quiet')).toBe(0);
    const before = await head();
    const path = file(
      'releve.csv',
      csv(`${EMAIL};MEFR;85,5;31/03/2021;T1`, `${EMAIL};MI;90;01/04/2021;`),
    );

    cli.clear();
    expect(await cosinum('import', '--dry-run', '--quiet', path)).toBe(0);
    expect(cli.out).toBe(
      'Dry run, nothing written. Would record: 2 progress reports, 0 skipped (already recorded or repeated).\n',
    );
    expect(await head()).toBe(before);

    cli.clear();
    expect(await cosinum('import', path)).toBe(0);
    expect(cli.out).toBe(
      'Imported: 2 progress reports, 0 skipped (already recorded or repeated); 2 events written.\n',
    );
    expect(cli.err).toMatch(/Importing: done, 2 in/);
    const after = await head();
    expect(after).toBeGreaterThan(before);

    cli.clear();
    expect(await cosinum('import', '-q', path)).toBe(0);
    expect(cli.out).toMatch(
      /^Nothing written: every report is already recorded \(0 progress reports, 2 skipped/,
    );
    expect(await head()).toBe(after);
  });

  it('exits with code 2, every error as file:line: column: message, and writes nothing', async () => {
    expect(await cosinum('import', '--quiet')).toBe(0);
    const before = await head();
    const path = file(
      'RELEVE.CSV',
      csv(
        `${EMAIL};MEFR;85,5;31/03/2021;`,
        `${EMAIL};MTE;150;31/03/2021;`,
        `${EMAIL};DINUM;50;31/03/2021;`,
      ),
    );
    cli.clear();
    expect(await cosinum('import', '--quiet', path)).toBe(2);
    expect(cli.err).toBe(
      [
        `cosinum: ${path} is not a valid progress report, nothing was written (2 errors):`,
        `${path}:3: valeur: 150 is outside the metric's range [0, 100]`,
        `${path}:4: ministère: DINUM is not assigned to commitment "${EMAIL}"`,
        '',
      ].join('\n'),
    );
    expect(await head()).toBe(before);

    cli.clear();
    const unparsable = file('bad.csv', csv(`${EMAIL};MEFR;beaucoup;31/02/2021;`));
    expect(await cosinum('import', unparsable)).toBe(2);
    expect(cli.err).toContain(`${unparsable}:2: valeur: "beaucoup" is not a number`);
    expect(cli.err).toContain(`${unparsable}:2: date: 31/02/2021 is not a real calendar date`);
    expect(await head()).toBe(before);
  });
});
