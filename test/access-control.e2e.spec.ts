import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { PUBLIC_KEY, ROLES_KEY } from '../apps/api/src/auth/roles.decorator';
import {
  as,
  emailCommitment,
  eventCount,
  KEYS,
  startTestApp,
  type TestApp,
} from './support/test-app';

describe('access control: roles, ministries, credentials', () => {
  let t: TestApp;
  let shared: string; // assigned to every ministry
  let notMi: string; // assigned to MJ only
  beforeAll(async () => {
    t = await startTestApp();
    shared = (await t.request('POST', '/api/commitments', emailCommitment())).body.id;
    notMi = (
      await t.request(
        'POST',
        '/api/commitments',
        emailCommitment({ externalId: 'mj-seulement', ministries: ['MJ'] }),
      )
    ).body.id;
    await t.request('POST', `/api/commitments/${shared}/progress`, {
      ministry: 'MJ',
      value: 90,
      on: '2021-02-01',
      note: 'brouillon MJ',
    });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('every route declares who may call it (deny by default)', () => {
    const discovery = t.app.get(DiscoveryService);
    const scanner = new MetadataScanner();
    const undeclared: string[] = [];
    let routes = 0;
    for (const wrapper of discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        routes++;
        const declared = [handler, metatype].some(
          (target) =>
            Reflect.getMetadata(PUBLIC_KEY, target) ||
            (Reflect.getMetadata(ROLES_KEY, target)?.length ?? 0) > 0,
        );
        if (!declared)
          undeclared.push(
            `${metatype.name}.${name} (${Reflect.getMetadata(PATH_METADATA, handler)})`,
          );
      }
    }
    expect(routes).toBeGreaterThan(20);
    expect(undeclared).toEqual([]);
  });

  it('asks for credentials, as problem+json with a challenge, and writes nothing', async () => {
    const before = await eventCount(t);
    for (const headers of [as(null), as('not-a-key'), { authorization: 'Bearer abc.def.ghi' }]) {
      const response = await t.request(
        'POST',
        '/api/commitments',
        emailCommitment({ externalId: 'x1' }),
        headers,
      );
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    }
    expect((await t.request('GET', '/health', undefined, as(null))).status).toBe(200);
    expect(await eventCount(t)).toBe(before);
  });

  it('lets an auditor read everything and change nothing', async () => {
    const before = await eventCount(t);
    const auditor = as(KEYS.auditor);
    expect((await t.request('GET', '/api/status', undefined, auditor)).body.items.length).toBe(18);
    expect(
      (await t.request('GET', `/api/commitments/${shared}/history`, undefined, auditor)).status,
    ).toBe(200);
    expect((await t.request('GET', '/api/audit/verification', undefined, auditor)).body.ok).toBe(
      true,
    );
    for (const [path, body] of [
      ['/api/commitments', emailCommitment({ externalId: 'x2' })],
      [`/api/commitments/${shared}/progress`, { ministry: 'MI', value: 1, on: '2021-02-01' }],
      [`/api/commitments/${shared}/withdrawal`, { reason: 'Essai de retrait' }],
      ['/api/audit/checkpoints', undefined],
    ] as const) {
      const response = await t.request('POST', path, body, auditor);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('AUTH.FORBIDDEN');
    }
    expect(await eventCount(t)).toBe(before);
  });

  describe('a ministry sees and writes only its own', () => {
    const mi = as(KEYS.MI);

    it('reports its own progress, recorded with its identity as actor', async () => {
      const response = await t.request(
        'POST',
        `/api/commitments/${shared}/progress`,
        { ministry: 'MI', value: 85, on: '2021-02-01' },
        mi,
      );
      expect(response.status).toBe(201);
      const history = await t.request('GET', `/api/commitments/${shared}/history`);
      expect(history.body.items.at(-1).actor).toEqual({
        subject: 'api-key:test-mi',
        role: 'ministry',
        ministry: 'MI',
      });
    });

    it('may not report for another ministry (body field), nor record rulings', async () => {
      const before = await eventCount(t);
      const forMj = await t.request(
        'POST',
        `/api/commitments/${shared}/progress`,
        { ministry: 'MJ', value: 99, on: '2021-02-01' },
        mi,
      );
      expect(forMj.status).toBe(403);
      for (const [path, body] of [
        [
          `/api/commitments/${shared}/deadline-extensions`,
          { ministry: 'MI', deadline: '2021-12-31', reason: 'Demande du ministère' },
        ],
        [
          `/api/commitments/${shared}/exemptions`,
          { ministry: 'MI', reason: 'Demande du ministère' },
        ],
        ['/api/commitments', emailCommitment({ externalId: 'x3' })],
      ] as const) {
        expect((await t.request('POST', path, body, mi)).status).toBe(403);
      }
      expect(await eventCount(t)).toBe(before);
    });

    it('reads only its own board (query parameter, path) and its own items (by id)', async () => {
      const board = await t.request('GET', '/api/status', undefined, mi);
      expect(board.status).toBe(200);
      expect(new Set(board.body.items.map((i: { ministry: string }) => i.ministry))).toEqual(
        new Set(['MI']),
      );
      expect((await t.request('GET', '/api/status?ministry=MJ', undefined, mi)).status).toBe(403);
      expect((await t.request('GET', '/api/ministries/MJ/status', undefined, mi)).status).toBe(403);
      expect((await t.request('GET', '/api/ministries/MJ/history', undefined, mi)).status).toBe(
        403,
      );
      expect((await t.request('GET', '/api/ministries/MI/status', undefined, mi)).status).toBe(200);
      const view = await t.request('GET', `/api/commitments/${shared}`, undefined, mi);
      expect(view.body.ministries.map((m: { ministry: string }) => m.ministry)).toEqual(['MI']);
      expect(view.body.rollup).toBeUndefined();
      expect((await t.request('GET', `/api/commitments/${notMi}`, undefined, mi)).status).toBe(403);
      expect(
        (await t.request('GET', `/api/commitments/${notMi}/history`, undefined, mi)).status,
      ).toBe(403);
      const list = await t.request('GET', '/api/commitments', undefined, mi);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([shared]);
    });

    it("never sees another ministry's reports in a history", async () => {
      const history = await t.request('GET', `/api/commitments/${shared}/history`, undefined, mi);
      const text = JSON.stringify(history.body);
      expect(text).not.toContain('brouillon MJ');
      expect(
        history.body.items.every((e: { data: { ministry?: string } }) =>
          [undefined, 'MI'].includes(e.data.ministry),
        ),
      ).toBe(true);
    });

    it('may not import a catalogue, export or audit', async () => {
      expect((await t.request('GET', '/api/exports/board.csv', undefined, mi)).status).toBe(403);
      expect((await t.request('GET', '/api/audit/verification', undefined, mi)).status).toBe(403);
      expect(
        (
          await t.request('POST', '/api/imports/catalogue', 'commitments: []', {
            ...mi,
            'content-type': 'application/yaml',
          })
        ).status,
      ).toBe(403);
    });
  });

  it('signs a browser in with a key: a signed HttpOnly cookie, refused once tampered with', async () => {
    const form = new URLSearchParams({ cle: KEYS.MI, retour: '/tableau-de-bord' });
    const signIn = await fetch(`${t.baseUrl}/connexion`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/tableau-de-bord');
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    expect(signIn.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const withCookie = await t.request('GET', '/api/status', undefined, {
      cookie,
      'x-api-key': '',
    });
    expect(withCookie.status).toBe(200);
    expect(new Set(withCookie.body.items.map((i: { ministry: string }) => i.ministry))).toEqual(
      new Set(['MI']),
    );
    const forged = cookie.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    expect(
      (await t.request('GET', '/api/status', undefined, { cookie: forged, 'x-api-key': '' }))
        .status,
    ).toBe(401);
    const wrong = await fetch(`${t.baseUrl}/connexion`, {
      method: 'POST',
      body: new URLSearchParams({ cle: 'nope' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Clé inconnue');
    const evil = await fetch(`${t.baseUrl}/connexion`, {
      method: 'POST',
      body: new URLSearchParams({ cle: KEYS.MI, retour: '//evil.example/' }),
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(evil.headers.get('location')).toBe('/tableau-de-bord');
  });

  it('sends security headers', async () => {
    const response = await t.request('GET', '/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('OIDC bearer tokens (ProConnect), against a JWKS served on 127.0.0.1', () => {
  let jwks: Server;
  let issuer: string;
  let t: TestApp;
  let rsa: { privateKey: KeyLike; publicKey: KeyLike };
  let ec: { privateKey: KeyLike; publicKey: KeyLike };
  let stranger: { privateKey: KeyLike; publicKey: KeyLike };

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    stranger = await generateKeyPair('RS256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwks = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      } else if (req.url === '/jwks') {
        res.end(JSON.stringify({ keys }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
    t = await startTestApp({ env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'cosinum-tracker' } });
  });
  afterAll(async () => {
    await t.dispose();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const nowSec = () => Math.floor(Date.now() / 1000);
  const token = (
    claims: Record<string, unknown> = {},
    options: {
      key?: KeyLike;
      alg?: string;
      kid?: string;
      iss?: string;
      aud?: string;
      /** `null`: a token that never expires (no `exp` claim). */
      exp?: number | null;
      nbf?: number;
    } = {},
  ) => {
    const jwt = new SignJWT({ cosinum_role: 'analyst', ...claims })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'rsa-1' })
      .setSubject('agent-42')
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? 'cosinum-tracker')
      .setIssuedAt()
      .setNotBefore(options.nbf ?? nowSec() - 10);
    if (options.exp !== null) jwt.setExpirationTime(options.exp ?? nowSec() + 300);
    return jwt.sign(options.key ?? rsa.privateKey);
  };
  const call = async (jwt: string) =>
    t.request('GET', '/api/status', undefined, { authorization: `Bearer ${jwt}` });

  it('accepts a valid RS256 token and an ES256 ministry token, scoped to its ministry', async () => {
    expect((await call(await token())).status).toBe(200);
    const ministry = await token(
      { cosinum_role: 'ministry', cosinum_ministry: 'MJ' },
      { alg: 'ES256', kid: 'ec-1', key: ec.privateKey },
    );
    expect((await call(ministry)).status).toBe(200);
    expect(
      (
        await t.request('GET', '/api/status?ministry=MI', undefined, {
          authorization: `Bearer ${ministry}`,
        })
      ).status,
    ).toBe(403);
  });

  it.each([
    ['expired', () => token({}, { exp: nowSec() - 120 })],
    ['without an expiry', () => token({}, { exp: null })],
    ['not yet valid', () => token({}, { nbf: nowSec() + 600 })],
    ['wrongly signed', () => token({}, { key: stranger.privateKey })],
    ['from another issuer', () => token({}, { iss: 'https://pirate.example' })],
    ['for another audience', () => token({}, { aud: 'another-client' })],
    ['without a role', () => token({ cosinum_role: undefined })],
    ['with an unknown role', () => token({ cosinum_role: 'admin' })],
    [
      'a ministry token without a known ministry',
      () => token({ cosinum_role: 'ministry', cosinum_ministry: 'XX' }),
    ],
  ])('refuses a token %s', async (_name, make) => {
    const before = await eventCount(t);
    const response = await call(await make());
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
    const write = await t.request(
      'POST',
      '/api/commitments',
      emailCommitment({ externalId: `jwt-${_name.length}` }),
      {
        authorization: `Bearer ${await make()}`,
      },
    );
    expect(write.status).toBe(401);
    expect(await eventCount(t)).toBe(before);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'x',
        iss: issuer,
        aud: 'cosinum-tracker',
        cosinum_role: 'analyst',
        exp: nowSec() + 60,
      }),
    ).toString('base64url');
    expect((await call(`${header}.${payload}.`)).status).toBe(401);
  });
});

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('answers 429 problem+json with Retry-After past the limit', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await t.request('GET', '/api/ministries');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(last?.status).toBe(429);
    expect(last?.body.code).toBe('REQUEST.RATE_LIMITED');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts a client across every route, not per route', async () => {
    const client = as(KEYS.MJ);
    const routes = [
      '/api/status',
      '/api/commitments',
      '/api/ministries',
      '/api/ministries/MJ/status',
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await t.request('GET', routes[i % 4], undefined, client)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    for (const route of [...routes, '/api/ministries/MJ/history', '/health']) {
      const response = await t.request('GET', route, undefined, client);
      expect([route, response.status]).toEqual([route, 429]);
    }
  });

  it('keeps one counter per key: another key from the same address is not turned away', async () => {
    const auditor = as(KEYS.auditor);
    expect((await t.request('GET', '/api/status', undefined, auditor)).status).toBe(200);
  });

  it('counts wrong keys and anonymous calls against the address, not one counter each', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await t.request('GET', '/api/status', undefined, as(`wrong-key-${i}`));
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect((await t.request('GET', '/health', undefined, as(null))).status).toBe(429);
  });
});
