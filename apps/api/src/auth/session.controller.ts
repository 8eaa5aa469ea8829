import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Logger,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '@cosinum/presentation';
import { identifyApiKey } from './api-keys';
import { AUTH_SETTINGS, type AuthSettings } from './auth.guard';
import type { Identity } from './identity';
import { SIGN_IN_COOKIE, SIGN_IN_TTL_MS } from './oidc-sign-in';
import { AuthenticationError } from './oidc-verifier';
import { Public } from './roles.decorator';
import {
  cookieValue,
  csrfTokenOf,
  issueSession,
  readSession,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  type Session,
} from './session';
import { checkSameSite, originOf } from './same-site';
import { recordSignOut } from './session-revocation';
import { APP_CONFIG, CLOCK, ProjectionService, type Clock } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { correlationIdOf } from '../http/actor';

/** Only local paths: a sign-in never sends the browser to another site. */
const safeReturn = (value: unknown): string =>
  typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) && value.length < 500
    ? value
    : '/tableau-de-bord';

interface PageOptions {
  readonly retour: string;
  readonly error?: string;
  readonly notice?: string;
  /** Offer the API-key form (keys are configured). */
  readonly keys: boolean;
  /** Offer ProConnect (an OIDC client is configured). */
  readonly proconnect: boolean;
}

const shell = (title: string, body: string) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Suivi des engagements COSINUM</title>
<link rel="stylesheet" href="/dsfr/dsfr.min.css"></head>
<body><main class="fr-container fr-my-6w" id="contenu">${body}</main></body></html>`;

const page = (o: PageOptions) =>
  shell(
    'Connexion',
    `<h1>Connexion au suivi des engagements COSINUM</h1>
${o.error ? `<div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><p>${escapeHtml(o.error)}</p></div>` : ''}
${o.notice ? `<div class="fr-alert fr-alert--info fr-mb-3w" role="status"><p>${escapeHtml(o.notice)}</p></div>` : ''}
${
  o.proconnect
    ? `<h2 class="fr-h4">Agents de l’État</h2>
<p>Connectez-vous avec votre compte professionnel&#8239;: votre rôle et votre ministère viennent de votre identité.</p>
<ul class="fr-btns-group fr-btns-group--inline-md fr-mb-5w"><li><a class="fr-btn" href="/connexion/oidc?retour=${encodeURIComponent(o.retour)}">S’identifier avec ProConnect</a></li></ul>`
    : ''
}
${
  o.keys
    ? `${o.proconnect ? '<h2 class="fr-h4">Avec une clé d’accès</h2>' : ''}
<form method="post" action="/connexion">
<input type="hidden" name="retour" value="${escapeHtml(o.retour)}">
<div class="fr-input-group"><label class="fr-label" for="cle">Clé d'accès<span class="fr-hint-text">Fournie par la DINUM (clé d'API).</span></label>
<input class="fr-input" type="password" id="cle" name="cle" autocomplete="current-password" required></div>
<button class="fr-btn" type="submit">Se connecter</button>
</form>`
    : ''
}`,
  );

/** A sign-in that did not complete: what happened, in French, and the way to try again. */
const failurePage = (message: string, retour: string) =>
  shell(
    'Connexion impossible',
    `<h1>Connexion impossible</h1>
