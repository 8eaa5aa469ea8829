import fc from 'fast-check';
import { asJson } from './event-metadata';

describe('asJson', () => {
  it('gives what a JSON round trip gives, for any value with undefined, NaN and nesting in it', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constantFrom(undefined, Number.NaN, Infinity, -0),
        fc.double(),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 5 }), tie('v'), { maxKeys: 5 }),
      ),
    })).v;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), value), (data) => {
        expect(asJson(data)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 500 },
    );
  });
});
