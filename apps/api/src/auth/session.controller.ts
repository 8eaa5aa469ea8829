import { Body, Controller, Get, Header, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { identifyApiKey } from './api-keys';
import { AUTH_SETTINGS, type AuthSettings } from './auth.guard';
import { Public } from './roles.decorator';
import { issueSession, SESSION_COOKIE, SESSION_TTL_MS } from './session';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Only local paths: a sign-in never sends the browser to another site. */
const safeReturn = (value: unknown): string =>
  typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) && value.length < 500
    ? value
    : '/tableau-de-bord';

const page = (retour: string, error?: string) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connexion — Suivi des engagements COSINUM</title>
<link rel="stylesheet" href="/dsfr/dsfr.min.css"></head>
<body><main class="fr-container fr-my-6w" id="contenu">
<h1>Connexion au suivi des engagements COSINUM</h1>
${error ? `<div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><p>${escapeHtml(error)}</p></div>` : ''}
<form method="post" action="/connexion">
<input type="hidden" name="retour" value="${escapeHtml(retour)}">
<div class="fr-input-group"><label class="fr-label" for="cle">Clé d'accès<span class="fr-hint-text">Fournie par la DINUM (clé d'API).</span></label>
<input class="fr-input" type="password" id="cle" name="cle" autocomplete="current-password" required></div>
<button class="fr-btn" type="submit">Se connecter</button>
</form></main></body></html>`;

/**
 * Sign-in for the dashboard's browsers: an API key exchanged for a signed, HttpOnly session
 * cookie (8 hours). With an OIDC issuer configured, bearer tokens remain the API's way in.
 */
@ApiExcludeController()
@Public()
@Controller('connexion')
export class SessionController {
  constructor(@Inject(AUTH_SETTINGS) private readonly settings: AuthSettings) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  form(@Query('retour') retour?: string): string {
    return page(safeReturn(retour));
  }

  @Post()
  @HttpCode(303)
  signIn(
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string | void {
    const retour = safeReturn(body?.retour);
    const key = typeof body?.cle === 'string' ? body.cle : '';
    const identity =
      key.length > 0 && key.length <= 200 ? identifyApiKey(this.settings.apiKeys, key) : null;
    if (!identity) {
      void reply.status(401).header('content-type', 'text/html; charset=utf-8');
      return page(retour, 'Clé inconnue : vérifiez-la ou demandez-en une à la DINUM.');
    }
    const secure = reply.request.protocol === 'https' ? '; Secure' : '';
    void reply
      .header(
        'set-cookie',
        `${SESSION_COOKIE}=${issueSession(this.settings.sessionSecret, identity, Date.now())}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure}`,
      )
      .header('location', retour);
  }
}
