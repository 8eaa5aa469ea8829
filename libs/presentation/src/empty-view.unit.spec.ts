import { emptyViewReason } from './empty-view';

describe('why a view is empty', () => {
  const beginnings = [
    { decidedOn: '2020-12-03', recordedAt: '2021-03-20T10:00:00.000Z' },
    { decidedOn: '2020-05-28', recordedAt: '2021-03-22T08:00:00.000Z' },
  ];
  const at = (asOf: string, knownAt: string) => ({ asOf, knownAt });

  it('names the first recording when nothing was recorded yet', () => {
    expect(
      emptyViewReason(beginnings, at('2021-01-01T22:59:59.999Z', '2021-03-01T22:59:59.999Z')),
    ).toEqual({
      text: 'Rien n’était encore enregistré à cette date\u202f; premier enregistrement le 20/03/2021.',
      asOf: '2021-01-01',
      knownAt: '2021-03-20',
      label: 'Afficher selon les informations connues au 20/03/2021',
    });
  });

  it('names the first decision known then when nothing was decided yet', () => {
    // Known on 21 March: only the decision of 3 December was recorded by then.
    expect(
      emptyViewReason(beginnings, at('2020-11-01T22:59:59.999Z', '2021-03-21T22:59:59.999Z')),
    ).toMatchObject({
      text: 'Aucun engagement n’était encore décidé à cette date\u202f; première décision le 03/12/2020.',
      asOf: '2020-12-03',
      knownAt: '2021-03-21',
    });
  });

  it('has nothing to say when something existed (the filters emptied the view), or nothing ever did', () => {
    expect(
      emptyViewReason(beginnings, at('2021-01-01T22:59:59.999Z', '2021-03-21T22:59:59.999Z')),
    ).toBeUndefined();
    expect(
      emptyViewReason([], at('2021-01-01T22:59:59.999Z', '2021-03-21T22:59:59.999Z')),
    ).toBeUndefined();
  });

  it('words it for one commitment', () => {
    expect(
      emptyViewReason(
        [beginnings[0]],
        at('2021-01-01T22:59:59.999Z', '2021-03-01T22:59:59.999Z'),
        'commitment',
      )?.text,
    ).toBe(
      'Cet engagement n’était pas encore enregistré à cette date\u202f; il l’a été le 20/03/2021.',
    );
  });
});
