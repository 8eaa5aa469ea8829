import { DomainError } from '../commitment/commitment.errors';
import {
  decideOrganisation,
  emptyChart,
  evolveChart,
  lineageOf,
  organisationOn,
  organisationsOn,
  takenOverBy,
  type OrganisationChart,
  type OrganisationCommand,
  type OrganisationEvent,
} from './organisation-chart';

/** given(events).when(command).then(events) | thenThrows(code, field), on the chart's decider. */
type Stored = OrganisationEvent & { metadata?: { recordedAt?: string } };
const fold = (events: readonly Stored[]): OrganisationChart =>
  events.reduce((chart, e, i) => evolveChart(chart, e, i), emptyChart());
const given = (events: readonly Stored[] = []) => ({
  when: (data: OrganisationCommand['data']) => {
    const decide = () =>
      decideOrganisation(
        { type: 'RecordOrganisationChange', data, metadata: { now: '2023-01-02T09:00:00.000Z' } },
        fold(events),
      );
    return {
      then: (expected: readonly OrganisationEvent[]) => expect(decide()).toEqual(expected),
      thenThrows: (code: string, field: string) => {
        let error: unknown;
        try {
          decide();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ code, field });
      },
    };
  },
});

const RECORDED_1 = '2023-01-02T09:00:00.000Z';
const RECORDED_2 = '2023-01-05T09:00:00.000Z';
const CASTEX = 'Décret du 6 juillet 2020 relatif à la composition du Gouvernement';

const forms = (name: string, of: string, to: string) => ({ name, shortName: name, of, to });
const created = (
  code: string,
  name: string,
  on = '2020-01-01',
  recordedAt = RECORDED_1,
): Stored => ({
  type: 'OrganisationCreated',
  data: {
    code,
    kind: 'ministry',
    ...forms(`Ministère ${name}`, `du ministère ${name}`, `au ministère ${name}`),
    on,
    reason: 'Référentiel',
  },
  metadata: { recordedAt },
});
const MEFR = created('MEFR', "de l'Économie et des Finances");
const MACP = created('MACP', "de l'Action et des Comptes publics");
const MSS = created('MSS', 'des Solidarités et de la Santé');
const MSP = created('MSP', 'de la Santé et de la Prévention', '2022-05-20');
const MSAPH = created('MSAPH', 'des Solidarités', '2022-05-20');
const merged: Stored = {
  type: 'OrganisationsMerged',
  data: { code: 'MACP', into: 'MEFR', on: '2020-07-06', reason: 'Castex', reference: CASTEX },
  metadata: { recordedAt: RECORDED_2 },
};
const renamed: Stored = {
  type: 'OrganisationRenamed',
  data: {
    code: 'MEFR',
    previousName: "Ministère de l'Économie et des Finances",
    ...forms(
      "Ministère de l'Économie, des Finances et de la Relance",
      "du ministère de l'Économie, des Finances et de la Relance",
      "au ministère de l'Économie, des Finances et de la Relance",
    ),
    on: '2020-07-06',
    reason: 'Castex',
    reference: CASTEX,
  },
  metadata: { recordedAt: RECORDED_2 },
};
const split: Stored = {
  type: 'OrganisationSplit',
  data: {
    code: 'MSS',
    into: ['MSP', 'MSAPH'],
    assignments: { c5: 'MSP' },
    on: '2022-05-20',
    reason: 'Borne',
  },
  metadata: { recordedAt: RECORDED_2 },
};
const at = (asOf: string, knownAt = '2030-01-01T00:00:00.000Z') => ({
  asOf: `${asOf}T10:00:00.000Z`,
  knownAt,
});

