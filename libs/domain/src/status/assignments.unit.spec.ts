import { commitmentDecided, foldDecided, progressReported } from '../../testing';
import {
  emptyChart,
  evolveChart,
  type OrganisationChart,
  type OrganisationEvent,
} from '../organisations/organisation-chart';
import { assignedItems } from './assignments';
import { evaluateItem } from './evaluate-status';
import { DEFAULT_RULES } from './status.types';

/**
 * Who holds a commitment on a day follows the organisation chart: "every ministry" is every
 * ministry existing that day; nobody is held to what was due before it existed; a merged or split
 * organisation's items pass to its successors, with their history.
 */

const fold = (events: readonly OrganisationEvent[]): OrganisationChart =>
  events.reduce((chart, e, i) => evolveChart(chart, e, i), emptyChart());
const created = (code: string, on = '2020-01-01'): OrganisationEvent => ({
  type: 'OrganisationCreated',
  data: {
    code,
    kind: 'ministry',
    name: `Ministère ${code}`,
    shortName: code,
    of: `du ministère ${code}`,
    to: `au ministère ${code}`,
    on,
    reason: 'Référentiel',
  },
});
const chart = fold([
  created('MEFR'),
  created('MACP'),
  created('MI'),
  created('MTFP', '2020-07-06'),
  {
    type: 'OrganisationsMerged',
    data: { code: 'MACP', into: 'MEFR', on: '2020-07-06', reason: 'Castex' },
  },
]);
const at = (date: string) => ({
  asOf: `${date}T10:00:00.000Z`,
  knownAt: '2030-01-01T00:00:00.000Z',
});
const held = (state: ReturnType<typeof foldDecided>, date: string) =>
  assignedItems(state, chart, at(date))
    .map((i) => i.code)
    .sort();

const decided = (data: Parameters<typeof commitmentDecided>[0]) =>
  commitmentDecided({
    source: { document: 'test', section: 'test', decidedOn: '2020-05-28' },
    ...data,
  });

describe('assignedItems', () => {
  describe('given a decision for every ministry, due after the Castex government', () => {
    const state = foldDecided([
      decided({ ministries: ['MEFR', 'MACP', 'MI'], allMinistries: true, deadline: '2021-06-30' }),
    ]);

    it('holds every ministry existing on the day, at several dates', () => {
      expect(held(state, '2020-06-15')).toEqual(['MACP', 'MEFR', 'MI']);
      expect(held(state, '2020-07-15')).toEqual(['MEFR', 'MI', 'MTFP']);
      expect(held(state, '2021-01-15')).toEqual(['MEFR', 'MI', 'MTFP']);
    });

    it('a ministry created since holds it as unassigned, with no facts', () => {
      const mtfp = assignedItems(state, chart, at('2020-07-15')).find((i) => i.code === 'MTFP');
      expect(mtfp).toEqual({ track: 'MTFP', code: 'MTFP', assignment: { unassigned: true } });
    });
  });

  it('nobody is held to a commitment due before it existed', () => {
    const state = foldDecided([
      decided({ ministries: ['MEFR', 'MACP', 'MI'], allMinistries: true, deadline: '2020-06-30' }),
    ]);
    expect(held(state, '2020-06-15')).toEqual(['MACP', 'MEFR', 'MI']);
    expect(held(state, '2020-07-15')).not.toContain('MTFP');
  });

  describe("given a merged ministry's commitment with a report", () => {
    const state = foldDecided([
      decided({ ministries: ['MACP'], allMinistries: false, deadline: '2021-06-30' }),
      progressReported({ ministry: 'MACP', value: 40, on: '2020-06-15' }),
    ]);

    it('before the merger, the merged ministry holds it', () => {
      expect(assignedItems(state, chart, at('2020-07-05'))).toEqual([
        { track: 'MACP', code: 'MACP' },
      ]);
    });

    it('from the merger, its successor holds it with its history, TAKEN_OVER', () => {
      const [item] = assignedItems(state, chart, at('2020-07-15'));
      expect(item).toEqual({
        track: 'MACP',
        code: 'MEFR',
        assignment: {
          takenOver: { by: 'MEFR', from: 'MACP', fromOf: 'du ministère MACP', on: '2020-07-06' },
        },
      });
      const evaluated = evaluateItem(
        state,
        item.track,
        at('2020-07-15'),
        DEFAULT_RULES,
        item.assignment,
      );
      expect(evaluated).toMatchObject({ ministry: 'MEFR', takenOverFrom: 'MACP', latestValue: 40 });
      expect(evaluated?.reasons).toContainEqual({
        code: 'TAKEN_OVER',
        message: 'Repris du ministère MACP le 06/07/2020.',
      });
    });
  });

  it('an empty chart keeps the decision as it is', () => {
    const state = foldDecided([decided({ ministries: ['MACP', 'MTFP'], deadline: '2020-06-30' })]);
    expect(assignedItems(state, emptyChart(), at('2020-06-15')).map((i) => i.code)).toEqual([
      'MACP',
      'MTFP',
    ]);
  });
});
