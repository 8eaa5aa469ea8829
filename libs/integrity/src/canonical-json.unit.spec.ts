import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

/** The first version, kept as the reference: every stored hash was computed with it. */
const reference = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`Cannot canonicalise ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  }
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
};

describe('canonicalJson', () => {
  it('writes the same bytes as the reference version, for any JSON value with undefined in it', () => {
    const withHoles = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.constant(undefined),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 6 }),
      ),
    })).value;
    fc.assert(
      fc.property(withHoles, (value) => {
        if (value === undefined) return;
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys, drops undefined members, and refuses what JSON cannot write', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'é' }] })).toBe(
      '{"a":[null,{"c":"é"}],"b":1}',
    );
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
