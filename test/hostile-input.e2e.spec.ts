import {
  KEYS,
  as,
  emailCommitment,
  eventCount,
  expectProblem,
  startTestApp,
  type TestApp,
} from './support/test-app';

/**
 * The hostile-input table: what an attacker, a careless client or a broken file sends, and what the
 * API answers. Every row asserts the status, the problem code, the field at fault when there is
 * one, and that nothing was written. It keeps the findings of the hardening review closed (rows
 * marked "finding") and the cases that already held holding.
 *
 * Elsewhere, because they need their own set-up: bearer tokens without `exp` or with `alg: none`
 * (access-control.e2e: an OIDC issuer), the rate limit across routes (access-control.e2e: its own
 * limit), every field of every POST route (bad-input.e2e), SMTP refusals and reminders
 * (reminders-delivery.e2e), two processes on one empty DATA_DIR (start.e2e, schema-race.int),
 * truncation and rollback of the log against a witness (witness.int, audit-witness.int),
 * the signing key beside the log (app-config.unit, start.e2e).
 */

interface Row {
  readonly name: string;
  readonly method: string;
  readonly path: () => string;
  readonly body?: () => unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  /** A text the problem's detail or its first error must contain. */
  readonly says?: string;
}

/** `{"a":{"a":…}}`, `levels` deep, as raw JSON text. */
const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const catalogue = (entries: number) =>
  `version: 1\ncommitments:\n${Array.from(
    { length: entries },
    (_, i) => `  - externalId: e-${i}\n    title: 12\n`,
  ).join('')}`;

let id = '';
const commitment = () => `/api/commitments/${id}`;
const json = { 'content-type': 'application/json' };

