import { PeriodWordingError, isReadablePeriod, resolvePeriodDeadline } from './period-deadline';

describe('resolvePeriodDeadline: the last Paris calendar day of the period named', () => {
  it.each([
    // quarters
    ['1er trimestre 2021', '2021-03-31'],
    ['1^{er} trimestre 2021', '2021-03-31'],
    ['premier trimestre 2021', '2021-03-31'],
    ['2e trimestre 2020', '2020-06-30'],
    ['3e trimestre 2020', '2020-09-30'],
    ['3^e trimestre 2020', '2020-09-30'],
    ['3ème trimestre 2020', '2020-09-30'],
    ['4e trimestre 2020', '2020-12-31'],
    ['4^e trimestre 2020', '2020-12-31'],
    ['T4 2020', '2020-12-31'],
    // half-years
    ['2nd semestre 2020', '2020-12-31'],
    ['2e semestre 2020', '2020-12-31'],
    ['2ème semestre 2020', '2020-12-31'],
    ['second semestre 2020', '2020-12-31'],
    ['seconde semestre 2020', '2020-12-31'],
    ['premier semestre 2021', '2021-06-30'],
    ['1^{er} semestre 2021', '2021-06-30'],
    ['S1 2021', '2021-06-30'],
    // mid-year, end of year, year, range of years
    ['mi-2021', '2021-06-30'],
    ['mi 2021', '2021-06-30'],
    ['fin 2022', '2022-12-31'],
    ['fin 2020', '2020-12-31'],
    ["fin de l'année 2020", '2020-12-31'],
    ['2021', '2021-12-31'],
    ['2020-2021', '2021-12-31'],
    ['2020 – 2021', '2021-12-31'],
    // months
    ['décembre 2021', '2021-12-31'],
    ['Décembre 2021', '2021-12-31'],
    ['decembre 2021', '2021-12-31'],
    ['septembre 2020', '2020-09-30'],
    ['février 2024', '2024-02-29'],
    ['février 2021', '2021-02-28'],
    ['fin mars 2021', '2021-03-31'],
    ['en septembre 2020', '2020-09-30'],
    // seasons: the day before the next season starts
    ["avant l'été 2021", '2021-06-20'],
    ['avant l’été 2021', '2021-06-20'],
    ["avant I'été 2021", '2021-06-20'],
    ["Avant l'Été 2021", '2021-06-20'],
    ["avant l'ete 2021", '2021-06-20'],
    ["avant l'automne 2021", '2021-09-22'],
    ["avant l'hiver 2021", '2021-12-20'],
    ['avant le printemps 2021', '2021-03-19'],
    ['automne 2020', '2020-12-20'],
    ["l'automne 2020", '2020-12-20'],
    ['été 2021', '2021-09-22'],
    ['printemps 2021', '2021-06-20'],
    ['hiver 2021', '2021-03-19'],
    ['hiver 2020-2021', '2021-03-19'],
    // exact dates
    ['31 mars 2021', '2021-03-31'],
    ['1er juillet 2021', '2021-07-01'],
    ['1^{er} juillet 2021', '2021-07-01'],
    ['15 juin 2020', '2020-06-15'],
    ["d'ici le 31 mars 2021", '2021-03-31'],
    ['d’ici le 1^{er} juillet 2021', '2021-07-01'],
    ['au 31 mars 2021', '2021-03-31'],
    ['2021-03-31', '2021-03-31'],
    // leading particles, spaces and trailing punctuation
    ['  au premier semestre 2021. ', '2021-06-30'],
    ['d’ici à fin 2022', '2022-12-31'],
  ])('%s → %s', (wording, expected) => {
    expect(resolvePeriodDeadline(wording)).toBe(expected);
  });

  it.each([
    'objectif fin 2022',
    'Fait',
    'COSINUM de décembre',
    'avant le 15 juin',
    'en septembre',
    'hiver',
    '',
    '5e trimestre 2020',
  ])('refuses "%s" with a typed error naming the wording', (wording) => {
    let caught: unknown;
    try {
      resolvePeriodDeadline(wording);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PeriodWordingError);
    expect(caught).toMatchObject({ code: 'CATALOGUE.UNREADABLE_PERIOD', wording });
    expect((caught as Error).message).toContain(`"${wording}"`);
    expect(isReadablePeriod(wording)).toBe(false);
  });

  it.each(['31 février 2021', '3e semestre 2020', 'hiver 2019-2021', '2021-02-30'])(
    'refuses "%s", a day or period that does not exist',
    (wording) => {
      expect(() => resolvePeriodDeadline(wording)).toThrow(
        expect.objectContaining({ code: 'CATALOGUE.NOT_A_DATE', wording }),
      );
    },
  );
});
