import {
  eventCount,
  expectProblem,
  startTestApp,
  type TestApp,
  type TestResponse,
} from './support/test-app';

/**
 * Bad input on every POST route: each answer is problem+json with the documented status and code,
 * an `errors` entry naming the field at fault (when there is a field), and nothing is written.
 * The clock is fixed at 2021-02-02T09:00:00Z: "today" in Paris is 2021-02-02.
 */

type Route =
  | 'create'
  | 'progress'
  | 'progressBoolean'
  | 'progressUnknownId'
  | 'progressMalformedId'
  | 'extend'
  | 'revise'
  | 'exempt'
  | 'withdraw'
  | 'reporting'
  | 'milestone'
  | 'milestoneBoolean'
  | 'rules';

interface Row {
  readonly route: Route;
  readonly name: string;
  /** An object is sent as JSON, a string as is (with content-type JSON unless `headers` says). */
  readonly body: () => unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  /** Fields the `errors` array must name; empty when the fault is not a field's. */
  readonly fields: readonly string[];
}

const UNKNOWN_ID = '6f1d2c3b-4a59-4e87-9d6c-5b4a39281706';
let serial = 0;

/** A valid decision; each call has its own externalId, so that one row cannot spoil the next. */
const decision = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  externalId: `bad-input-new-${++serial}`,
  title: 'Dématérialiser les démarches',
  description: 'Toutes les démarches en ligne.',
  source: { document: 'releve-2021-01-20.txt', decidedOn: '2021-01-20' },
  metric: {
    kind: 'percentage',
    unit: '% des démarches',
    direction: 'increase',
    target: 100,
    baseline: { value: 40, on: '2021-01-01' },
  },
  deadline: '2021-06-30',
  ministries: ['MI', 'MJ'],
  ...overrides,
});
const withMetric = (metric: Record<string, unknown>) =>
  decision({ metric: { ...(decision().metric as object), ...metric } });
const without = (body: Record<string, unknown>, key: string) => {
  const copy = { ...body };
  delete copy[key];
  return copy;
};
const report = (overrides: Record<string, unknown> = {}) => ({
  ministry: 'MI',
  value: 85,
  on: '2021-02-01',
  ...overrides,
});
const extension = (overrides: Record<string, unknown> = {}) => ({
  ministry: 'MI',
  deadline: '2021-09-30',
  reason: 'Report accordé par le COSINUM',
  ...overrides,
});
const revision = (overrides: Record<string, unknown> = {}) => ({
  target: 95,
  reason: 'Cible révisée par le COSINUM',
  ...overrides,
});
const exemption = (overrides: Record<string, unknown> = {}) => ({
  ministry: 'MJ',
  reason: 'Hors périmètre',
  ...overrides,
});
const withdrawal = (overrides: Record<string, unknown> = {}) => ({
  reason: 'Engagement abandonné',
  ...overrides,
});
const cadence = (overrides: Record<string, unknown> = {}) => ({
  every: 'quarter',
  reason: 'Indicateur trimestriel',
  ...overrides,
});
const milestone = (overrides: Record<string, unknown> = {}) => ({
  on: '2021-04-30',
  target: 70,
  label: 'Fin avril',
  ...overrides,
});
const ruleSet = (overrides: Record<string, unknown> = {}) => ({
  effectiveFrom: '2021-03-01',
  warningDays: 45,
  reason: 'Décision du COSINUM',
  ...overrides,
});

const invalid = (
  route: Route,
  name: string,
  body: () => unknown,
  fields: readonly string[],
): Row => ({ route, name, body, status: 400, code: 'REQUEST.INVALID', fields });
const domain = (
  route: Route,
  name: string,
  body: () => unknown,
  status: number,
  code: string,
  field?: string,
): Row => ({ route, name, body, status, code, fields: field ? [field] : [] });

/** `body` as JSON with `field`'s value replaced by `{"a":{"a":…}}`, `levels` deep. */
const deepIn = (body: Record<string, unknown>, field: string, levels: number): string =>
  JSON.stringify({ ...body, [field]: '§' }).replace(
    '"§"',
    `${'{"a":'.repeat(levels)}"fond"${'}'.repeat(levels)}`,
  );
