import { Logger, type Provider } from '@nestjs/common';
import { APP_CONFIG } from '@cosinum/application';
import {
  loadOrCreateSigningKey,
  loadPreviousKeys,
  trustedKeys,
  type SigningKey,
} from '@cosinum/integrity';
import type { KeyObject } from 'node:crypto';
import type { AppConfig } from '@cosinum/config';

export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');

export const auditKeyProvider: Provider = {
  provide: AUDIT_SIGNING_KEY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): SigningKey => {
    const { key, created } = loadOrCreateSigningKey(config.auditSigningKeyFile);
    if (created) {
      new Logger('Audit').warn({
        msg: 'Created a new Ed25519 key to sign log checkpoints; keep it safe, or set AUDIT_SIGNING_KEY_FILE in production',
        file: config.auditSigningKeyFile,
        keyId: key.keyId,
      });
    }
    return key;
  },
};

export const AUDIT_TRUSTED_KEYS = Symbol('AUDIT_TRUSTED_KEYS');

/**
 * The keys verification trusts: the current signing key and those it replaced
 * (`AUDIT_PREVIOUS_KEYS_FILE`), read at start-up so that a bad file stops it with its name.
 */
export const trustedKeysProvider: Provider = {
  provide: AUDIT_TRUSTED_KEYS,
  inject: [APP_CONFIG, AUDIT_SIGNING_KEY],
  useFactory: (config: AppConfig, key: SigningKey): ReadonlyMap<string, KeyObject> =>
    trustedKeys([key.publicKey, ...loadPreviousKeys(config.auditPreviousKeysFile)]),
};
