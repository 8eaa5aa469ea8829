import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { emailCommitment, startTestApp, type TestApp } from './support/test-app';

/**
 * The dashboard's sign-in with the OpenID Connect authorization-code flow, end to end: the real
 * app on 127.0.0.1, and on 127.0.0.1 too a small identity provider of the ProConnect kind
 * (discovery, authorize, token with PKCE and client authentication, userinfo, JWKS). The browser is
 * played by hand: every redirect followed explicitly, cookies carried.
 */
const CLIENT_ID = 'cosinum-dashboard';
const CLIENT_SECRET = 'tres-secret-de-test';
const PUBLIC_URL = 'http://cosinum.test';
const CALLBACK = `${PUBLIC_URL}/connexion/oidc/retour`;

interface Grant {
  readonly nonce: string;
  readonly challenge: string;
  readonly redirectUri: string;
}

/** What the provider puts in the next ID token (and userinfo), test by test. */
interface NextUser {
  idClaims: Record<string, unknown>;
  userinfo?: Record<string, unknown>;
  /** Overrides of the ID token's standard claims, to forge a bad one. */
  forge?: { aud?: string; nonce?: string; exp?: number; iss?: string };
  /** The provider refuses the sign-in with this error. */
  error?: string;
  /** Userinfo as a signed JWT (`application/jwt`), as ProConnect sends it. */
  userinfoAsJwt?: boolean;
  /** The token endpoint fails with this status and no JSON. */
  tokenFailure?: number;
}

const body = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => resolve(text));
  });

