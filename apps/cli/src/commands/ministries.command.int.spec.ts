import { cliSandbox } from '../../testing/cli-sandbox';
import { buildProgram, run } from '../main';

describe('cosinum ministries: the organisation chart on the command line', () => {
  const cli = cliSandbox('cosinum-cli-ministries-');
  const cosinum = async (...args: string[]) => {
    cli.clear();
    return run(['node', 'cosinum', ...args]);
  };
  const create = (code: string, name: string, on: string) =>
    cosinum(
      'ministries',
      'record',
      'create',
      code,
      '--kind',
      'ministry',
      '--name',
      `Ministère ${name}`,
      '--short-name',
      name,
      '--of',
      `du ministère ${name}`,
      '--to',
      `au ministère ${name}`,
      '--on',
      on,
      '--reason',
      'Référentiel de test',
    );

  it('lists the static list on a store without a chart, as before (with the article forms)', async () => {
    expect(await cosinum('ministries', '--json')).toBe(0);
    const items = JSON.parse(cli.out) as { code: string; of: string }[];
    expect(items).toHaveLength(21);
    expect(items.find((o) => o.code === 'MINARM')?.of).toBe('du ministère des Armées');
    expect(await cosinum('ministries')).toBe(0);
    expect(cli.out).toContain("MI           Ministère de l'Intérieur\n");
  });

  it('records creations, a renaming, a merger and a split, and lists the chart as of a day', async () => {
    expect(await create('MACP', "de l'Action et des Comptes publics", '2020-01-01')).toBe(0);
    expect(cli.out).toMatch(/^OrganisationCreated MACP on 2020-01-01 \(position \d+\)\n$/);
    expect(await create('MEFR', "de l'Économie et des Finances", '2020-01-01')).toBe(0);
    expect(
      await cosinum(
        'ministries',
        'record',
        'merge',
        'MACP',
        '--into',
        'MEFR',
        '--on',
        '2020-07-06',
        '--reason',
        'Gouvernement Castex',
        '--reference',
        'Décret du 6 juillet 2020 relatif à la composition du Gouvernement',
      ),
    ).toBe(0);
    expect(cli.out).toContain('OrganisationsMerged MACP on 2020-07-06');
    expect(await cosinum('ministries', 'list', '--as-of', '2020-06-01')).toBe(0);
    expect(cli.out).toBe(
      "MACP         Ministère de l'Action et des Comptes publics  (depuis le 2020-01-01)\n" +
        "MEFR         Ministère de l'Économie et des Finances  (depuis le 2020-01-01)\n",
    );
    expect(
      await cosinum(
        'ministries',
        'record',
        'rename',
        'MEFR',
        '--name',
        "Ministère de l'Économie, des Finances et de la Relance",
        '--short-name',
        'Économie et Finances',
        '--of',
        "du ministère de l'Économie, des Finances et de la Relance",
        '--to',
        "au ministère de l'Économie, des Finances et de la Relance",
        '--on',
        '2020-07-06',
        '--reason',
        'Gouvernement Castex',
      ),
    ).toBe(0);
    expect(await cosinum('ministries', '--as-of', '2020-07-15', '--json')).toBe(0);
    expect(JSON.parse(cli.out)).toEqual([
      {
        code: 'MEFR',
        kind: 'ministry',
        since: '2020-01-01',
        name: "Ministère de l'Économie, des Finances et de la Relance",
        shortName: 'Économie et Finances',
        of: "du ministère de l'Économie, des Finances et de la Relance",
        to: "au ministère de l'Économie, des Finances et de la Relance",
      },
    ]);

    expect(await create('MA', 'A', '2022-05-20')).toBe(0);
    expect(await create('MB', 'B', '2022-05-20')).toBe(0);
    expect(
      await cosinum(
        'ministries',
        'record',
        'split',
        'MEFR',
        '--into',
        'MA,MB',
        '--assign',
        'c1=MA',
        '--on',
        '2022-05-20',
        '--reason',
        'Gouvernement Borne',
      ),
    ).toBe(0);
    expect(await cosinum('ministries', '--as-of', '2022-06-01', '--json')).toBe(0);
    expect((JSON.parse(cli.out) as { code: string }[]).map((o) => o.code)).toEqual(['MA', 'MB']);
  });

  it('refuses what the domain refuses, naming the code and the field, with exit code 2', async () => {
    expect(await create('MACP', 'X', '2020-01-01')).toBe(0);
    expect(await create('MACP', 'Y', '2020-01-01')).toBe(2);
    expect(cli.err).toContain('ORGANISATION.CODE_TAKEN (code)');
    expect(
      await cosinum('ministries', 'record', 'merge', 'MACP', '--on', '2020-07-06', '--reason', 'x'),
    ).toBe(2);
    expect(cli.err).toContain('merge needs --into');
  });

  it('explains itself with --help', () => {
    const ministries = buildProgram().commands.find((c) => c.name() === 'ministries');
    const record = ministries?.commands.find((c) => c.name() === 'record');
    const list = ministries?.commands.find((c) => c.name() === 'list');
    expect(record?.helpInformation()).toContain('create, rename, merge');
    expect(record?.helpInformation()).toContain('--assign <commitmentId=code>');
    expect(list?.helpInformation()).toContain('--as-of <moment>');
  });
});
