import fc from 'fast-check';
import { ITEM_STATES, type StatusItem } from '@cosinum/domain';
import { compareItems, sortItems } from './board.queries';

/**
 * The board sorts its items with each title and ministry ranked once by the collator: the order
 * must be exactly the stable `items.sort(compareItems)`, ties (same state, deadline, title and
 * ministry) in their original order included.
 */
const TITLES = [
  'Étape',
  'etape',
  'Etape',
  'étape',
  'Zèbre',
  'zebre',
  'a',
  'A',
  'Œuvre',
  'oeuvre',
  '',
];
const MINISTRIES = ['MI', 'mi', 'MEFR', 'MENJ', 'MSJOP', 'É', 'E'];
const DEADLINES = ['2021-06-30', '2021-07-01', '2020-12-31', '2021-06-30'];

const itemArb = fc.record({
  state: fc.constantFrom(...ITEM_STATES),
  title: fc.oneof(fc.constantFrom(...TITLES), fc.string({ maxLength: 4 })),
  ministry: fc.oneof(fc.constantFrom(...MINISTRIES), fc.string({ maxLength: 3 })),
  deadline: fc.constantFrom(...DEADLINES),
  id: fc.nat(),
});

describe('sortItems', () => {
  it('orders as the stable sort by compareItems does', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 80 }), (records) => {
        const items = records.map((r) => ({ ...r }) as unknown as StatusItem);
        const expected = [...items].sort(compareItems);
        const actual = sortItems(items);
        expect(actual).toHaveLength(expected.length);
        actual.forEach((item, i) => expect(item).toBe(expected[i]));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the items it is given as they were', () => {
    const items = TITLES.map(
      (title, i) =>
        ({
          title,
          ministry: 'MI',
          state: 'met',
          deadline: '2021-01-01',
          i,
        }) as unknown as StatusItem,
    );
    const before = [...items];
    sortItems(items);
    expect(items).toEqual(before);
  });
});
