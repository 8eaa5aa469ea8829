import { Logger, type Provider } from '@nestjs/common';
import { APP_CONFIG } from '@cosinum/application';
import { loadOrCreateSigningKey, type SigningKey } from '@cosinum/integrity';
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
