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