const MALFORMED_JSON = '{"title": "Dématérialiser", "metric": {';
const OVERSIZED = () => JSON.stringify(decision({ description: 'x'.repeat(1024 * 1024 + 1) })); // > BODY_LIMIT (1 MiB)
const ALL_CREATE_FIELDS = ['title', 'description', 'source', 'metric', 'deadline', 'ministries'];

const ROWS: Row[] = [
  // POST /api/commitments: shape
  invalid('create', 'an empty object', () => ({}), ALL_CREATE_FIELDS),
  invalid('create', 'no body at all', () => undefined, ALL_CREATE_FIELDS),
  invalid('create', 'JSON null', () => 'null', ALL_CREATE_FIELDS),
  invalid('create', 'a JSON array', () => '[]', ALL_CREATE_FIELDS),
  invalid('create', 'a JSON string', () => '"a decision"', ALL_CREATE_FIELDS),
  {
    // Not JSON on a JSON route: 415, not "every field missing".
    route: 'create',
    name: 'a text/plain body',
    body: () => 'title=Dématérialiser',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    fields: ['body'],
  },
  {
    route: 'progress',
    name: 'a text/plain body',
    body: () => JSON.stringify(report()),
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    fields: ['body'],
  },
  {
    route: 'create',
    name: 'a 5,000-deep structure',
    body: () => deepIn(decision(), 'description', 5000),
    status: 400,
    code: 'REQUEST.TOO_DEEP',
    fields: ['body'],
  },
  {
    route: 'progress',
    name: 'a 5,000-deep structure',
    body: () => deepIn(report(), 'value', 5000),
    status: 400,
    code: 'REQUEST.TOO_DEEP',
    fields: ['body'],
  },
  {
    route: 'create',
    name: 'a million unclosed brackets (under the body limit)',
    body: () => '['.repeat(1_000_000),
    status: 400,
    code: 'REQUEST.TOO_DEEP',
    fields: ['body'],
  },
  {
    route: 'create',
    name: 'malformed JSON',
    body: () => MALFORMED_JSON,
    status: 400,
    code: 'REQUEST.MALFORMED',
    fields: ['body'],
  },
  {
    route: 'create',
    name: 'a body over 1 MiB',
    body: OVERSIZED,
    status: 413,
    code: 'REQUEST.TOO_LARGE',
    fields: ['body'],
  },
  invalid('create', 'an extra field', () => decision({ bogus: true }), ['bogus']),
  invalid('create', 'an extra field in metric', () => withMetric({ bogus: 1 }), ['metric.bogus']),
  invalid(
    'create',
    'an extra field in source',
    () => decision({ source: { document: 'd.txt', decidedOn: '2021-01-20', page: 3 } }),
    ['source.page'],
  ),
  invalid(
    'create',
    'a server-computed field (allMinistries)',
    () => decision({ allMinistries: true }),
    ['allMinistries'],
  ),
  invalid('create', 'a client-chosen commitmentId', () => decision({ commitmentId: UNKNOWN_ID }), [
    'commitmentId',
  ]),
  // title, description
  invalid('create', 'title missing', () => without(decision(), 'title'), ['title']),
  invalid('create', 'title a number', () => decision({ title: 42 }), ['title']),
  invalid('create', 'title of 10 000 characters', () => decision({ title: 'T'.repeat(10_000) }), [
    'title',
  ]),
  invalid('create', 'title of 2 characters', () => decision({ title: 'ab' }), ['title']),
  // Text that would not read as it is stored, in pages, emails and spreadsheets.
  invalid('create', 'title with NUL', () => decision({ title: 'Titre\u0000 nul' }), ['title']),
  invalid('create', 'title with ESC', () => decision({ title: '\u001b[2JTitre' }), ['title']),
  invalid(
    'create',
    'title with a right-to-left override',
    () => decision({ title: 'Titre \u202Etxt.exe' }),
    ['title'],
  ),
  invalid('create', 'title with a lone surrogate', () => decision({ title: 'Titre \uD83D seul' }), [
    'title',
  ]),
  invalid('create', 'title of spaces only', () => decision({ title: '     ' }), ['title']),
  invalid('create', 'title on two lines', () => decision({ title: 'Titre\nsuite' }), ['title']),
  invalid('create', 'description with ESC', () => decision({ description: 'a\u001b[31m' }), [
    'description',
  ]),
  invalid('progress', 'note with a right-to-left isolate', () => report({ note: 'note \u2067' }), [
    'note',
  ]),
  invalid(
    'extend',
    'reason with a C1 control',
    () => extension({ reason: 'Report \u009b accordé' }),
    ['reason'],
  ),
  invalid(
    'create',
    'description of 5001 characters',
    () => decision({ description: 'd'.repeat(5001) }),
    ['description'],
  ),
  invalid('create', 'description null', () => decision({ description: null }), ['description']),
  // externalId
  invalid('create', 'externalId with spaces', () => decision({ externalId: 'bad id!' }), [
    'externalId',
  ]),
  invalid(
    'create',
    'externalId of 101 characters',
    () => decision({ externalId: 'e'.repeat(101) }),
    ['externalId'],
  ),
  invalid('create', 'externalId a number', () => decision({ externalId: 12 }), ['externalId']),
  // metric
  invalid('create', 'metric missing', () => without(decision(), 'metric'), ['metric']),
  invalid('create', 'metric a string', () => decision({ metric: 'percentage' }), ['metric']),
  invalid('create', 'metric.target a string ("100")', () => withMetric({ target: '100' }), [
    'metric.target',
  ]),
  invalid('create', 'metric.target null', () => withMetric({ target: null }), ['metric.target']),
  domain(
    'create',
    'metric.target 150 %',
    () => withMetric({ target: 150 }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'metric.target',
  ),
  domain(
    'create',
    'metric.target -1 %',
    () => withMetric({ target: -1 }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'metric.target',
  ),
  domain(
    'create',
    'a boolean metric with target 0.5',
    () => withMetric({ kind: 'boolean', target: 0.5, baseline: undefined, unit: undefined }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'metric.target',
  ),
  domain(
    'create',
    'a score metric with target 11',
    () => withMetric({ kind: 'score', target: 11, baseline: undefined }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'metric.target',
  ),
  invalid('create', 'metric.kind unknown', () => withMetric({ kind: 'ratio' }), ['metric.kind']),
  invalid('create', 'metric.direction unknown', () => withMetric({ direction: 'up' }), [
    'metric.direction',
  ]),
  invalid('create', 'metric.unit of 61 characters', () => withMetric({ unit: 'u'.repeat(61) }), [
    'metric.unit',
  ]),
  domain(
    'create',
    'metric.baseline.value 150 %',
    () => withMetric({ baseline: { value: 150, on: '2021-01-01' } }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'metric.baseline.value',
  ),
  invalid(
    'create',
    'metric.baseline.value a string',
    () => withMetric({ baseline: { value: '70', on: '2021-01-01' } }),
    ['metric.baseline.value'],
  ),
  invalid(
    'create',
    'metric.baseline.on 2020-02-30',
    () => withMetric({ baseline: { value: 70, on: '2020-02-30' } }),
    ['metric.baseline.on'],
  ),
  // source
  invalid('create', 'source missing', () => without(decision(), 'source'), ['source']),
  invalid(
    'create',
    'source.decidedOn 2020-02-30',
    () => decision({ source: { document: 'd.txt', decidedOn: '2020-02-30' } }),
    ['source.decidedOn'],
  ),
  invalid(
    'create',
    'source.decidedOn in French format',
    () => decision({ source: { document: 'd.txt', decidedOn: '03/12/2020' } }),
    ['source.decidedOn'],
  ),
  invalid(
    'create',
    'source.document empty',
    () => decision({ source: { document: '', decidedOn: '2021-01-20' } }),
    ['source.document'],
  ),
  // deadline
  invalid('create', 'deadline 2021-02-30', () => decision({ deadline: '2021-02-30' }), [
    'deadline',
  ]),
  invalid('create', 'deadline 2021-3-31', () => decision({ deadline: '2021-3-31' }), ['deadline']),
  invalid('create', 'deadline an instant', () => decision({ deadline: '2021-03-31T00:00:00Z' }), [
    'deadline',
  ]),
  invalid('create', 'deadline a number', () => decision({ deadline: 20210331 }), ['deadline']),
  invalid('create', 'deadline in 1999', () => decision({ deadline: '1999-12-31' }), ['deadline']),
  invalid('create', 'deadline missing', () => without(decision(), 'deadline'), ['deadline']),
  domain(
    'create',
    'deadline before the decision',
    () => decision({ deadline: '2021-01-19' }),
    400,
    'COMMITMENT.DATE_TOO_EARLY',
    'deadline',
  ),
  // ministries
  invalid('create', 'an unknown ministry code', () => decision({ ministries: ['MI', 'XX'] }), [
    'ministries',
  ]),
  invalid('create', 'a lower-case ministry code', () => decision({ ministries: ['mi'] }), [
    'ministries',
  ]),
  invalid('create', 'an empty ministry list', () => decision({ ministries: [] }), ['ministries']),
  invalid('create', 'ministries "ALL"', () => decision({ ministries: 'ALL' }), ['ministries']),
  invalid('create', 'ministries a single code', () => decision({ ministries: 'MI' }), [
    'ministries',
  ]),
  invalid('create', 'ministries with a number', () => decision({ ministries: ['MI', 42] }), [
    'ministries',
  ]),
  invalid(
    'create',
    'ministries with 51 entries',
    () => decision({ ministries: Array.from({ length: 51 }, () => 'MI') }),
    ['ministries'],
  ),
  invalid('create', 'ministries missing', () => without(decision(), 'ministries'), ['ministries']),

  // POST /api/commitments/:id/progress
  invalid('progress', 'an empty object', () => ({}), ['ministry', 'value', 'on']),
  invalid('progress', 'value "85" (a string)', () => report({ value: '85' }), ['value']),
  invalid('progress', 'value "NaN"', () => report({ value: 'NaN' }), ['value']),
  invalid(
    'progress',
    'value 1e999 (Infinity)',
    () => '{"ministry":"MI","value":1e999,"on":"2021-02-01"}',
    ['value'],
  ),
  invalid('progress', 'value null', () => report({ value: null }), ['value']),
  invalid('progress', 'value true', () => report({ value: true }), ['value']),
  invalid('progress', 'value missing', () => without(report(), 'value'), ['value']),
  domain(
    'progress',
    'value 150 %',
    () => report({ value: 150 }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'value',
  ),
  domain(
    'progress',
    'value -1 %',
    () => report({ value: -1 }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'value',
  ),
  invalid('progress', 'on 2021-02-30', () => report({ on: '2021-02-30' }), ['on']),
  invalid('progress', 'on missing', () => without(report(), 'on'), ['on']),
  invalid('progress', 'on an instant', () => report({ on: '2021-02-01T10:00:00Z' }), ['on']),
  domain(
    'progress',
    'a report dated tomorrow',
    () => report({ on: '2021-02-03' }),
    400,
    'COMMITMENT.DATE_IN_FUTURE',
    'on',
  ),
  domain(
    'progress',
    'a report dated 2100-01-01',
    () => report({ on: '2100-01-01' }),
    400,
    'COMMITMENT.DATE_IN_FUTURE',
    'on',
  ),
  invalid('progress', 'an unknown ministry code', () => report({ ministry: 'XX' }), ['ministry']),
  invalid('progress', 'a lower-case ministry code', () => report({ ministry: 'mi' }), ['ministry']),
  invalid('progress', 'ministry a list', () => report({ ministry: ['MI'] }), ['ministry']),
  domain(
    'progress',
    'a ministry not assigned (MEFR)',
    () => report({ ministry: 'MEFR' }),
    422,
    'COMMITMENT.MINISTRY_NOT_ASSIGNED',
    'ministry',
  ),
  domain(
    'progress',
    'an organisation not assigned (DINUM)',
    () => report({ ministry: 'DINUM' }),
    422,
    'COMMITMENT.MINISTRY_NOT_ASSIGNED',
    'ministry',
  ),
  invalid('progress', 'a note of 2001 characters', () => report({ note: 'n'.repeat(2001) }), [
    'note',
  ]),
  invalid('progress', 'an extra field', () => report({ bogus: 1 }), ['bogus']),
  invalid('progress', 'a commitmentId in the body', () => report({ commitmentId: UNKNOWN_ID }), [
    'commitmentId',
  ]),
  invalid('progress', 'an actor in the body', () => report({ actor: { subject: 'admin' } }), [
    'actor',
  ]),
  {
    route: 'progress',
    name: 'malformed JSON',
    body: () => '{"ministry":"MI","value":85,',
    status: 400,
    code: 'REQUEST.MALFORMED',
    fields: ['body'],
  },
  {
    route: 'progress',
    name: 'a body over 1 MiB',
    body: () => JSON.stringify(report({ note: 'n'.repeat(1024 * 1024 + 1) })),
    status: 413,
    code: 'REQUEST.TOO_LARGE',
    fields: ['body'],
  },
  domain(
    'progressBoolean',
    'boolean metric value 0.5',
    () => report({ value: 0.5 }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'value',
  ),
  domain(
    'progressBoolean',
    'boolean metric value 2',
    () => report({ value: 2 }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'value',
  ),
  domain('progressUnknownId', 'an unknown commitment', () => report(), 404, 'COMMITMENT.NOT_FOUND'),
  domain(
    'progressMalformedId',
    'a malformed commitment id',
    () => report(),
    400,
    'REQUEST.INVALID',
    'id',
  ),

  // POST /api/commitments/:id/deadline-extensions
  invalid('extend', 'an empty object', () => ({}), ['deadline', 'reason']),
  invalid('extend', 'deadline 2021-02-30', () => extension({ deadline: '2021-02-30' }), [
    'deadline',
  ]),
  invalid('extend', 'deadline missing', () => without(extension(), 'deadline'), ['deadline']),
  domain(
    'extend',
    'a deadline earlier than the current one',
    () => extension({ deadline: '2021-05-01' }),
    422,
    'COMMITMENT.DEADLINE_NOT_LATER',
    'deadline',
  ),
  domain(
    'extend',
    'the same deadline, for every ministry',
    () => extension({ ministry: undefined, deadline: '2021-06-30' }),
    422,
    'COMMITMENT.DEADLINE_NOT_LATER',
    'deadline',
  ),
  invalid('extend', 'reason of 2 characters', () => extension({ reason: 'ok' }), ['reason']),
  invalid('extend', 'reason missing', () => without(extension(), 'reason'), ['reason']),
  invalid('extend', 'reason of 2001 characters', () => extension({ reason: 'r'.repeat(2001) }), [
    'reason',
  ]),
  invalid('extend', 'an unknown ministry code', () => extension({ ministry: 'XX' }), ['ministry']),
  domain(
    'extend',
    'a ministry not assigned',
    () => extension({ ministry: 'MEFR' }),
    422,
    'COMMITMENT.MINISTRY_NOT_ASSIGNED',
    'ministry',
  ),
  domain(
    'extend',
    'on tomorrow',
    () => extension({ on: '2021-02-03' }),
    400,
    'COMMITMENT.DATE_IN_FUTURE',
    'on',
  ),
  invalid('extend', 'on 2021-02-30', () => extension({ on: '2021-02-30' }), ['on']),
  invalid(
    'extend',
    'a server-computed previousDeadline',
    () => extension({ previousDeadline: '2020-01-01' }),
    ['previousDeadline'],
  ),
  invalid('extend', 'an extra field', () => extension({ bogus: 'x' }), ['bogus']),

  // POST /api/commitments/:id/target-revisions
  invalid('revise', 'an empty object', () => ({}), ['target', 'reason']),
  invalid('revise', 'target "95" (a string)', () => revision({ target: '95' }), ['target']),
  domain(
    'revise',
    'target 150 %',
    () => revision({ target: 150 }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'target',
  ),
  domain(
    'revise',
    'target -1 %',
    () => revision({ target: -1 }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'target',
  ),
  domain(
    'revise',
    'the current target again',
    () => revision({ target: 100 }),
    422,
    'COMMITMENT.TARGET_UNCHANGED',
    'target',
  ),
  invalid('revise', 'reason missing', () => without(revision(), 'reason'), ['reason']),
  invalid(
    'revise',
    'decisionRef of 201 characters',
    () => revision({ decisionRef: 'd'.repeat(201) }),
    ['decisionRef'],
  ),
  invalid('revise', 'a server-computed previousTarget', () => revision({ previousTarget: 90 }), [
    'previousTarget',
  ]),
  domain(
    'revise',
    'on tomorrow',
    () => revision({ on: '2021-02-03' }),
    400,
    'COMMITMENT.DATE_IN_FUTURE',
    'on',
  ),

  // POST /api/commitments/:id/exemptions
  invalid('exempt', 'an empty object', () => ({}), ['ministry', 'reason']),
  invalid('exempt', 'ministry missing', () => without(exemption(), 'ministry'), ['ministry']),
  invalid('exempt', 'an unknown ministry code', () => exemption({ ministry: 'XX' }), ['ministry']),
  domain(
    'exempt',
    'a ministry not assigned',
    () => exemption({ ministry: 'MEFR' }),
    422,
    'COMMITMENT.MINISTRY_NOT_ASSIGNED',
    'ministry',
  ),
  domain(
    'exempt',
    'on tomorrow',
    () => exemption({ on: '2021-02-03' }),
    400,
    'COMMITMENT.DATE_IN_FUTURE',
    'on',
  ),
  invalid('exempt', 'an extra field', () => exemption({ bogus: [] }), ['bogus']),

  // POST /api/commitments/:id/withdrawal
  invalid('withdraw', 'an empty object', () => ({}), ['reason']),
  invalid('withdraw', 'reason a number', () => withdrawal({ reason: 42 }), ['reason']),
  invalid('withdraw', 'on 2021-13-01', () => withdrawal({ on: '2021-13-01' }), ['on']),
  domain(
    'withdraw',
    'on tomorrow',
    () => withdrawal({ on: '2021-02-03' }),
    400,
    'COMMITMENT.DATE_IN_FUTURE',
    'on',
  ),
  invalid('withdraw', 'an extra field', () => withdrawal({ bogus: true }), ['bogus']),
  {
    route: 'withdraw',
    name: 'malformed JSON',
    body: () => '{"reason": }',
    status: 400,
    code: 'REQUEST.MALFORMED',
    fields: ['body'],
  },

  // POST /api/commitments (reporting cadence and milestones)
  invalid(
    'create',
    'reporting every fortnight',
    () => decision({ reporting: { every: 'fortnight' } }),
    ['reporting.every'],
  ),
  invalid(
    'create',
    'reporting.delayDays 1.5',
    () => decision({ reporting: { every: 'month', delayDays: 1.5 } }),
    ['reporting.delayDays'],
  ),
  domain(
    'create',
    'a delay with every none',
    () => decision({ reporting: { every: 'none', delayDays: 10 } }),
    400,
    'COMMITMENT.INVALID',
    'reporting.delayDays',
  ),
  invalid('create', 'milestones not a list', () => decision({ milestones: { on: '2021-03-31' } }), [
    'milestones',
  ]),
  invalid(
    'create',
    'a milestone without its day',
    () => decision({ milestones: [{ target: 60 }] }),
    ['milestones[0].on'],
  ),
  domain(
    'create',
    'a milestone after the deadline',
    () => decision({ milestones: [{ on: '2021-07-31', target: 90 }] }),
    400,
    'COMMITMENT.INVALID',
    'milestones[0].on',
  ),
  domain(
    'create',
    'a milestone on a yes/no metric',
    () =>
      decision({
        metric: { kind: 'boolean', direction: 'increase', target: 1 },
        milestones: [{ on: '2021-03-31', target: 1 }],
      }),
    400,
    'COMMITMENT.INVALID',
    'milestones[0]',
  ),

  // POST /api/commitments/:id/reporting
  invalid('reporting', 'an empty object', () => ({}), ['every']),
  invalid('reporting', 'every fortnight', () => cadence({ every: 'fortnight' }), ['every']),
  invalid('reporting', 'delayDays -1', () => cadence({ delayDays: -1 }), ['delayDays']),
  invalid('reporting', 'delayDays "15" (a string)', () => cadence({ delayDays: '15' }), [
    'delayDays',
  ]),
  domain(
    'reporting',
    'a delay with every none',
    () => cadence({ every: 'none', delayDays: 10 }),
    400,
    'COMMITMENT.INVALID',
    'delayDays',
  ),
  domain(
    'reporting',
    'the current cadence again',
    () => cadence({ every: 'month' }),
    422,
    'COMMITMENT.REPORTING_UNCHANGED',
    'every',
  ),
  domain(
    'reporting',
    'on tomorrow',
    () => cadence({ on: '2021-02-03' }),
    400,
    'COMMITMENT.DATE_IN_FUTURE',
    'on',
  ),
  invalid('reporting', 'the cadence nested as on a decision', () => ({ reporting: cadence() }), [
    'reporting',
  ]),
  invalid(
    'reporting',
    'a server-computed previousReporting',
    () => cadence({ previousReporting: { every: 'month' } }),
    ['previousReporting'],
  ),

  // POST /api/commitments/:id/milestones
  invalid('milestone', 'an empty object', () => ({}), ['on', 'target']),
  invalid('milestone', 'on 2021-02-30', () => milestone({ on: '2021-02-30' }), ['on']),
  invalid('milestone', 'target "70" (a string)', () => milestone({ target: '70' }), ['target']),
  invalid('milestone', 'a label with a line break', () => milestone({ label: 'Fin\navril' }), [
    'label',
  ]),
  invalid('milestone', 'a label of 201 characters', () => milestone({ label: 'l'.repeat(201) }), [
    'label',
  ]),
  domain(
    'milestone',
    'target 150 %',
    () => milestone({ target: 150 }),
    400,
    'COMMITMENT.VALUE_OUT_OF_RANGE',
    'target',
  ),
  domain(
    'milestone',
    'a day after the deadline',
    () => milestone({ on: '2021-07-01' }),
    400,
    'COMMITMENT.INVALID',
    'on',
  ),
  domain(
    'milestone',
    'a day before the decision',
    () => milestone({ on: '2021-01-10' }),
    400,
    'COMMITMENT.DATE_TOO_EARLY',
    'on',
  ),
  domain(
    'milestone',
    'a second milestone on the same day',
    () => milestone({ on: '2021-03-31', target: 75 }),
    409,
    'COMMITMENT.MILESTONE_EXISTS',
    'on',
  ),
  domain(
    'milestoneBoolean',
    'on a yes/no commitment',
    () => milestone({ target: 1 }),
    400,
    'COMMITMENT.INVALID',
    'target',
  ),
  invalid('milestone', 'the milestone nested', () => ({ milestone: milestone() }), ['milestone']),

  // POST /api/status-rules
  invalid('rules', 'an empty object', () => ({}), ['effectiveFrom', 'reason']),
  invalid('rules', 'effectiveFrom 2021-02-30', () => ruleSet({ effectiveFrom: '2021-02-30' }), [
    'effectiveFrom',
  ]),
  invalid('rules', 'warningDays -1', () => ruleSet({ warningDays: -1 }), ['warningDays']),
  invalid('rules', 'staleDelayDays 367', () => ruleSet({ staleDelayDays: 367 }), [
    'staleDelayDays',
  ]),
  invalid('rules', 'trajectory "true" (a string)', () => ruleSet({ trajectory: 'true' }), [
    'trajectory',
  ]),
  invalid('rules', 'milestones 1', () => ruleSet({ milestones: 1 }), ['milestones']),
  invalid('rules', 'reason missing', () => without(ruleSet(), 'reason'), ['reason']),
  invalid('rules', 'a server-decided initial', () => ruleSet({ initial: true }), ['initial']),
  invalid('rules', 'the retired staleDays', () => ruleSet({ staleDays: 30 }), ['staleDays']),
];

describe('bad input on every POST route', () => {
  let t: TestApp;
  const paths = {} as Record<Route, string>;
  let percentage: string;

  const created = async (body: Record<string, unknown>): Promise<string> => {
    const response = await t.request('POST', '/api/commitments', body);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    percentage = await created(
      decision({
        externalId: 'bad-input-percentage',
        milestones: [{ on: '2021-03-31', target: 70, label: 'Fin mars' }],
      }),
    );
    const boolean = await created(
      decision({
        externalId: 'bad-input-boolean',
        metric: { kind: 'boolean', direction: 'increase', target: 1 },
        ministries: ['MI'],
      }),
    );
    // Withdrawal rows get a commitment of their own: an accepted one would spoil the others.
    const toWithdraw = await created(decision({ externalId: 'bad-input-withdrawal' }));
    const base = (id: string) => `/api/commitments/${id}`;
    Object.assign(paths, {
      create: '/api/commitments',
      progress: `${base(percentage)}/progress`,
      progressBoolean: `${base(boolean)}/progress`,
      progressUnknownId: `${base(UNKNOWN_ID)}/progress`,
      progressMalformedId: '/api/commitments/not-a-uuid/progress',
      extend: `${base(percentage)}/deadline-extensions`,
      revise: `${base(percentage)}/target-revisions`,
      exempt: `${base(percentage)}/exemptions`,
      withdraw: `${base(toWithdraw)}/withdrawal`,
      reporting: `${base(percentage)}/reporting`,
      milestone: `${base(percentage)}/milestones`,
      milestoneBoolean: `${base(boolean)}/milestones`,
      rules: '/api/status-rules',
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it.each(ROWS.map((row) => [`${row.route}: ${row.name}`, row] as const))(
    '%s',
    async (_title, row) => {
      const before = await eventCount(t);
      const response: TestResponse = await t.request(
        'POST',
        paths[row.route],
        row.body(),
        row.headers,
      );
      const problem = expectProblem(response, row.status, row.code);
      expect(problem.instance).toBe(paths[row.route]);
      if (row.fields.length > 0) {
        expect(Array.isArray(problem.errors)).toBe(true);
        const named = problem.errors.map((e: { field: string }) => e.field);
        for (const field of row.fields) expect(named).toContain(field);
        // Every message names its field, so that a client can show it next to the input.
        for (const field of row.fields) {
          const leaf = field.split('.').pop() as string;
          const messages = problem.errors
            .filter((e: { field: string }) => e.field === field)
            .map((e: { message: string }) => e.message.toLowerCase());
          expect(messages.some((m: string) => m.includes(leaf.toLowerCase()))).toBe(true);
          // An absent field is named as absent, not by the first rule it fails.
          if (row.name === `${leaf} missing`) expect(messages).toEqual([`${field} is required`]);
        }
      }
      expect(typeof problem.detail).toBe('string');
      expect(await eventCount(t)).toBe(before);
    },
  );

  it('has written nothing but the first rule set and the three decisions it set up', async () => {
    expect(await eventCount(t)).toBe(4);
    const history = await t.request('GET', `/api/commitments/${percentage}/history`);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['CommitmentDecided']);
  });

  it('accepts a <script> title and returns it verbatim as JSON: escaping is the renderer’s job', async () => {
    const title = `<script>alert("x")</script> & <b>gras</b> 'apostrophe' — é ü 😀`;
    const description = `</script><img src=x onerror="alert(1)"> {{constructor.constructor('1')()}} \u2028 fin`;
    const before = await eventCount(t);
    const response = await t.request(
      'POST',
      '/api/commitments',
      decision({ externalId: 'bad-input-script', title, description }),
    );
    expect(response.status).toBe(201);
    const id = response.body.id as string;
    expect(await eventCount(t)).toBe(before + 1);

    const view = await t.request('GET', `/api/commitments/${id}?asOf=2021-02-02`);
    expect(view.headers.get('content-type')).toMatch(/^application\/json/);
    expect(view.body.commitment.title).toBe(title);
    expect(view.body.commitment.description).toBe(description);
    expect(view.body.ministries[0].title).toBe(title);
    // Stored exactly: the event itself carries the very characters that were sent.
    const history = await t.request('GET', `/api/commitments/${id}/history`);
    expect(history.body.items[0].data.title).toBe(title);
    expect(history.body.items[0].data.description).toBe(description);
    const list = await t.request('GET', '/api/commitments');
    expect(list.body.items.find((c: { id: string }) => c.id === id).title).toBe(title);
    const board = await t.request('GET', '/api/status?ministry=MJ&asOf=2021-02-02');
    expect(
      board.body.items.find((i: { commitmentId: string }) => i.commitmentId === id).title,
    ).toBe(title);
    // JSON, not HTML: the raw text holds the markup as JSON string content.
    expect(list.text).toContain(JSON.stringify(title).slice(1, -1));
  });
});
