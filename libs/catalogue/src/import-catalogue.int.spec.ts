import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { executeCommitmentCommand, fixedClock } from '@cosinum/application';
import { commitmentStream } from '@cosinum/domain';
import { SqliteEventStore } from '@cosinum/event-store';
import { CatalogueValidationError } from './catalogue-issue';
import { commitmentIdFor } from './commitment-id';
import { CATALOGUE_REASON, importCatalogue, type ImportOptions } from './import-catalogue';
import { loadCatalogueFile } from './parse-catalogue';

const REAL_FILE = join(__dirname, '..', '..', '..', 'data', 'catalogue', 'cosinum.catalogue.yaml');
const EMAIL = 'cosinum-2020-12-03-messagerie-distance';
const actor = { subject: 'cli:test', role: 'analyst' };

describe('importing the COSINUM catalogue into a SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;
  const clock = fixedClock('2025-01-15T10:00:00Z');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cosinum-catalogue-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Validate, then import: what `cosinum import <file>` does. */
  const importFile = (path: string, options?: ImportOptions) =>
    importCatalogue(store, clock, loadCatalogueFile(path).entries, actor, options);

  /** A copy of the real catalogue, edited through the YAML document. */
  const editedCopy = (edit: (entry: YAMLMap) => void, externalId = EMAIL): string => {
    const doc = parseDocument(readFileSync(REAL_FILE, 'utf8'));
    const list = doc.get('commitments');
    if (!isSeq(list)) throw new Error('no commitments');
    const entry = list.items.find((i) => isMap(i) && i.get('externalId') === externalId);
    edit(entry as YAMLMap);
    const path = join(dir, 'edited.catalogue.yaml');
    writeFileSync(path, doc.toString({ lineWidth: 0 }));
    return path;
  };

  const streamOf = (externalId: string) =>
    store.readStream(commitmentStream(commitmentIdFor(externalId)));

  it('creates one commitment per entry of the real catalogue, with its history', async () => {
    const expected = loadCatalogueFile(REAL_FILE).entries;
    const summary = await importFile(REAL_FILE);
    expect(summary).toMatchObject({
      created: expected.length,
      revised: 0,
      extended: 0,
      progressRecorded: expected.reduce((n, e) => n + e.progress.length, 0),
      unchanged: 0,
      warnings: [],
    });
    const decided = (await store.readAll()).filter((e) => e.type === 'CommitmentDecided');
    expect(decided).toHaveLength(expected.length);
    expect(decided).toHaveLength(92);
    expect(decided[0].metadata.actor).toEqual(actor);

    const email = await streamOf(EMAIL);
    expect(email).toHaveLength(1);
    expect(email[0].data).toMatchObject({
      externalId: EMAIL,
      deadline: '2021-03-31',
      deadlineWording: 'au 31 mars 2021',
      allMinistries: true,
      metric: { kind: 'percentage', target: 100 },
    });
    // The State-wide 70 % of 1 November 2020 is no ministry's baseline.
    expect(email[0].data).not.toHaveProperty('metric.baseline');
    const smartphone = await streamOf('cosinum-2021-strategie-equipement-smartphone');
    expect(smartphone[0].data).toMatchObject({
      source: { decidedOn: '2021-01-01', decidedOnPrecision: 'half-year' },
      deadlineInferredFrom: expect.stringContaining('COSINUM de décembre'),
    });
  });

  it('writes nothing the second time: the store head does not move', async () => {
    await importFile(REAL_FILE);
    const head = await store.headPosition();
    const again = await importFile(REAL_FILE);
    expect(await store.headPosition()).toBe(head);
    expect(again).toMatchObject({
      created: 0,
      revised: 0,
      extended: 0,
      progressRecorded: 0,
      unchanged: 92,
      eventsWritten: 0,
      warnings: [],
    });
  });

  it('revises a changed target with exactly one TargetRevised event, and only once', async () => {
    await importFile(REAL_FILE);
    const head = await store.headPosition();
    const edited = editedCopy((e) => e.setIn(['metric', 'target'], 95));
    const summary = await importFile(edited);
    expect(summary).toMatchObject({ created: 0, revised: 1, extended: 0, unchanged: 91 });
    const written = await store.readAll({ after: head });
    expect(written.map((e) => e.type)).toEqual(['TargetRevised']);
    expect(written[0].data).toMatchObject({
      previousTarget: 100,
      target: 95,
      reason: CATALOGUE_REASON,
      on: '2025-01-15',
    });
    const after = await store.headPosition();
    await importFile(edited);
    expect(await store.headPosition()).toBe(after);
  });

  it('extends a later deadline for every ministry, and warns about an earlier one', async () => {
    await importFile(REAL_FILE);
    const head = await store.headPosition();
    const later = editedCopy((e) => {
      e.setIn(['deadline', 'wording'], 'au 30 juin 2021');
      e.setIn(['deadline', 'date'], '2021-06-30');
    });
    expect(await importFile(later)).toMatchObject({ extended: 1, warnings: [] });
    const written = await store.readAll({ after: head });
    expect(written.map((e) => [e.type, e.data])).toEqual([
      [
        'DeadlineExtended',
        expect.objectContaining({
          previousDeadline: '2021-03-31',
          deadline: '2021-06-30',
          reason: CATALOGUE_REASON,
        }),
      ],
    ]);
    expect((written[0].data as { ministry?: string }).ministry).toBeUndefined();

    const afterExtension = await store.headPosition();
    const earlier = editedCopy((e) => e.setIn(['deadline', 'date'], '2021-02-28'));
    const summary = await importFile(earlier);
    expect(await store.headPosition()).toBe(afterExtension);
    expect(summary.warnings).toEqual([
      expect.objectContaining({
        externalId: EMAIL,
        message: expect.stringMatching(
          /deadline 2021-02-28 is earlier than the recorded 2021-06-30/,
        ),
      }),
    ]);
  });

  it('warns about other changed definition fields, never creating a second commitment', async () => {
    await importFile(REAL_FILE);
    const head = await store.headPosition();
    const edited = editedCopy((e) => {
      e.set('title', 'Un autre titre');
      e.set('ministries', ['MI']);
    });
    const summary = await importFile(edited);
    expect(await store.headPosition()).toBe(head);
    expect(summary.created).toBe(0);
    expect(summary.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^title differs/),
      expect.stringMatching(/^ministries differs/),
    ]);
  });

  it('records new historic values, skipping those already recorded', async () => {
    await importFile(REAL_FILE);
    const head = await store.headPosition();
    const edited = editedCopy((e) => {
      e.set('progress', [
        { ministry: 'MI', value: 70, on: '2020-11-01' },
        { ministry: 'MI', value: 92, on: '2021-02-01', note: 'Remontée ministérielle' },
      ]);
    });
    expect(await importFile(edited)).toMatchObject({ progressRecorded: 2 });
    expect((await store.readAll({ after: head })).map((e) => e.data)).toEqual([
      expect.objectContaining({ ministry: 'MI', value: 70, on: '2020-11-01' }),
      expect.objectContaining({ ministry: 'MI', value: 92, on: '2021-02-01' }),
    ]);
    const edited2 = editedCopy((e) => {
      e.set('progress', [
        { ministry: 'MI', value: 70, on: '2020-11-01' },
        { ministry: 'MI', value: 92, on: '2021-02-01' },
        { ministry: 'MJ', value: 80, on: '2021-02-01' },
      ]);
    });
    expect(await importFile(edited2)).toMatchObject({ progressRecorded: 1 });
  });

  it('keeps a ruling recorded since by someone else when the catalogue did not change', async () => {
    await importFile(REAL_FILE);
    await executeCommitmentCommand(
      store,
      clock,
      {
        type: 'ReviseTarget',
        data: { commitmentId: commitmentIdFor(EMAIL), target: 90, reason: 'COSINUM de mars' },
      },
      { actor: { subject: 'api:dinum' } },
      { maxAttempts: 3 },
    );
    const head = await store.headPosition();
    expect(await importFile(REAL_FILE)).toMatchObject({ revised: 0, eventsWritten: 0 });
    expect(await store.headPosition()).toBe(head);
  });

  it('records each cadence and milestone with its decision; a projection is a milestone, never a report', async () => {
    await importFile(REAL_FILE);
    const [decloisonnement, ...reports] = await streamOf(
      'techgouv-kpi-data-succes-decloisonnement',
    );
    expect(reports).toEqual([]);
    expect(decloisonnement.data).toMatchObject({
      reporting: { every: 'year', delayDays: 182 },
      milestones: [{ on: '2020-12-31', target: 80, label: 'Projection fin 2020' }],
    });
    const slippage = await streamOf('techgouv-kpi-pilot-glissement-grands-projets');
    expect(slippage.map((e) => [e.type, (e.data as { on?: string }).on])).toEqual([
      ['CommitmentDecided', undefined],
      ['ProgressReported', '2018-12-31'],
      ['ProgressReported', '2019-12-31'],
    ]);
    // A multi-step action is counted in steps, its intermediate step a milestone.
    const [cloud] = await streamOf('techgouv-action-4-4-cloud-partenarial-cercle-2');
    expect(cloud.data).toMatchObject({
      metric: { kind: 'count', unit: 'étapes', target: 2 },
      reporting: { every: 'none' },
      milestones: [{ on: '2020-12-31', target: 1 }],
    });
    // A yes/no action left to the default: declared once, never expected on a schedule.
    const [bna] = await streamOf('cosinum-2020-05-28-bna-seconde-edition');
    expect(bna.data).toMatchObject({ reporting: { every: 'none' } });
    expect(bna.data).not.toHaveProperty('milestones');
    const projections = (await store.readAll()).filter(
      (e) =>
        e.type === 'ProgressReported' &&
        /projection/i.test(String((e.data as { note?: string }).note)),
    );
    expect(projections).toEqual([]);
  });

  it('changes a cadence and adds a milestone as rulings, once, and never replaces a milestone', async () => {
    await importFile(REAL_FILE);
    const head = await store.headPosition();
    const edited = editedCopy((e) => {
      e.set('reporting', { every: 'month' });
      e.set('milestones', [{ on: '2021-02-01', target: 85, label: "Point d'étape" }]);
    });
    expect(await importFile(edited)).toMatchObject({
      reportingChanged: 1,
      milestonesAdded: 1,
      unchanged: 91,
      warnings: [],
    });
    const written = await store.readAll({ after: head });
    expect(written.map((e) => [e.type, e.data])).toEqual([
      [
        'ReportingChanged',
        expect.objectContaining({
          reporting: { every: 'month' },
          previousReporting: { every: 'half-year', delayDays: 150 },
          reason: CATALOGUE_REASON,
        }),
      ],
      [
        'MilestoneAdded',
        expect.objectContaining({
          milestone: { on: '2021-02-01', target: 85, label: "Point d'étape" },
          reason: CATALOGUE_REASON,
        }),
      ],
    ]);
    const after = await store.headPosition();
    expect(await importFile(edited)).toMatchObject({ eventsWritten: 0, unchanged: 92 });

    // A cadence set since by someone else survives a re-import of the same file.
    await executeCommitmentCommand(
      store,
      clock,
      {
        type: 'ChangeReporting',
        data: { commitmentId: commitmentIdFor(EMAIL), reporting: { every: 'quarter' } },
      },
      { actor: { subject: 'api:dinum' } },
      { maxAttempts: 3 },
    );
    const ruled = await store.headPosition();
    expect(ruled).toBe(after + 1);
    expect(await importFile(edited)).toMatchObject({ eventsWritten: 0 });

    const moved = editedCopy((e) => {
      e.set('reporting', { every: 'month' });
      e.set('milestones', [{ on: '2021-02-01', target: 90, label: "Point d'étape" }]);
    });
    const summary = await importFile(moved);
    expect(await store.headPosition()).toBe(ruled);
    expect(summary.warnings.map((w) => w.message)).toEqual([
      'milestone on 2021-02-01 differs from the recorded one: not applied (one milestone a day, never replaced)',
    ]);
  });

  it('upgrades a store loaded with a yes/no action now counted in steps: warnings, no refusal', async () => {
    const CLOUD = 'techgouv-action-4-4-cloud-partenarial-cercle-2';
    const asBefore = editedCopy((e) => {
      e.set('metric', { kind: 'boolean', direction: 'increase', target: 1 });
      e.delete('milestones');
    }, CLOUD);
    await importFile(asBefore);
    const head = await store.headPosition();
    const summary = await importFile(REAL_FILE);
    expect(await store.headPosition()).toBe(head);
    expect(summary.warnings.filter((w) => w.externalId === CLOUD).map((w) => w.message)).toEqual([
      expect.stringMatching(/^metric\.kind differs/),
      expect.stringMatching(/^metric\.unit differs/),
      'milestone on 2020-12-31: the recorded metric is of kind boolean, not count; not applied',
    ]);
  });

  it('writes nothing on a dry run', async () => {
    const summary = await importFile(REAL_FILE, { dryRun: true });
    expect(summary).toMatchObject({ created: 92, dryRun: true, eventsWritten: 0 });
    expect(await store.headPosition()).toBe(0);
  });

  it('writes nothing when one command would be rejected (a value dated after today)', async () => {
    const edited = editedCopy((e) =>
      e.set('progress', [{ ministry: 'MI', value: 50, on: '2025-02-01' }]),
    );
    await expect(importFile(edited)).rejects.toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({
            path: EMAIL,
            message: expect.stringMatching(
              /ReportProgress would be rejected: on 2025-02-01 is after today \(2025-01-15\)/,
            ),
          }),
        ],
      }),
    );
    expect(await store.headPosition()).toBe(0);
  });

  describe('rejects a malformed file with line-accurate messages, writing nothing', () => {
    const write = (name: string, content: string | Buffer): string => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };

    const rejection = async (path: string): Promise<string[]> => {
      try {
        await importFile(path);
      } catch (error) {
        expect(error).toBeInstanceOf(CatalogueValidationError);
        expect(await store.headPosition()).toBe(0);
        return (error as CatalogueValidationError).issues.map(
          (i) => `${i.line}: ${i.path}: ${i.message}`,
        );
      }
      throw new Error('expected the import to be refused');
    };

    /** The real file with one line replaced, so that line numbers are the real ones. */
    const realWith = (find: RegExp, replace: string): { path: string; line: number } => {
      const lines = readFileSync(REAL_FILE, 'utf8').split('\n');
      const index = lines.findIndex((l) => find.test(l));
      lines[index] = lines[index].replace(find, replace);
      return { path: write('bad.catalogue.yaml', lines.join('\n')), line: index + 1 };
    };

    it('wrong types', async () => {
      const { path, line } = realWith(/target: 100$/, 'target: "cent"');
      expect(await rejection(path)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${line}: commitments\\[\\d+\\]\\.metric\\.target: must be a number, got "cent"$`,
          ),
        ),
      ]);
    });

    it('an unknown ministry', async () => {
      const { path, line } = realWith(/ministries: \[DINUM\]$/, 'ministries: [DINUM, MINFIN]');
      expect(await rejection(path)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${line}: commitments\\[\\d+\\]\\.ministries\\[1\\]: unknown ministry code "MINFIN"`,
          ),
        ),
      ]);
    });

    it('a bad date', async () => {
      const { path, line } = realWith(/date: 2021-03-31$/, 'date: 2021-02-31');
      expect(await rejection(path)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${line}: commitments\\[\\d+\\]\\.deadline\\.date: must be a real calendar date`,
          ),
        ),
      ]);
    });

    it('a duplicate externalId', async () => {
      const lines = readFileSync(REAL_FILE, 'utf8').split('\n');
      const first = lines.findIndex((l) => l.includes(`externalId: ${EMAIL}`)) + 1;
      const { path, line } = realWith(
        /externalId: cosinum-2020-12-03-collaboration-distance-agents-non-dotes$/,
        `externalId: ${EMAIL}`,
      );
      expect(await rejection(path)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${line}: commitments\\[\\d+\\]\\.externalId: duplicate externalId "${EMAIL}" \\(first used on line ${first}\\)$`,
          ),
        ),
      ]);
    });

    it('an empty file', async () => {
      expect(await rejection(write('empty.yaml', ''))).toEqual([
        expect.stringMatching(/^1: : the file is empty/),
      ]);
    });

    it('a wrong encoding: UTF-16, or Latin-1 bytes', async () => {
      const real = readFileSync(REAL_FILE, 'utf8');
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(real, 'utf16le')]);
      expect(await rejection(write('utf16.yaml', utf16))).toEqual([
        expect.stringMatching(/^1: : the file is encoded in UTF-16/),
      ]);
      const lines = real.split('\n');
      const index = lines.findIndex((l) => l.includes('title: "LA1'));
      const bytes = Buffer.concat(
        lines.map((l, i) =>
          Buffer.from(`${l}${i < lines.length - 1 ? '\n' : ''}`, i === index ? 'latin1' : 'utf8'),
        ),
      );
      const line = index + 1;
      expect(await rejection(write('latin1.yaml', bytes))).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^${line}: : invalid UTF-8 byte 0xE8`)),
        ]),
      );
    });
  });
});
