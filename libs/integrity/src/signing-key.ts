import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER): names the key in checkpoints. */
  readonly keyId: string;
  readonly publicKeyPem: string;
}

export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

const fromPrivate = (privateKey: KeyObject): SigningKey => {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error('The audit signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

/** A PKCS#8 PEM Ed25519 private key (as `openssl genpkey -algorithm ed25519` writes it). */
export const signingKeyFromPem = (pem: string): SigningKey => fromPrivate(createPrivateKey(pem));

/**
 * The embedded default: a key file in the data directory, created on first use (mode 0600), so a
 * newcomer gets signed checkpoints with nothing to configure. Production passes its own key.
 */
export const loadOrCreateSigningKey = (file: string): { key: SigningKey; created: boolean } => {
  if (existsSync(file))
    return { key: signingKeyFromPem(readFileSync(file, 'utf8')), created: false };
  mkdirSync(dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key: fromPrivate(privateKey), created: true };
};

export const publicKeyFromPem = (pem: string): KeyObject => createPublicKey(pem);

export const signText = (key: SigningKey, text: string): string =>
  sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');

export const verifyText = (publicKey: KeyObject, text: string, signature: string): boolean =>
  verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
