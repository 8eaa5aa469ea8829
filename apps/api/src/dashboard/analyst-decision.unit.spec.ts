import { decisionField, placedDecisionErrors, readDecision } from './analyst-decision.page';

/** The decision form's reading of its strings into the API's body, and its errors' places. */
describe('readDecision', () => {
  const base = {
    title: 'Un engagement',
    'source.document': 'Relevé',
    'source.decidedOn': '03/12/2020',
    'metric.kind': 'percentage',
    'metric.direction': 'increase',
    'metric.target': '100',
    deadline: '2021-03-31',
  };

  it('reads French numbers and dates, drops empty fields and milestone rows, keeps the rows', () => {
    const reading = readDecision(
      {
        ...base,
        'metric.target': '95,5 %',
        'milestones[1].on': '2021-01-31',
        'milestones[1].target': '80',
        'milestones[2].label': '',
        'milestones[3].on': '2021-02-28',
        'milestones[3].target': '90',
      },
      { ministries: 'all' },
    );
    expect(reading.errors).toEqual({});
    expect(reading.rows).toEqual([1, 3]);
    expect(reading.body).toEqual({
      title: 'Un engagement',
      description: '',
      source: { document: 'Relevé', decidedOn: '2020-12-03' },
      metric: { kind: 'percentage', direction: 'increase', target: 95.5 },
      deadline: '2021-03-31',
      ministries: 'all',
      milestones: [
        { on: '2021-01-31', target: 80 },
        { on: '2021-02-28', target: 90 },
      ],
    });
  });

  it('reads a count typed with a thousands separator', () => {
    const reading = readDecision(
      { ...base, 'metric.kind': 'count', 'metric.target': '1 234,5' },
      { ministries: 'all' },
    );
    expect(reading.errors).toEqual({});
    expect(reading.body.metric).toMatchObject({ kind: 'count', target: 1234.5 });
  });

  it('gives a yes/no action the target 1 unless one is typed', () => {
    const reading = readDecision(
      { ...base, 'metric.kind': 'boolean', 'metric.target': '' },
      { ministries: ['', 'MI', 'MJ'] },
    );
    expect(reading.body.metric).toMatchObject({ kind: 'boolean', target: 1 });
    expect(reading.body.ministries).toEqual(['MI', 'MJ']);
  });

  it('says at once what the decider would refuse one at a time', () => {
    const reading = readDecision(
      {
        ...base,
        'metric.target': '101',
        deadline: '2020-12-01',
        'milestones[0].on': '2021-05-01',
        'milestones[0].target': '-1',
        'milestones[1].on': '31/02/2021',
      },
      { ministries: ['all', 'MI'] },
    );
    expect(reading.errors).toEqual({
      'metric.target': 'Saisissez une valeur comprise entre 0 et 100',
      deadline: 'L’échéance ne peut pas précéder la date de la décision',
      ministries:
        'Vous avez choisi tous les ministères et coché des ministères\u202f: choisissez l’un ou l’autre',
      'milestones[0].target': 'Saisissez une valeur comprise entre 0 et 100',
      'milestones[0].on': 'Un jalon tombe entre la date de la décision et l’échéance',
      'milestones[1].on': 'Saisissez une date réelle, au format JJ/MM/AAAA',
    });
  });

  it('puts the API’s errors on the form’s rows, its own reading last', () => {
    expect(decisionField('milestones[1].target', [0, 3])).toBe('milestones[3].target');
    expect(decisionField('milestones[0]', [2])).toBe('milestones[2].target');
    expect(decisionField('ministries[4]', [])).toBe('ministries');
    const reading = readDecision({ ...base, 'milestones[2].on': 'demain' }, { ministries: 'all' });
    expect(
      placedDecisionErrors(
        { 'milestones[0].on': 'Ce champ est obligatoire', 'source.section': 'x', nope: 'y' },
        reading,
      ),
    ).toEqual({
      // `nope` is no field of the form: it goes to the first one, where the reader starts.
      title: 'y',
      'source.section': 'x',
      'milestones[2].on': 'Saisissez une date réelle, au format JJ/MM/AAAA',
    });
  });
});