<div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><p>${escapeHtml(message)}</p></div>
<ul class="fr-btns-group fr-btns-group--inline-md"><li><a class="fr-btn" href="/connexion?retour=${encodeURIComponent(retour)}">Réessayer</a></li></ul>`,
  );

const notConfigured = (reply: FastifyReply): string => {
  void reply.status(404).header('content-type', 'text/html; charset=utf-8');
  return failurePage('La connexion avec ProConnect n’est pas configurée ici.', '/tableau-de-bord');
};

const FRENCH_REASONS: Record<string, string> = {
  denied: 'Le fournisseur d’identité a refusé la connexion.',
  state:
    'La demande de connexion est expirée ou ne vient pas de ce navigateur\u202f: recommencez depuis la page de connexion.',
  nonce: 'La réponse du fournisseur d’identité ne correspond pas à cette demande de connexion.',
  role: 'Votre identité ne donne aucun rôle dans ce service\u202f: demandez un accès à la DINUM.',
  ministry: 'Votre identité ne désigne aucun ministère connu\u202f: demandez un accès à la DINUM.',
};

/**
 * Sign-in for the dashboard's browsers, ending in a signed, HttpOnly session cookie (8 hours):
 * with ProConnect (the OIDC authorization-code flow, when `OIDC_CLIENT_ID` is set), or with an API
 * key. API clients keep sending their key or bearer token on each request.
 */
@ApiExcludeController()
@Public()
@Controller()
export class SessionController {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: ProjectionService,
  ) {}

  /** The browser's session, if its cookie is valid and not signed out. */
  private sessionOf(request: FastifyRequest): Session | null {
    const token = cookieValue(request.headers.cookie, SESSION_COOKIE);
    const session = token ? readSession(this.settings.sessionSecret, token, Date.now()) : null;
    return session && !this.projections.sessions.isRevoked(session.id, Date.now()) ? session : null;
  }

  private options(retour: string) {
    return {
      retour,
      keys: this.settings.apiKeys.length > 0,
      proconnect: this.settings.signIn !== null,
    };
  }

  @Get('connexion')
  @Header('content-type', 'text/html; charset=utf-8')
  form(@Query('retour') retour?: string, @Query('deconnecte') signedOut?: string): string {
    return page({
      ...this.options(safeReturn(retour)),
      notice: signedOut !== undefined ? 'Vous êtes déconnecté.' : undefined,
    });
  }

  @Post('connexion')
  @HttpCode(303)
  signIn(
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string | void {
    const retour = safeReturn(body?.retour);
    // A page elsewhere must not sign a visitor in under a key of its choosing ("login CSRF"):
    // a browser names the origin of a form it posts; a foreign one is refused.
    const origin = originOf(reply.request.headers.origin);
    if (
      origin !== undefined &&
      origin !== originOf(this.config.reminders.publicUrl) &&
      origin !== originOf(`${reply.request.protocol}://${reply.request.headers.host ?? ''}`)
    ) {
      void reply.status(403).header('content-type', 'text/html; charset=utf-8');
      return page({
        ...this.options(retour),
        error:
          'Ce formulaire de connexion a été envoyé depuis un autre site\u202f: ouvrez la page de connexion du service et recommencez.',
      });
    }
    const key = typeof body?.cle === 'string' ? body.cle : '';
    const identity =
      key.length > 0 && key.length <= 200 ? identifyApiKey(this.settings.apiKeys, key) : null;
    if (!identity) {
      this.logger.warn({
        msg: 'Authentication refused',
        method: 'POST',
        url: '/connexion',
        ip: reply.request.ip,
        reason: 'unknown API key',
      });
      void reply.status(401).header('content-type', 'text/html; charset=utf-8');
      return page({
        ...this.options(retour),
        error: 'Clé inconnue\u202f: vérifiez-la ou demandez-en une à la DINUM.',
      });
    }
    this.openSession(reply, identity, retour);
  }

  /** Sends the browser to the issuer, with PKCE, state and nonce kept in a signed cookie. */
  @Get('connexion/oidc')
  async startOidc(
    @Query('retour') retour: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | void> {
    const signIn = this.settings.signIn;
    if (!signIn) return notConfigured(reply);
    try {
      const { location, cookie } = await signIn.start(safeReturn(retour));
      void reply
        .status(303)
        .header(
          'set-cookie',
          `${SIGN_IN_COOKIE}=${cookie}; Path=/connexion/oidc; HttpOnly; SameSite=Lax; Max-Age=${SIGN_IN_TTL_MS / 1000}${this.secure(reply.request)}`,
        )
        .header('location', location);
    } catch (error) {
      return this.refuse(reply, error, safeReturn(retour));
    }
  }

  /** The issuer sends the browser back here with a code (or an error). */
  @Get('connexion/oidc/retour')
  async finishOidc(
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | void> {
    const signIn = this.settings.signIn;
    if (!signIn) return notConfigured(reply);
    // The sign-in cookie is spent whatever happens.
    void reply.header(
      'set-cookie',
      `${SIGN_IN_COOKIE}=; Path=/connexion/oidc; HttpOnly; SameSite=Lax; Max-Age=0`,
    );
    try {
      const { identity, retour } = await signIn.finish(
        query,
        cookieValue(request.headers.cookie, SIGN_IN_COOKIE),
      );
      this.logger.log({
        msg: 'Signed in',
        via: 'oidc',
        subject: identity.subject,
        role: identity.role,
        ministry: identity.ministry,
        ip: request.ip,
      });
      this.openSession(reply, identity, retour);
    } catch (error) {
      return this.refuse(reply, error, '/tableau-de-bord');
    }
  }

  /**
   * Signing out is a form (POST, with the session's CSRF token): a link would let any page sign
   * its visitors out. Reached by a link or typed, this page offers that form.
   */
  @Get('deconnexion')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  signOutPage(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const session = this.sessionOf(request);
    if (!session) {
      void reply.status(303).header('location', '/connexion?deconnecte=1');
      return;
    }
    return shell(
      'Se déconnecter',
      `<h1>Se déconnecter</h1>
<p>Vous êtes connecté au suivi des engagements COSINUM. Vous déconnecter ferme cette session sur ce navigateur&#8239;; une copie de son cookie ne servira plus.</p>
<form method="post" action="/deconnexion">
<input type="hidden" name="_csrf" value="${csrfTokenOf(this.settings.sessionSecret, session.id)}">
<ul class="fr-btns-group fr-btns-group--inline-md"><li><button class="fr-btn" type="submit">Se déconnecter</button></li>
<li><a class="fr-btn fr-btn--secondary" href="/tableau-de-bord">Revenir au tableau de bord</a></li></ul>
</form>`,
    );
  }

  /**
   * Ends the session on the server, not only in this browser: the sign-out is recorded
   * (`SessionRevoked`), so that its cookie, even copied, is refused by every server.
   */
  @Post('deconnexion')
  async signOut(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const session = this.sessionOf(request);
    if (session) {
      checkSameSite(request, session, this.settings.sessionSecret, this.config.reminders.publicUrl);
      this.projections.sessions.revoke(session.id, session.expiresAt);
      await recordSignOut(this.store, session, () => this.clock.now(), correlationIdOf(request));
      this.logger.log({
        msg: 'Signed out',
        subject: session.identity.subject,
        role: session.identity.role,
        ministry: session.identity.ministry,
        ip: request.ip,
      });
    }
    void reply
      .status(303)
      .header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`)
      .header('location', '/connexion?deconnecte=1');
  }

  private openSession(reply: FastifyReply, identity: Identity, retour: string): void {
    void reply
      .status(303)
      .header(
        'set-cookie',
        `${SESSION_COOKIE}=${issueSession(this.settings.sessionSecret, identity, Date.now()).token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${this.secure(reply.request)}`,
      )
      .header('location', retour);
  }

  private secure(request: FastifyRequest): string {
    return request.protocol === 'https' ? '; Secure' : '';
  }

  /** A French page for a sign-in that failed, and a log line saying who, what and why. */
  private refuse(reply: FastifyReply, error: unknown, retour: string): string {
    const reason = error instanceof AuthenticationError ? error.reason : 'error';
    const upstream = ['discovery', 'token', 'userinfo'].includes(reason) || reason === 'error';
    this.logger.warn({
      msg: 'Authentication refused',
      via: 'oidc',
      url: reply.request.url.split('?')[0],
      ip: reply.request.ip,
      reason: error instanceof Error ? error.message : String(error),
    });
    void reply.status(upstream ? 502 : 401).header('content-type', 'text/html; charset=utf-8');
    return failurePage(
      FRENCH_REASONS[reason] ??
        (upstream
          ? 'Le fournisseur d’identité n’a pas répondu comme attendu : réessayez dans un instant.'
          : 'Votre identité n’a pas pu être vérifiée.'),
      retour,
    );
  }
}