const ROWS: Row[] = [
  // Who may call what.
  {
    name: 'no credentials',
    method: 'POST',
    path: () => `${commitment()}/progress`,
    body: () => ({ ministry: 'MI', value: 1, on: '2021-02-01' }),
    headers: as(null),
    status: 401,
    code: 'AUTH.UNAUTHENTICATED',
  },
  {
    name: 'an unknown API key',
    method: 'GET',
    path: () => '/api/status',
    headers: as('not-a-key'),
    status: 401,
    code: 'AUTH.UNAUTHENTICATED',
  },
  {
    name: 'an API key of 10,000 characters',
    method: 'GET',
    path: () => '/api/status',
    headers: as('k'.repeat(10_000)),
    status: 401,
    code: 'AUTH.UNAUTHENTICATED',
  },
  {
    name: 'a ministry reporting for another ministry',
    method: 'POST',
    path: () => `${commitment()}/progress`,
    body: () => ({ ministry: 'MJ', value: 1, on: '2021-02-01' }),
    headers: as(KEYS.MI),
    status: 403,
    code: 'AUTH.FORBIDDEN',
  },
  {
    name: "a ministry reading another's board",
    method: 'GET',
    path: () => '/api/ministries/MJ/status',
    headers: as(KEYS.MI),
    status: 403,
    code: 'AUTH.FORBIDDEN',
  },
  {
    name: 'an auditor writing',
    method: 'POST',
    path: () => `${commitment()}/withdrawal`,
    body: () => ({ reason: 'Par un auditeur' }),
    headers: as(KEYS.auditor),
    status: 403,
    code: 'AUTH.FORBIDDEN',
  },
  {
    name: 'a ministry registering contacts of another ministry',
    method: 'POST',
    path: () => '/api/ministries/MJ/contacts',
    body: () => ({ email: 'agent@justice.gouv.fr' }),
    headers: as(KEYS.MI),
    status: 403,
    code: 'AUTH.FORBIDDEN',
  },
  // Bodies.
  {
    name: 'finding: JSON 5,000 levels deep (was a 500)',
    method: 'POST',
    path: () => `${commitment()}/progress`,
    body: () => deep(5000),
    headers: json,
    status: 400,
    code: 'REQUEST.TOO_DEEP',
    field: 'body',
  },
  {
    name: 'JSON 33 levels deep',
    method: 'POST',
    path: () => '/api/commitments',
    body: () => deep(33),
    headers: json,
    status: 400,
    code: 'REQUEST.TOO_DEEP',
    field: 'body',
  },
  {
    name: 'finding: a text/plain body on a JSON route (was "every field missing")',
    method: 'POST',
    path: () => `${commitment()}/progress`,
    body: () => '{"ministry":"MI","value":1,"on":"2021-02-01"}',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    field: 'body',
  },
  {
    name: 'malformed JSON',
    method: 'POST',
    path: () => '/api/commitments',
    body: () => '{"title": ',
    headers: json,
    status: 400,
    code: 'REQUEST.MALFORMED',
    field: 'body',
  },
  {
    name: 'a body over BODY_LIMIT',
    method: 'POST',
    path: () => '/api/commitments',
    body: () => JSON.stringify(emailCommitment({ description: 'x'.repeat(1024 * 1024 + 1) })),
    headers: json,
    status: 413,
    code: 'REQUEST.TOO_LARGE',
  },
  {
    name: 'prototype pollution through __proto__',
    method: 'POST',
    path: () => '/api/commitments',
    body: () => `{"__proto__":{"admin":true},"title":"Titre"}`,
    headers: json,
    status: 400,
    code: 'REQUEST.MALFORMED',
  },
  {
    name: 'finding: a missing field (was named by its length rule)',
    method: 'POST',
    path: () => `${commitment()}/deadline-extensions`,
    body: () => ({ deadline: '2021-09-30' }),
    status: 400,
    code: 'REQUEST.INVALID',
    field: 'reason',
    says: 'reason is required',
  },
  // Text that would not read as it is stored.
  ...(
    [
      ['NUL', 'Titre\u0000'],
      ['ESC', '\u001b[2JTitre'],
      ['a right-to-left override', 'Titre \u202Etxt.exe'],
      ['a lone surrogate', 'Titre \uD83D'],
      ['only spaces', '      '],
    ] as const
  ).map(([what, title]): Row => ({
    name: `finding: a title with ${what}`,
    method: 'POST',
    path: () => '/api/commitments',
    body: () => emailCommitment({ externalId: `hostile-${what.length}`, title }),
    status: 400,
    code: 'REQUEST.INVALID',
    field: 'title',
  })),
  {
    name: 'finding: a note with a right-to-left isolate',
    method: 'POST',
    path: () => `${commitment()}/progress`,
    body: () => ({ ministry: 'MI', value: 1, on: '2021-02-01', note: 'ok \u2067' }),
    status: 400,
    code: 'REQUEST.INVALID',
    field: 'note',
  },
  {
    name: 'finding: a contact address with a quoted local part',
    method: 'POST',
    path: () => '/api/ministries/MI/contacts',
    body: () => ({ email: '"<script>"@interieur.gouv.fr' }),
    status: 400,
    code: 'REQUEST.INVALID',
    field: 'email',
  },
  {
    name: 'a contact address with a header injection',
    method: 'POST',
    path: () => '/api/ministries/MI/contacts',
    body: () => ({ email: 'a@interieur.gouv.fr\r\nBcc: x@y.fr' }),
    status: 400,
    code: 'REQUEST.INVALID',
    field: 'email',
  },
  // Files.
  {
    name: 'finding: a catalogue with thousands of errors (was 480,000 errors in 81 MB)',
    method: 'POST',
    path: () => '/api/imports/catalogue',
    body: () => catalogue(2000),
    headers: { 'content-type': 'application/yaml' },
    status: 400,
    code: 'REQUEST.INVALID',
    says: 'errors; the first 100 are listed',
  },
  // Paths and identifiers.
  {
    name: 'a path traversal in a commitment id',
    method: 'GET',
    path: () => '/api/commitments/..%2F..%2Fetc%2Fpasswd',
    status: 400,
    code: 'REQUEST.INVALID',
  },
  {
    name: 'an unknown ministry code',
    method: 'GET',
    path: () => '/api/ministries/XX/status',
    status: 404,
    code: 'ROUTE.NOT_FOUND',
  },
  {
    name: 'an unknown route',
    method: 'GET',
    path: () => '/api/../../etc/passwd',
    status: 404,
    code: 'ROUTE.NOT_FOUND',
  },
];

describe('the hostile-input table: refused with problem+json, nothing written', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2021-02-02T09:00:00Z' });
    const created = await t.request('POST', '/api/commitments', emailCommitment());
    expect(created.status).toBe(201);
    id = created.body.id;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const before = await eventCount(t);
    const response = await t.request(row.method, row.path(), row.body?.(), row.headers);
    const problem = expectProblem(response, row.status, row.code, row.field);
    if (row.says) {
      const said = [
        problem.detail,
        ...(problem.errors ?? []).map((e: { message: string }) => e.message),
      ];
      expect(said.join(' | ')).toContain(row.says);
    }
    if (row.status === 400 && row.code === 'REQUEST.INVALID' && row.says?.includes('first 100'))
      expect(problem.errors).toHaveLength(100);
    // No stack trace or internal path ever leaves the server.
    expect(response.text).not.toMatch(/at \w+ \(|node_modules|\/src\//);
    expect(await eventCount(t)).toBe(before);
  });
});