describe('decideOrganisation', () => {
  it('create: records the organisation with its name forms, date, reason and reference', () => {
    given([])
      .when({
        change: 'create',
        code: 'MTFP',
        kind: 'ministry',
        ...forms(
          'Ministère de la Transformation et de la Fonction publiques',
          'du ministère de la Transformation et de la Fonction publiques',
          'au ministère de la Transformation et de la Fonction publiques',
        ),
        on: '2020-07-06',
        reason: 'Gouvernement Castex',
        reference: CASTEX,
      })
      .then([
        {
          type: 'OrganisationCreated',
          data: {
            code: 'MTFP',
            kind: 'ministry',
            ...forms(
              'Ministère de la Transformation et de la Fonction publiques',
              'du ministère de la Transformation et de la Fonction publiques',
              'au ministère de la Transformation et de la Fonction publiques',
            ),
            on: '2020-07-06',
            reason: 'Gouvernement Castex',
            reference: CASTEX,
          },
        },
      ]);
  });

  it('create: a code is never reused, even after the organisation ended', () => {
    given([MACP, MEFR, merged])
      .when({
        change: 'create',
        code: 'MACP',
        kind: 'ministry',
        ...forms('M X', 'du M X', 'au M X'),
        on: '2021-01-01',
        reason: 'Réemploi',
      })
      .thenThrows('ORGANISATION.CODE_TAKEN', 'code');
  });

  it('create: refuses a malformed code, an unknown kind, a missing form', () => {
    const base = {
      change: 'create' as const,
      kind: 'ministry' as const,
      ...forms('M X', 'du M X', 'au M X'),
      on: '2021-01-01',
      reason: 'Test',
    };
    given([])
      .when({ ...base, code: 'mi' })
      .thenThrows('ORGANISATION.INVALID', 'code');
    given([])
      .when({ ...base, code: 'MX', kind: 'agency' as never })
      .thenThrows('ORGANISATION.INVALID', 'kind');
    given([])
      .when({ ...base, code: 'MX', of: undefined as never })
      .thenThrows('ORGANISATION.INVALID', 'of');
    given([])
      .when({ ...base, code: 'MX', on: '2021-02-30' })
      .thenThrows('ORGANISATION.INVALID', 'on');
  });

  it('rename: records the new name and the one it replaces, as on that day', () => {
    given([MEFR])
      .when({
        change: 'rename',
        code: 'MEFR',
        ...forms(
          "Ministère de l'Économie, des Finances et de la Relance",
          "du ministère de l'Économie, des Finances et de la Relance",
          "au ministère de l'Économie, des Finances et de la Relance",
        ),
        on: '2020-07-06',
        reason: 'Castex',
        reference: CASTEX,
      })
      .then([{ type: 'OrganisationRenamed', data: renamed.data }]);
  });

  it('rename: refuses an organisation not existing that day, and the same name', () => {
    given([MSP])
      .when({
        change: 'rename',
        code: 'MSP',
        ...forms('M Y', 'du M Y', 'au M Y'),
        on: '2021-01-01',
        reason: 'Trop tôt',
      })
      .thenThrows('ORGANISATION.NOT_FOUND', 'code');
    given([MEFR])
      .when({
        change: 'rename',
        code: 'MEFR',
        ...forms("Ministère de l'Économie et des Finances", 'du', 'au'),
        on: '2021-01-01',
        reason: 'Même nom',
      })
      .thenThrows('ORGANISATION.INVALID', 'name');
  });

  it('merge: into a successor existing that day, not itself', () => {
    given([MACP, MEFR])
      .when({
        change: 'merge',
        code: 'MACP',
        into: 'MEFR',
        on: '2020-07-06',
        reason: 'Castex',
        reference: CASTEX,
      })
      .then([{ type: 'OrganisationsMerged', data: merged.data }]);
    given([MACP, MEFR])
      .when({ change: 'merge', code: 'MACP', into: 'MACP', on: '2020-07-06', reason: 'Castex' })
      .thenThrows('ORGANISATION.INVALID', 'into');
    given([MACP, MSP])
      .when({ change: 'merge', code: 'MACP', into: 'MSP', on: '2020-07-06', reason: 'Castex' })
      .thenThrows('ORGANISATION.NOT_FOUND', 'into');
    given([MACP, MEFR, merged])
      .when({ change: 'merge', code: 'MACP', into: 'MEFR', on: '2021-01-01', reason: 'Deux fois' })
      .thenThrows('ORGANISATION.NOT_FOUND', 'code');
  });

  it('split: into at least two successors, each assignment naming one of them', () => {
    given([MSS, MSP, MSAPH])
      .when({
        change: 'split',
        code: 'MSS',
        into: ['MSP', 'MSAPH'],
        assignments: { c5: 'MSP' },
        on: '2022-05-20',
        reason: 'Borne',
      })
      .then([{ type: 'OrganisationSplit', data: split.data }]);
    given([MSS, MSP, MSAPH])
      .when({ change: 'split', code: 'MSS', into: ['MSP'], on: '2022-05-20', reason: 'Borne' })
      .thenThrows('ORGANISATION.INVALID', 'into');
    given([MSS, MSP, MSAPH])
      .when({
        change: 'split',
        code: 'MSS',
        into: ['MSP', 'MSP'],
        on: '2022-05-20',
        reason: 'Borne',
      })
      .thenThrows('ORGANISATION.INVALID', 'into[1]');
    given([MSS, MSP, MSAPH])
      .when({
        change: 'split',
        code: 'MSS',
        into: ['MSP', 'MSAPH'],
        assignments: { c5: 'MEFR' },
        on: '2022-05-20',
        reason: 'Borne',
      })
      .thenThrows('ORGANISATION.INVALID', 'assignments.c5');
    given([MSS, MSP, MSAPH])
      .when({
        change: 'split',
        code: 'MSS',
        into: ['MSP', 'MSAPH'],
        on: '2022-05-19',
        reason: 'Trop tôt',
      })
      .thenThrows('ORGANISATION.NOT_FOUND', 'into[0]');
  });

  it('dissolve: an organisation existing that day', () => {
    given([MACP])
      .when({ change: 'dissolve', code: 'MACP', on: '2021-01-01', reason: 'Fin' })
      .then([
        { type: 'OrganisationDissolved', data: { code: 'MACP', on: '2021-01-01', reason: 'Fin' } },
      ]);
    given([])
      .when({ change: 'dissolve', code: 'MACP', on: '2021-01-01', reason: 'Fin' })
      .thenThrows('ORGANISATION.NOT_FOUND', 'code');
  });
});

