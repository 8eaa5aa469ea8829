import { textProblem } from './text';

describe('textProblem', () => {
  it.each([
    ['Messagerie accessible à distance', undefined],
    ["l'« accès » — 100 % 😀", undefined],
    ['ligne 1\nligne 2\tcolonne', undefined],
    ['nul\u0000', 'must not contain U+0000 (NUL)'],
    ['\u001b[31mrouge', 'must not contain U+001B (ESC)'],
    ['abc\u202Efdp.exe', 'must not contain U+202E (right-to-left override)'],
    ['\u2067isolat', 'must not contain U+2067 (right-to-left isolate)'],
    ['c1 \u0085', 'must not contain U+0085'],
    ['demi \uD83D seul', 'must not contain a lone UTF-16 surrogate'],
    ['\uDE00 fin', 'must not contain a lone UTF-16 surrogate'],
    ['   \n ', 'must not be blank'],
  ])('%j → %s', (text, problem) => {
    expect(textProblem(text)).toBe(problem);
  });

  it('refuses line breaks and tabs in a single-line text only', () => {
    expect(textProblem('titre\nsur deux lignes', { singleLine: true })).toBe(
      'must not contain U+000A',
    );
    expect(textProblem('titre\tcolonne', { singleLine: true })).toBe('must not contain U+0009');
    expect(textProblem('titre\u2028', { singleLine: true })).toBe('must not contain U+2028');
    expect(textProblem('un titre', { singleLine: true })).toBeUndefined();
  });
});
