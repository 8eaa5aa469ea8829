import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CatalogueValidationError, type CatalogueIssue } from './catalogue-issue';
import { parseCatalogue } from './parse-catalogue';

const REAL_FILE = join(__dirname, '..', '..', '..', 'data', 'catalogue', 'cosinum.catalogue.yaml');

const entry = (fields: string): string => `  - externalId: e-1
    title: "Un engagement"
    description: "Décrit."
    source: { document: doc.txt, decidedOn: 2020-12-03 }
    metric: { kind: percentage, direction: increase, target: 100 }
${fields}`;

const catalogue = (...entries: string[]): string =>
  `version: 1\ncommitments:\n${entries.join('\n')}\n`;

const issuesOf = (input: string | Buffer): CatalogueIssue[] => {
  try {
    parseCatalogue(input);
  } catch (error) {
    if (error instanceof CatalogueValidationError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the catalogue to be rejected');
};

describe('parseCatalogue', () => {
  it('reads the real catalogue: one commitment per entry of the file', () => {
    const bytes = readFileSync(REAL_FILE);
    const expected = (parse(bytes.toString('utf8')) as { commitments: unknown[] }).commitments
      .length;
    const { entries } = parseCatalogue(bytes);
    expect(entries).toHaveLength(expected);
    expect(entries).toHaveLength(92);
    expect(new Set(entries.map((e) => e.externalId)).size).toBe(expected);
  });

  it('keeps the email commitment: 100 % by 31 March 2021, the State-wide 70 % of 1 November 2020 no ministry’s baseline', () => {
    const { entries } = parseCatalogue(readFileSync(REAL_FILE));
    const email = entries.find((e) => e.externalId === 'cosinum-2020-12-03-messagerie-distance');
    expect(email).toMatchObject({
      deadline: '2021-03-31',
      deadlineWording: 'au 31 mars 2021',
      ministries: 'all',
      metric: { kind: 'percentage', direction: 'increase', target: 100 },
      source: { decidedOn: '2020-12-03' },
    });
    expect(email?.metric.baseline).toBeUndefined();
    expect(email?.description).toContain(
      "contre 70% au 1er novembre 2020, pour l'ensemble de l'État",
    );
  });

  it('expresses the Tchap target on the total, from the 700 000 users of March 2020', () => {
    const { entries } = parseCatalogue(readFileSync(REAL_FILE));
    const tchap = entries.find(
      (e) => e.externalId === 'presse-2020-08-tchap-200000-utilisateurs-supplementaires',
    );
    expect(tchap?.metric).toMatchObject({
      target: 900_000,
      baseline: { value: 700_000, on: '2020-03-31' },
    });
    expect(tchap?.metric.target).toBe((tchap?.metric.baseline?.value ?? 0) + 200_000);
    expect(tchap?.progress).toMatchObject([
      { ministry: 'DINUM', value: 760_000, on: '2020-08-31' },
    ]);
  });

  it('marks the deadlines the sources do not give, and dates the 2021 relevé by its half-year', () => {
    const { entries } = parseCatalogue(readFileSync(REAL_FILE));
    const inferred = entries.filter((e) => e.deadlineInferredFrom !== undefined);
    expect(inferred.map((e) => e.externalId)).toEqual(
      expect.arrayContaining([
        'techgouv-action-4-1-resilience-rie-et-rimbaud',
        'techgouv-action-4-2-convergence-des-grands-reseaux',
        'techgouv-action-4-3-cloud-interne-cercle-1',
        'cosinum-2020-12-03-plateformes-collaboration-interministerielles',
        'cosinum-2020-12-03-bna-2021-taux-repondants',
        'cosinum-2021-feuille-de-route-suite-collaborative-integree',
        'cosinum-2021-strategie-equipement-smartphone',
      ]),
    );
    for (const e of inferred) expect(e.deadlineInferredFrom).toMatch(/\S.{10,}/);
    const relevé2021 = entries.filter((e) => e.source.document === '001_2ea910a2550782ed.txt');
    expect(relevé2021).toHaveLength(4);
    for (const e of relevé2021)
      expect(e.source).toMatchObject({ decidedOn: '2021-01-01', decidedOnPrecision: 'half-year' });
    // A day-precise decision carries no precision at all (the default).
    expect(entries[0].source).not.toHaveProperty('decidedOnPrecision');
  });

  it('resolves a deadline from the period, keeping the wording as written', () => {
    const { entries } = parseCatalogue(readFileSync(REAL_FILE));
    expect(
      entries.find((e) => e.externalId === 'cosinum-2021-canaux-contact-temps-reel'),
    ).toMatchObject({ deadline: '2021-06-20', deadlineWording: "avant I'été" });
    expect(
      entries.find((e) => e.externalId === 'techgouv-action-1-1-regles-de-labellisation'),
    ).toMatchObject({ deadline: '2020-09-30', deadlineWording: '3^e trimestre 2020' });
  });

  it('prefers deadline.date, then deadline.period or a top-level period, then the wording', () => {
    const { entries } = parseCatalogue(
      catalogue(
        entry(
          `    deadline: { wording: "d'ici le 31 mars 2021", date: 2021-03-31 }\n    ministries: all`,
        ),
        entry(
          `    deadline: { wording: "Montée en charge", period: "mi-2021" }\n    ministries: all`,
        ).replace('e-1', 'e-2'),
        entry(
          `    deadline: { wording: "Montée en charge" }\n    period: "fin 2022"\n    ministries: all`,
        ).replace('e-1', 'e-3'),
        entry(
          `    deadline: { wording: "2nd semestre 2021" }\n    ministries: [MI, DINUM]`,
        ).replace('e-1', 'e-4'),
      ),
    );
    expect(entries.map((e) => [e.externalId, e.deadline, e.deadlineWording])).toEqual([
      ['e-1', '2021-03-31', "d'ici le 31 mars 2021"],
      ['e-2', '2021-06-30', 'Montée en charge'],
      ['e-3', '2022-12-31', 'Montée en charge'],
      ['e-4', '2021-12-31', '2nd semestre 2021'],
    ]);
    expect(entries[3].ministries).toEqual(['MI', 'DINUM']);
  });

  it('reports every bad entry at once, with its line, column and field path', () => {
    const text = catalogue(
      entry(`    deadline: { wording: "fin 2021" }\n    ministries: [MI, XX]`), // line 3
      `  - externalId: e-2
    title: 42
    description: "Décrit."
    source: { document: doc.txt, decidedOn: 2020-02-30 }
    metric: { kind: ratio, direction: increase, target: "cent" }
    deadline: { wording: "vers la Saint-Glinglin" }
    ministries: all`, // line 10
      entry(`    deadline: { wording: "fin 2021" }\n    ministries: all`), // line 17, duplicate id
      `  - externalId: e-4
    title: "Trop"
    description: "Décrit."
    source: { document: doc.txt, decidedOn: 2020-12-03 }
    metric: { kind: percentage, direction: increase, target: 120 }
    deadline: { wording: "fin 2021" }
    ministries: [MI]
    progress:
      - { ministry: MI, value: 101, "on": 2021-01-01 }
      - { ministry: MAA, value: 50, "on": 2021-01-01 }
      - { ministry: MI, value: 50 }`, // line 24
    );
    const found = issuesOf(text).map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`);
    expect(found).toEqual([
      expect.stringMatching(/^9:22 commitments\[0\]\.ministries\[1\]: unknown ministry code "XX"/),
      expect.stringMatching(/^11:12 commitments\[1\]\.title: must be text, got number 42$/),
      expect.stringMatching(
        /^13:45 commitments\[1\]\.source\.decidedOn: must be a real calendar date YYYY-MM-DD, got "2020-02-30"$/,
      ),
      expect.stringMatching(
        /^14:21 commitments\[1\]\.metric\.kind: must be one of percentage, count, boolean, score, got "ratio"$/,
      ),
      expect.stringMatching(
        /^14:57 commitments\[1\]\.metric\.target: must be a number, got "cent"$/,
      ),
      expect.stringMatching(
        /^15:26 commitments\[1\]\.deadline\.wording: cannot read a deadline in "vers la Saint-Glinglin"/,
      ),
      expect.stringMatching(
        /^17:17 commitments\[2\]\.externalId: duplicate externalId "e-1" \(first used on line 3\)$/,
      ),
      expect.stringMatching(
        /^28:62 commitments\[3\]\.metric\.target: 120 is outside the range of a percentage metric \[0, 100\]$/,
      ),
      expect.stringMatching(/^32:32 commitments\[3\]\.progress\[0\]\.value: 101 is outside/),
      expect.stringMatching(
        /^33:21 commitments\[3\]\.progress\[1\]\.ministry: MAA is not among this entry's ministries$/,
      ),
      expect.stringMatching(/^34:9 commitments\[3\]\.progress\[2\]\.on: is missing$/),
    ]);
  });

  it('reports missing fields, unknown fields, a deadline before the decision and a date given with a period', () => {
    const found = issuesOf(
      catalogue(
        `  - externalId: e-1
    description: "Décrit."
    source: { document: doc.txt, decidedOn: 2020-12-03 }
    metric: { kind: boolean, direction: increase, target: 1 }
    deadline: { wording: "fin 2019" }
    ministries: []
    colour: blue`,
        entry(
          `    deadline: { wording: "x", date: 2021-03-31, period: "fin 2021" }\n    ministries: all`,
        ).replace('e-1', 'e-2'),
      ),
    ).map((i) => `${i.line} ${i.path}: ${i.message}`);
    expect(found).toEqual([
      '3 commitments[0].title: is missing',
      '7 commitments[0].deadline: resolves to 2019-12-31, before source.decidedOn 2020-12-03',
      '8 commitments[0].ministries: must name at least one organisation',
      '9 commitments[0].colour: unknown field (expected externalId, title, description, source, metric, deadline, ministries, mission, period, reporting, milestones, progress)',
      expect.stringMatching(/^15 commitments\[1\]\.deadline\.period: give either/),
    ]);
  });

  describe('reporting and milestones', () => {
    const withFields = (fields: string, metric?: string): string => {
      const text = entry(`    deadline: { wording: "fin 2021" }\n    ministries: all\n${fields}`);
      return catalogue(
        metric
          ? text.replace('{ kind: percentage, direction: increase, target: 100 }', metric)
          : text,
      );
    };
    const issueLines = (text: string) =>
      issuesOf(text).map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`);

    it('defaults the cadence by kind: none for a yes/no action, monthly for a measured one', () => {
      const measured = parseCatalogue(withFields('')).entries[0];
      expect(measured).toMatchObject({ reporting: { every: 'month' }, milestones: [] });
      const yesNo = parseCatalogue(
        withFields('', '{ kind: boolean, direction: increase, target: 1 }'),
      ).entries[0];
      expect(yesNo.reporting).toEqual({ every: 'none' });
    });

    it('reads a cadence with its delay, and milestones in date order', () => {
      const { entries } = parseCatalogue(
        withFields(`    reporting: { every: quarter, delayDays: 45 }
    milestones:
      - { "on": 2021-06-30, target: 80, label: "Mi-parcours" }
      - { "on": 2021-03-31, target: 50 }`),
      );
      expect(entries[0]).toMatchObject({
        reporting: { every: 'quarter', delayDays: 45 },
        milestones: [
          { on: '2021-03-31', target: 50 },
          { on: '2021-06-30', target: 80, label: 'Mi-parcours' },
        ],
      });
      expect(entries[0].milestones[0]).not.toHaveProperty('label');
    });

    it('names each wrong field of a cadence', () => {
      expect(issueLines(withFields('    reporting: { every: daily, delayDays: 1.5 }'))).toEqual([
        '10:25 commitments[0].reporting.every: must be one of week, month, quarter, half-year, year, none, got "daily"',
        '10:43 commitments[0].reporting.delayDays: must be a whole number of days from 0 to 366',
      ]);
      expect(issueLines(withFields('    reporting: { every: year, delayDays: 400 }'))).toEqual([
        '10:42 commitments[0].reporting.delayDays: must be a whole number of days from 0 to 366',
      ]);
      expect(issueLines(withFields('    reporting: { every: none, delayDays: 30 }'))).toEqual([
        '10:42 commitments[0].reporting.delayDays: has no meaning when nothing is expected (every: none)',
      ]);
      expect(issueLines(withFields('    reporting: { delayDays: 30 }'))).toEqual([
        '10:16 commitments[0].reporting.every: is missing',
      ]);
      expect(issueLines(withFields('    reporting: monthly'))).toEqual([
        '10:16 commitments[0].reporting: must be a mapping, got "monthly"',
      ]);
    });

    it('refuses milestones on a yes/no action: its steps are counted instead', () => {
      expect(
        issueLines(
          withFields(
            '    milestones:\n      - { "on": 2021-06-30, target: 1 }',
            '{ kind: boolean, direction: increase, target: 1 }',
          ),
        ),
      ).toEqual([
        '11:7 commitments[0].milestones: a yes/no commitment has no intermediate target; count its steps instead (metric.kind: count, target: the number of steps)',
      ]);
    });

    it('names each wrong milestone: before the decision, after the deadline, out of range, twice a day', () => {
      expect(
        issueLines(
          withFields(`    milestones:
      - { "on": 2020-11-30, target: 10 }
      - { "on": 2022-01-01, target: 10 }
      - { "on": 2021-03-31, target: 120 }
      - { "on": 2021-06-30, target: 60, label: "T2" }
      - { "on": 2021-06-30, target: 70 }
      - { target: 70, label: "Sans\\ndate" }`),
        ),
      ).toEqual([
        '11:17 commitments[0].milestones[0].on: 2020-11-30 is before source.decidedOn 2020-12-03',
        '12:17 commitments[0].milestones[1].on: 2022-01-01 is after the deadline 2021-12-31: a milestone comes before it',
        '13:37 commitments[0].milestones[2].target: 120 is outside the range of a percentage metric [0, 100]',
        '15:17 commitments[0].milestones[4].on: another milestone is already on 2021-06-30',
        '16:9 commitments[0].milestones[5].on: is missing',
        '16:30 commitments[0].milestones[5].label: must not contain U+000A',
      ]);
    });
  });

  it.each([
    ['an empty file', '', /the file is empty/, 1],
    ['a file of comments only', '# nothing yet\n', /the file is empty/, 1],
    ['a list instead of a mapping', '- a\n- b\n', /expected a mapping/, 1],
    ['no entries', 'version: 1\ncommitments: []\n', /commitments: is empty/, 2],
    ['a wrong version', 'version: 2\ncommitments: []\n', /version: must be 1, got 2/, 1],
  ])('rejects %s', (_name, text, message, line) => {
    const issues = issuesOf(text);
    expect(issues.map((i) => `${i.path}: ${i.message}`).join('\n')).toMatch(message);
    expect(issues.map((i) => i.line)).toContain(line);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('version: 1\ncommitments:\n  - a: [\n');
    expect(issues[0]).toMatchObject({ line: 4, message: expect.stringMatching(/^YAML: /) });
  });

  it('reports a duplicate key in a mapping', () => {
    const text = catalogue(
      entry(`    deadline: { wording: "fin 2021" }\n    ministries: all\n    title: "Encore"`),
    );
    expect(issuesOf(text)[0]).toMatchObject({ line: 10, message: expect.stringMatching(/unique/) });
  });

  it('refuses control and bidirectional-override characters, and line breaks in a title', () => {
    const withTitle = (title: string) =>
      catalogue(
        entry(`    deadline: { wording: "fin 2021" }\n    ministries: all`).replace(
          'title: "Un engagement"',
          `title: "${title}"`,
        ),
      );
    expect(issuesOf(withTitle('Titre \\u202Etxt.exe'))[0]).toMatchObject({
      path: 'commitments[0].title',
      message: 'must not contain U+202E (right-to-left override)',
    });
    expect(issuesOf(withTitle('Titre \\e[2J'))[0].message).toBe('must not contain U+001B (ESC)');
    expect(issuesOf(withTitle('Titre\\nsuite'))[0].message).toBe('must not contain U+000A');
    // A description may hold line breaks.
    expect(() =>
      parseCatalogue(
        catalogue(
          entry(`    deadline: { wording: "fin 2021" }\n    ministries: all`).replace(
            'description: "Décrit."',
            'description: "Ligne 1\\nLigne 2"',
          ),
        ),
      ),
    ).not.toThrow();
  });

  describe('encoding', () => {
    const valid = catalogue(entry(`    deadline: { wording: "fin 2021" }\n    ministries: all`));

    it('accepts UTF-8, with or without a byte-order mark', () => {
      expect(parseCatalogue(Buffer.from(valid, 'utf8')).entries).toHaveLength(1);
      expect(
        parseCatalogue(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]))
          .entries,
      ).toHaveLength(1);
    });

    it('rejects UTF-16, with or without a byte-order mark', () => {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')]);
      expect(issuesOf(utf16)[0]).toMatchObject({
        line: 1,
        message: expect.stringMatching(/UTF-16.*save it as UTF-8/),
      });
      expect(issuesOf(Buffer.from(valid, 'utf16le'))[0].message).toMatch(
        /UTF-16 without a byte-order mark/,
      );
    });

    it('rejects invalid UTF-8 bytes (a Latin-1 file), naming each line', () => {
      const latin1 = Buffer.from(valid.replace('Décrit', 'D\u00e9crit'), 'latin1');
      expect(issuesOf(latin1)).toEqual([
        expect.objectContaining({
          line: 5,
          column: 20,
          message: expect.stringMatching(/invalid UTF-8 byte 0xE9/),
        }),
      ]);
    });
  });
});
