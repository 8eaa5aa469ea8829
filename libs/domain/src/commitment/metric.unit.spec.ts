import fc from 'fast-check';
import { formatTarget, formatValue, unitFor } from './metric';

describe('values and targets in French', () => {
  it.each([
    ['étapes', 1, 'étape'],
    ['étapes', 1.5, 'étape'],
    ['étapes', 0, 'étape'],
    ['étapes', 2, 'étapes'],
    ["startups lancées dans l'année", 1, "startup lancée dans l'année"],
    ['mises en relation', 1, 'mise en relation'],
    ['utilisateurs Tchap', 1, 'utilisateur Tchap'],
    ['dossiers actifs', 1, 'dossier actif'],
    ['M€', 1, 'M€'],
    ['(rang européen)', 1, '(rang européen)'],
  ])('gives the unit %s the number of %s: %s', (unit, value, expected) => {
    expect(unitFor(unit, value)).toBe(expected);
  });

  it('writes a count with its unit in the right number, thousands grouped', () => {
    expect(formatValue({ kind: 'count', unit: 'étapes' }, 1)).toBe('1 étape');
    expect(formatValue({ kind: 'count', unit: 'agents' }, 12500)).toBe('12\u202f500 agents');
  });

  it('words a yes/no target as the goal, not as if it were reached', () => {
    expect(formatTarget({ kind: 'boolean' }, 1)).toBe('action réalisée');
    expect(formatValue({ kind: 'boolean' }, 1)).toBe('réalisé');
    expect(formatTarget({ kind: 'percentage' }, 100)).toBe('100\u202f%');
  });
});

describe('formatValue remembers the numbers it wrote', () => {
  const FRENCH = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
  it('writes every value as Intl does, -0 after 0 and 0 after -0 included', () => {
    const values = [0, -0, 0, 1.5, -1.5, 1234567.891, -0, NaN, Infinity, 12.005, 12.005, 1e21];
    for (const value of values)
      expect(formatValue({ kind: 'score' }, value)).toBe(`${FRENCH.format(value)}/10`);
  });
  it('writes random values as Intl does, twice', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 50 }), (values) => {
        for (const value of [...values, ...values])
          expect(formatValue({ kind: 'count' }, value)).toBe(FRENCH.format(value));
      }),
    );
  });
});
