import { Logger, Module, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { demoKeyEntries, parseApiKeys } from './api-keys';
import { AUTH_SETTINGS, AuthGuard, type AuthSettings } from './auth.guard';
import { join } from 'node:path';
import { OidcVerifier } from './oidc-verifier';
import { OidcSignIn } from './oidc-sign-in';
import { loadOrCreateSessionSecret } from './session';
import { SessionController } from './session.controller';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export const authSettingsFrom = (config: AppConfig): AuthSettings => {
  const { auth } = config;
  const configured = parseApiKeys(auth.apiKeys);
  const sessionSecret = loadOrCreateSessionSecret(join(config.dataDir, 'session-secret'));
  const oidc = auth.oidcIssuer
    ? new OidcVerifier({
        issuer: auth.oidcIssuer,
        audience: auth.oidcAudience as string,
        jwksUrl: auth.oidcJwksUrl,
        roleClaim: auth.oidcRoleClaim,
        ministryClaim: auth.oidcMinistryClaim,
        clockToleranceSec: 30,
      })
    : null;
  const signIn =
    oidc && auth.oidcClient ? new OidcSignIn(oidc, auth.oidcClient, sessionSecret) : null;
  if (configured.length === 0 && !oidc) {
    if (!LOOPBACK.has(config.host)) {
      throw new Error(
        `No credentials configured while listening on ${config.host}: set API_KEYS or OIDC_ISSUER (the demo keys only work on 127.0.0.1)`,
      );
    }
    new Logger('Auth').warn({
      msg: 'No API_KEYS nor OIDC_ISSUER: the demo keys are accepted, on this machine only (see README, "Access")',
    });
    return { apiKeys: demoKeyEntries(), oidc: null, sessionSecret, signIn: null };
  }
  return { apiKeys: configured, oidc, sessionSecret, signIn };
};

const settingsProvider: Provider = {
  provide: AUTH_SETTINGS,
  inject: [APP_CONFIG],
  useFactory: authSettingsFrom,
};

@Module({
  providers: [settingsProvider, { provide: APP_GUARD, useClass: AuthGuard }],
  controllers: [SessionController],
  exports: [AUTH_SETTINGS],
})
export class AuthModule {}