describe('dashboard sign-in with OpenID Connect (ProConnect), authorization code + PKCE', () => {
  let idp: Server;
  let issuer: string;
  let t: TestApp;
  let key: { privateKey: KeyLike; publicKey: KeyLike };
  const grants = new Map<string, Grant>();
  const tokenRequests: URLSearchParams[] = [];
  let next: NextUser;

  beforeAll(async () => {
    key = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(key.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
    const accessTokens = new Map<string, Record<string, unknown>>();
    idp = createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', issuer);
        const json = (status: number, value: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        if (url.pathname === '/.well-known/openid-configuration')
          return json(200, {
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            userinfo_endpoint: `${issuer}/userinfo`,
            jwks_uri: `${issuer}/jwks`,
          });
        if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
        if (url.pathname === '/authorize') {
          const p = url.searchParams;
          const back = new URL(p.get('redirect_uri') ?? '');
          back.searchParams.set('state', p.get('state') ?? '');
          if (next.error) back.searchParams.set('error', next.error);
          else {
            const code = randomBytes(16).toString('hex');
            grants.set(code, {
              nonce: p.get('nonce') ?? '',
              challenge: p.get('code_challenge') ?? '',
              redirectUri: p.get('redirect_uri') ?? '',
            });
            back.searchParams.set('code', code);
          }
          res.writeHead(302, { location: back.toString() });
          return res.end();
        }
        if (url.pathname === '/token' && req.method === 'POST') {
          const form = new URLSearchParams(await body(req));
          tokenRequests.push(form);
          if (next.tokenFailure) {
            res.writeHead(next.tokenFailure, { 'content-type': 'text/plain' });
            return res.end('down');
          }
          const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
          if (req.headers.authorization !== basic) return json(401, { error: 'invalid_client' });
          const grant = grants.get(form.get('code') ?? '');
          grants.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          if (
            !grant ||
            form.get('grant_type') !== 'authorization_code' ||
            form.get('redirect_uri') !== grant.redirectUri ||
            createHash('sha256').update(verifier).digest('base64url') !== grant.challenge
          )
            return json(400, { error: 'invalid_grant' });
          const now = Math.floor(Date.now() / 1000);
          const idToken = await new SignJWT({
            nonce: next.forge?.nonce ?? grant.nonce,
            ...next.idClaims,
          })
            .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
            .setIssuer(next.forge?.iss ?? issuer)
            .setAudience(next.forge?.aud ?? CLIENT_ID)
            .setIssuedAt(now)
            .setExpirationTime(next.forge?.exp ?? now + 300)
            .sign(key.privateKey);
          const accessToken = randomBytes(16).toString('hex');
          accessTokens.set(accessToken, { sub: next.idClaims.sub, ...next.userinfo });
          return json(200, { access_token: accessToken, token_type: 'Bearer', id_token: idToken });
        }
        if (url.pathname === '/userinfo') {
          const claims = accessTokens.get(
            (req.headers.authorization ?? '').replace(/^Bearer /, ''),
          );
          if (!claims) return json(401, { error: 'invalid_token' });
          if (!next.userinfoAsJwt) return json(200, claims);
          const signed = await new SignJWT(claims)
            .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
            .setIssuer(issuer)
            .setAudience(CLIENT_ID)
            .setIssuedAt()
            .sign(key.privateKey);
          res.writeHead(200, { 'content-type': 'application/jwt' });
          return res.end(signed);
        }
        return json(404, {});
      })();
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    t = await startTestApp({
      env: {
        OIDC_ISSUER: issuer,
        OIDC_AUDIENCE: 'cosinum-tracker',
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        PUBLIC_URL,
      },
    });
  });
  afterAll(async () => {
    await t.dispose();
    // The app's HTTP client keeps its connections to the provider alive: close() alone waits for
    // them to time out, past the hook's limit.
    idp.closeAllConnections();
    await new Promise((resolve) => idp.close(resolve));
  });
  beforeEach(() => {
    next = { idClaims: { sub: 'agent-123', cosinum_role: 'analyst' } };
  });

  const get = (url: string, cookie?: string) =>
    fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const cookieNamed = (response: Response, name: string): string | undefined =>
    response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

  /** The browser's trip: app → provider → app callback; the callback's response. */
  const signIn = async (
    retour = '/tableau-de-bord',
    tamper: (callback: URL) => void = () => undefined,
  ) => {
    const start = await get(`${t.baseUrl}/connexion/oidc?retour=${encodeURIComponent(retour)}`);
    expect(start.status).toBe(303);
    const pending = cookieNamed(start, 'cosinum_oidc');
    expect(pending).toBeDefined();
    const authorize = new URL(start.headers.get('location') ?? '');
    const atIdp = await get(authorize.toString());
    expect(atIdp.status).toBe(302);
    const callback = new URL(atIdp.headers.get('location') ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);
    tamper(callback);
    const finished = await get(`${t.baseUrl}${callback.pathname}${callback.search}`, pending);
    return { authorize, finished, session: cookieNamed(finished, 'cosinum_session') };
  };

  it('offers ProConnect on the sign-in page, besides the key form', async () => {
    const page = await get(`${t.baseUrl}/connexion?retour=/tableau-de-bord`);
    const text = await page.text();
    expect(text).toContain('S’identifier avec ProConnect');
    expect(text).toContain('href="/connexion/oidc?retour=%2Ftableau-de-bord"');
    expect(text).toContain('name="cle"');
  });

  it('signs an analyst in: PKCE S256, state and nonce, code exchanged with the client secret', async () => {
    const { authorize, finished, session } = await signIn('/tableau-de-bord/ministeres/MI');
    const p = authorize.searchParams;
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer}/authorize`);
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe(CLIENT_ID);
    expect(p.get('redirect_uri')).toBe(CALLBACK);
    expect(p.get('scope')).toBe('openid email');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('state')).toMatch(/^[\w-]{43}$/);
    expect(p.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(tokenRequests.at(-1)?.get('code_verifier')).toMatch(/^[\w-]{43}$/);
    expect(tokenRequests.at(-1)?.has('client_secret')).toBe(false); // sent with HTTP Basic

    expect(finished.status).toBe(303);
    expect(finished.headers.get('location')).toBe('/tableau-de-bord/ministeres/MI');
    expect(finished.headers.getSetCookie().join('\n')).toMatch(
      /cosinum_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/,
    );
    expect(finished.headers.getSetCookie().join('\n')).toMatch(
      /cosinum_oidc=; Path=\/connexion\/oidc; .*Max-Age=0/,
    );
    const dashboard = await get(`${t.baseUrl}/tableau-de-bord`, session);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('<html lang="fr"');
    const board = await t.request('GET', '/api/status', undefined, {
      cookie: session as string,
      'x-api-key': '',
    });
    expect(board.status).toBe(200);
  });

  it('takes role and ministry from userinfo when the ID token has none, as ProConnect sends them', async () => {
    next = {
      idClaims: { sub: 'agent-mj' },
      userinfo: {
        cosinum_role: 'ministry',
        cosinum_ministry: 'MJ',
        email: 'agent@justice.gouv.fr',
      },
    };
    const { session } = await signIn();
    expect(session).toBeDefined();
    expect((await get(`${t.baseUrl}/tableau-de-bord/ministeres/MJ`, session)).status).toBe(200);

    // Another ministry's page: a French page saying so, with the way to its own.
    const other = await get(`${t.baseUrl}/tableau-de-bord/ministeres/MI`, session);
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await other.text();
    expect(text).toContain('Accès refusé');
    expect(text).toContain('href="/tableau-de-bord/ministeres/MJ"');
    // The exports and the API keep answering problem+json.
    const api = await t.request('GET', '/api/status?ministry=MI', undefined, {
      cookie: session as string,
      'x-api-key': '',
    });
    expect(api.status).toBe(403);
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('reads a userinfo signed as a JWT, checking its signature', async () => {
    next = {
      idClaims: { sub: 'agent-mi' },
      userinfo: { cosinum_role: 'ministry', cosinum_ministry: 'MI' },
      userinfoAsJwt: true,
    };
    const { session } = await signIn();
    expect(session).toBeDefined();
    expect((await get(`${t.baseUrl}/tableau-de-bord/ministeres/MI`, session)).status).toBe(200);
  });

  it('answers 502 with a French page when the token endpoint fails', async () => {
    next = { ...next, tokenFailure: 500 };
    const { finished, session } = await signIn();
    expect(finished.status).toBe(502);
    expect(await finished.text()).toMatch(/n’a pas répondu comme attendu/);
    expect(session).toBeUndefined();
  });

  it.each<[string, (callback: URL) => void, Partial<NextUser>, RegExp]>([
    [
      'a tampered state',
      (c) => c.searchParams.set('state', 'forged'),
      {},
      /expirée ou ne vient pas de ce navigateur/,
    ],
    [
      'the provider refusing',
      () => undefined,
      { error: 'access_denied' },
      /fournisseur d’identité a refusé/,
    ],
    [
      'an ID token for another client',
      () => undefined,
      { forge: { aud: 'someone-else' } },
      /n’a pas pu être vérifiée/,
    ],
    [
      'an ID token with another nonce',
      () => undefined,
      { forge: { nonce: 'replayed' } },
      /ne correspond pas à cette demande/,
    ],
    [
      'an expired ID token',
      () => undefined,
      { forge: { exp: Math.floor(Date.now() / 1000) - 600 } },
      /n’a pas pu être vérifiée/,
    ],
    [
      'an ID token from another issuer',
      () => undefined,
      { forge: { iss: 'https://evil.example' } },
      /n’a pas pu être vérifiée/,
    ],
    [
      'an identity with no role here',
      () => undefined,
      { idClaims: { sub: 'x', cosinum_role: 'admin' } },
      /aucun rôle dans ce service/,
    ],
  ])('refuses %s with a French page and no session', async (_case, tamper, override, message) => {
    next = { ...next, ...override };
    const { finished, session } = await signIn('/tableau-de-bord', tamper);
    expect(finished.status).toBe(401);
    expect(finished.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await finished.text()).toMatch(message);
    expect(session).toBeUndefined();
  });

  it('brings a correspondent from a reminder link back to its declaration form after ProConnect', async () => {
    next = {
      idClaims: { sub: 'agent-mi', cosinum_role: 'ministry', cosinum_ministry: 'MI' },
    };
    // A commitment of every ministry, and the weekly e-mail's link to its form (see
    // test/reminders-outcomes.e2e.spec.ts).
    const decided = await t.request(
      'POST',
      '/api/commitments',
      emailCommitment({ externalId: 'oidc-reminder-link' }),
    );
    expect(decided.status).toBe(201);
    const form = `/tableau-de-bord/engagements/${decided.body.id}/avancement`;
    const first = await get(`${t.baseUrl}${form}`);
    expect(first.status).toBe(303);
    const toSignIn = first.headers.get('location') ?? '';
    expect(toSignIn).toBe(`/connexion?retour=${encodeURIComponent(form)}`);
    // The sign-in page offers ProConnect with the same way back.
    const offer = await (await get(`${t.baseUrl}${toSignIn}`)).text();
    expect(offer).toContain(`href="/connexion/oidc?retour=${encodeURIComponent(form)}"`);
    // Through the provider and back: the exact form address, signed in.
    const { finished, session } = await signIn(form);
    expect(finished.status).toBe(303);
    expect(finished.headers.get('location')).toBe(form);
    const landed = await get(`${t.baseUrl}${form}`, session);
    expect(landed.status).toBe(200);
    const page = await landed.text();
    expect(page).toContain('Déclarer l’avancement</h1>');
    expect(page).toContain('name="value"');
  });

  it('refuses a callback with no sign-in in progress, and signs out', async () => {
    const stray = await get(`${t.baseUrl}/connexion/oidc/retour?code=abc&state=def`);
    expect(stray.status).toBe(401);
    expect(cookieNamed(stray, 'cosinum_session')).toBeUndefined();

    const { session } = await signIn();
    // Signing out is a form with the session's CSRF token (a link would let any page do it).
    const confirm = await get(`${t.baseUrl}/deconnexion`, session);
    expect(confirm.status).toBe(200);
    const csrf = /name="_csrf" value="([\w-]+)"/.exec(await confirm.text())?.[1];
    expect(csrf).toBeDefined();
    const out = await fetch(`${t.baseUrl}/deconnexion`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: session!,
        origin: t.baseUrl,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `_csrf=${csrf}`,
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/connexion?deconnecte=1');
    expect(out.headers.getSetCookie().join('\n')).toMatch(/cosinum_session=; Path=\/; .*Max-Age=0/);
    expect(await (await get(`${t.baseUrl}/connexion?deconnecte=1`)).text()).toContain(
      'Vous êtes déconnecté.',
    );
    // The session ended on the server: its cookie, kept by someone, no longer opens anything.
    const replayed = await get(`${t.baseUrl}/tableau-de-bord`, session);
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toMatch(/^\/connexion\?retour=/);
    expect((await fetch(`${t.baseUrl}/api/status`, { headers: { cookie: session! } })).status).toBe(
      401,
    );
  });
});