describe('the chart on a day, as known at an instant', () => {
  const chart = fold([MEFR, MACP, MSS, MSP, MSAPH, merged, renamed, split]);

  it('organisationOn: nothing before its creation, its name of the day, nothing after its ending', () => {
    expect(organisationOn(chart, 'MSP', at('2022-05-19'))).toBeNull();
    expect(organisationOn(chart, 'MSP', at('2022-05-20'))).toMatchObject({
      code: 'MSP',
      since: '2022-05-20',
    });
    expect(organisationOn(chart, 'MEFR', at('2020-07-05'))?.name).toBe(
      "Ministère de l'Économie et des Finances",
    );
    expect(organisationOn(chart, 'MEFR', at('2020-07-06'))).toMatchObject({
      name: "Ministère de l'Économie, des Finances et de la Relance",
      of: "du ministère de l'Économie, des Finances et de la Relance",
      to: "au ministère de l'Économie, des Finances et de la Relance",
    });
    expect(organisationOn(chart, 'MACP', at('2020-07-05'))?.code).toBe('MACP');
    expect(organisationOn(chart, 'MACP', at('2020-07-06'))).toBeNull();
    expect(organisationOn(chart, 'MSS', at('2022-05-20'))).toBeNull();
  });

  it('as known before the change was recorded: the chart of then', () => {
    const before = '2023-01-03T00:00:00.000Z';
    expect(organisationOn(chart, 'MACP', at('2020-07-15', before))?.code).toBe('MACP');
    expect(organisationOn(chart, 'MEFR', at('2020-07-15', before))?.name).toBe(
      "Ministère de l'Économie et des Finances",
    );
    expect(organisationOn(chart, 'MEFR', at('2020-07-15', '2023-01-01T00:00:00.000Z'))).toBeNull();
    expect(organisationsOn(chart, at('2020-07-15', before)).map((o) => o.code)).toEqual([
      'MEFR',
      'MACP',
      'MSS',
    ]);
    expect(organisationsOn(chart, at('2020-07-15')).map((o) => o.code)).toEqual(['MEFR', 'MSS']);
    expect(organisationsOn(chart, at('2022-06-01')).map((o) => o.code)).toEqual([
      'MEFR',
      'MSP',
      'MSAPH',
    ]);
  });

  it('takenOverBy: the successor from the effective date; a split follows its assignments', () => {
    expect(takenOverBy(chart, 'MACP', 'c1', at('2020-07-05'))).toEqual([]);
    expect(takenOverBy(chart, 'MACP', 'c1', at('2020-07-06'))).toEqual([
      { code: 'MEFR', from: 'MACP', on: '2020-07-06' },
    ]);
    expect(takenOverBy(chart, 'MSS', 'c5', at('2022-06-01'))).toEqual([
      { code: 'MSP', from: 'MSS', on: '2022-05-20' },
    ]);
    expect(takenOverBy(chart, 'MSS', 'c6', at('2022-06-01')).map((s) => s.code)).toEqual([
      'MSP',
      'MSAPH',
    ]);
  });

  it('lineageOf: predecessors and successors, as known', () => {
    expect(lineageOf(chart, 'MEFR', '2030-01-01T00:00:00.000Z').predecessors).toEqual([
      { code: 'MACP', kind: 'merged', on: '2020-07-06' },
    ]);
    expect(lineageOf(chart, 'MEFR', '2023-01-03T00:00:00.000Z').predecessors).toEqual([]);
    expect(lineageOf(chart, 'MACP', '2030-01-01T00:00:00.000Z')).toMatchObject({
      successors: ['MEFR'],
      ending: { kind: 'merged', reference: CASTEX },
    });
  });
});
