import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeCommitmentCommand, fixedClock } from '@cosinum/application';
import { commitmentStream } from '@cosinum/domain';
import { SqliteEventStore, type EventStore } from '@cosinum/event-store';
import { CommitmentsReadModel } from '@cosinum/projections';
import { CatalogueValidationError } from './catalogue-issue';
import { commitmentIdFor } from './commitment-id';
import { importCatalogue } from './import-catalogue';
import { importProgress, type ImportProgressOptions } from './import-progress';
import { loadCatalogueFile } from './parse-catalogue';
import { formatProgressIssue, parseProgressCsv } from './progress-csv';

const REAL_FILE = join(__dirname, '..', '..', '..', 'data', 'catalogue', 'cosinum.catalogue.yaml');
/** A percentage, assigned to `all` ministries (not DINUM), due 2021-03-31. */
const EMAIL = 'cosinum-2020-12-03-messagerie-distance';
/** A boolean, assigned to DINUM only. */
const LABEL_IMPACT = 'techgouv-action-1-4-impact-label';
const actor = { subject: 'cli:analyst', role: 'analyst' };
const BOM = '\uFEFF';
const HEADER = 'Engagement;Ministère;Valeur;Date;Commentaire';

/** The file as French Excel saves it: BOM, `;`, CRLF, decimal comma, JJ/MM/AAAA. */
const excel = (...lines: string[]): Buffer =>
  Buffer.from(`${BOM}${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');

const GOOD = [
  `${EMAIL};MEFR;85,5;31/03/2021;relevé du T1`,
  `${EMAIL};MI;90;01/04/2021;`,
  `${LABEL_IMPACT};DINUM;1;15/05/2021;"bilan publié ; 1 000 utilisations"`,
];

describe('importing a progress report (CSV) into a SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;
  const clock = fixedClock('2021-06-01T10:00:00Z');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosinum-progress-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    await importCatalogue(store, clock, loadCatalogueFile(REAL_FILE).entries, actor);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Parse, then import: what `cosinum import report.csv` does. */
  const importCsv = (file: Buffer | string, options?: ImportProgressOptions) =>
    importProgress(store, clock, parseProgressCsv(file).rows, actor, options);

  /** The formatted issues of a refused import, after checking that it wrote nothing. */
  const refusal = async (file: Buffer | string): Promise<string[]> => {
    const head = await store.headPosition();
    const error = await (async () => importCsv(file))().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CatalogueValidationError);
    expect(await store.headPosition()).toBe(head);
    return (error as CatalogueValidationError).issues.map((i) => formatProgressIssue(i, 'r.csv'));
  };

  const reportsOf = async (externalId: string) =>
    (await store.readStream(commitmentStream(commitmentIdFor(externalId))))
      .filter((e) => e.type === 'ProgressReported')
      .map((e) => e.data);

  const rule = (externalId: string, input: Record<string, unknown>) =>
    executeCommitmentCommand(
      store,
      clock,
      {
        ...input,
        data: { commitmentId: commitmentIdFor(externalId), ...(input.data as object) },
      } as Parameters<typeof executeCommitmentCommand>[2],
      { actor },
      { maxAttempts: 1 },
    );

  it('records the reports of a French Excel file, with the actor and one correlation id', async () => {
    const summary = await importCsv(excel(...GOOD));
    expect(summary).toEqual({
      recorded: 3,
      skipped: 0,
      warnings: [],
      eventsWritten: 3,
      dryRun: false,
    });
    expect(await reportsOf(EMAIL)).toEqual([
      expect.objectContaining({
        ministry: 'MEFR',
        value: 85.5,
        on: '2021-03-31',
        note: 'relevé du T1',
      }),
      { commitmentId: commitmentIdFor(EMAIL), ministry: 'MI', value: 90, on: '2021-04-01' },
    ]);
    expect(await reportsOf(LABEL_IMPACT)).toContainEqual(
      expect.objectContaining({
        ministry: 'DINUM',
        value: 1,
        note: 'bilan publié ; 1 000 utilisations',
      }),
    );
    const written = (await store.readAll()).slice(-3);
    expect(written.map((e) => e.metadata.actor)).toEqual([actor, actor, actor]);
    expect(new Set(written.map((e) => e.metadata.correlationId)).size).toBe(1);
  });

  it('writes nothing the second time: the store head does not move', async () => {
    await importCsv(excel(...GOOD));
    const head = await store.headPosition();
    const again = await importCsv(excel(...GOOD));
    expect(again).toMatchObject({ recorded: 0, skipped: 3, eventsWritten: 0, warnings: [] });
    expect(await store.headPosition()).toBe(head);
  });

  it('plans without writing on a dry run', async () => {
    const head = await store.headPosition();
    const progress: number[] = [];
    const summary = await importCsv(excel(...GOOD), {
      dryRun: true,
      onProgress: (done) => progress.push(done),
    });
    expect(summary).toMatchObject({ recorded: 3, eventsWritten: 0, dryRun: true });
    expect(progress).toEqual([2, 3]); // after each stream's batch: two rows, then one
    expect(await store.headPosition()).toBe(head);
  });

  it('skips a row repeated in the file, with a warning', async () => {
    const summary = await importCsv(excel(...GOOD, `${EMAIL};mefr;85.5;2021-03-31;`));
    expect(summary).toMatchObject({ recorded: 3, skipped: 1, eventsWritten: 3 });
    expect(summary.warnings).toEqual([
      {
        externalId: EMAIL,
        line: 5,
        message: 'same value as line 2 for MEFR on 2021-03-31: skipped',
      },
    ]);
  });

  it('completes an interrupted import without doubling: the written prefix is skipped', async () => {
    await importCsv(excel(GOOD[0]));
    const summary = await importCsv(excel(...GOOD));
    expect(summary).toMatchObject({ recorded: 2, skipped: 1, eventsWritten: 2 });
    expect(await reportsOf(EMAIL)).toHaveLength(2);
  });

  it('records a corrected value for a date already reported, with a warning', async () => {
    await importCsv(excel(GOOD[0]));
    const summary = await importCsv(excel(`${EMAIL};MEFR;86;31/03/2021;corrigé`));
    expect(summary).toMatchObject({ recorded: 1, eventsWritten: 1 });
    expect(summary.warnings[0].message).toBe('replaces 85.5, recorded for MEFR on 2021-03-31');
  });

  it.each([
    [
      'an unknown ministry code',
      `${EMAIL};XYZ;50;31/03/2021;`,
      'Ministère: unknown ministry code "XYZ"',
    ],
    [
      'a ministry not assigned',
      `${EMAIL};DINUM;50;31/03/2021;`,
      `Ministère: DINUM is not assigned to commitment "${EMAIL}"`,
    ],
    [
      'a value outside a percentage',
      `${EMAIL};MTE;150;31/03/2021;`,
      "Valeur: 150 is outside the metric's range [0, 100]",
    ],
    ['a value out of a boolean', `${LABEL_IMPACT};DINUM;0,5;31/03/2021;`, 'Valeur: 0.5 is outside'],
    [
      'an impossible date',
      `${EMAIL};MEFR;50;30/02/2021;`,
      'Date: 30/02/2021 is not a real calendar',
    ],
    [
      'a date after today',
      `${EMAIL};MEFR;50;02/06/2021;`,
      'Date: 2021-06-02 is after today (2021-06-01)',
    ],
    [
      'an unknown external id',
      `cosinum-inconnu;MEFR;50;31/03/2021;`,
      'Engagement: no commitment has the external id "cosinum-inconnu"',
    ],
    [
      'two values for one ministry and date',
      `${EMAIL};MEFR;84;31/03/2021;`,
      'Valeur: line 2 gives 85.5 for MEFR on 2021-03-31: one value per ministry and date',
    ],
  ])('writes nothing for a file with %s, naming its line', async (_case, bad, message) => {
    const issues = await refusal(excel(GOOD[0], GOOD[1], bad, GOOD[2]));
    expect(issues).toEqual([expect.stringContaining(`r.csv:4: ${message}`)]);
    expect(await reportsOf(EMAIL)).toEqual([]);
  });

  it('imports a file saved in Windows-1252 (plain « CSV » from Excel) as its UTF-8 twin', async () => {
    const windows1252 = Buffer.from(`${HEADER}\r\n${GOOD.join('\r\n')}\r\n`, 'latin1');
    const summary = await importCsv(windows1252);
    expect(summary.recorded).toBe(3);
    expect(await reportsOf(EMAIL)).toEqual([
      expect.objectContaining({ ministry: 'MEFR', value: 85.5, note: 'relevé du T1' }),
      expect.objectContaining({ ministry: 'MI', value: 90 }),
    ]);
    expect((await importCsv(excel(...GOOD))).eventsWritten).toBe(0);
  });

  it('refuses reports for an exempted ministry and a withdrawn commitment', async () => {
    await rule(EMAIL, { type: 'ExemptMinistry', data: { ministry: 'MI', reason: 'hors champ' } });
    await rule(LABEL_IMPACT, { type: 'WithdrawCommitment', data: { reason: 'abandonné' } });
    expect(await refusal(excel(...GOOD))).toEqual([
      `r.csv:3: Ministère: MI is exempted from commitment "${EMAIL}"`,
      `r.csv:4: Engagement: commitment "${LABEL_IMPACT}" has been withdrawn: it accepts no more values`,
    ]);
  });

  it('reports every failing row at once, in line order', async () => {
    const issues = await refusal(
      excel(`inconnu;MI;1;01/01/2021;`, ...GOOD, `${EMAIL};DINUM;1;01/01/2021;`),
    );
    expect(issues.map((i) => i.split(': ')[0])).toEqual(['r.csv:2', 'r.csv:6']);
  });

  /** `count` distinct daily values for MEFR on the email commitment, from 1 June 2019 on. */
  const manyRows = (count: number) =>
    Array.from({ length: count }, (_, i) => {
      const on = new Date(Date.UTC(2019, 5, 1) + i * 86_400_000).toISOString().slice(0, 10);
      const [y, m, d] = on.split('-');
      return `${EMAIL};MEFR;${(i % 100) + 0.5};${d}/${m}/${y};`.replace('.', ',');
    });

  it('writes a long file in one transaction of contiguous events, as many as rows', async () => {
    const rows = manyRows(730);
    const before = (await store.readStream(commitmentStream(commitmentIdFor(EMAIL)))).length;
    const batches: number[] = [];
    const summary = await importCsv(excel(...rows), {
      onProgress: (done) => batches.push(done),
    });
    expect(summary).toMatchObject({ recorded: 730, eventsWritten: 730, skipped: 0 });
    expect(batches).toEqual([730]); // one atomic append for the whole plan
    const stream = await store.readStream(commitmentStream(commitmentIdFor(EMAIL)));
    expect(stream).toHaveLength(before + 730);
    expect(stream.map((e) => e.streamRevision)).toEqual(stream.map((_, i) => i));
    expect(new Set(stream.slice(before).map((e) => e.metadata.correlationId)).size).toBe(1);
    // The same file again writes nothing.
    expect(await importCsv(excel(...rows))).toMatchObject({ recorded: 0, skipped: 730 });
  });

  it('decides again, row by row, what another writer overtook between planning and writing', async () => {
    // A concurrent writer appends to the stream right before the import's first append.
    let overtaken = false;
    const overtake = async () => {
      if (overtaken) return;
      overtaken = true;
      await rule(EMAIL, {
        type: 'ReportProgress',
        data: { ministry: 'MI', value: 12, on: '2021-01-04' },
      });
    };
    const racing = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'appendAtomically')
          return async (appends: Parameters<SqliteEventStore['appendAtomically']>[0]) => {
            await overtake();
            return target.appendAtomically(appends);
          };
        if (key !== 'appendToStream') return Reflect.get(target, key, receiver);
        return async (...args: Parameters<EventStore['appendToStream']>) => {
          if (args[0] === commitmentStream(commitmentIdFor(EMAIL))) await overtake();
          return target.appendToStream(...args);
        };
      },
    });
    const summary = await importProgress(
      racing,
      clock,
      parseProgressCsv(excel(...manyRows(3), GOOD[1])).rows,
      actor,
    );
    expect(overtaken).toBe(true);
    expect(summary).toMatchObject({ recorded: 4, eventsWritten: 4 });
    const values = (await reportsOf(EMAIL)).map((d) => (d as { value: number }).value);
    expect(values).toEqual([12, 0.5, 1.5, 2.5, 90]);
  });

  it('starts each commitment from a read model when given one, reading only what came after', async () => {
    await importCsv(excel(GOOD[0]));
    const model = new CommitmentsReadModel();
    for (const e of await store.readAll()) model.apply(e);
    const emailStream = commitmentStream(commitmentIdFor(EMAIL));
    const emailBefore = (await store.readStream(emailStream)).length - 1;
    const reads: { stream: string; fromRevision?: number }[] = [];
    const watched = new Proxy(store, {
      get(target, key, receiver) {
        if (key !== 'readStream') return Reflect.get(target, key, receiver);
        return (stream: string, options?: { fromRevision?: number }) => {
          reads.push({ stream, fromRevision: options?.fromRevision });
          return target.readStream(stream, options);
        };
      },
    });
    const summary = await importProgress(
      watched,
      clock,
      parseProgressCsv(excel(...GOOD)).rows,
      actor,
      { states: model },
    );
    expect(summary).toMatchObject({ recorded: 2, skipped: 1 });
    expect(reads).toContainEqual({ stream: emailStream, fromRevision: emailBefore + 1 });
    expect(reads.every((r) => r.fromRevision !== undefined)).toBe(true);
  });
});
