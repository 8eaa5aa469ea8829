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

/** The key in `file`, or undefined when there is no such file (never created here). */
export const signingKeyIfPresent = (file: string): SigningKey | undefined =>
  existsSync(file) ? signingKeyFromPem(readFileSync(file, 'utf8')) : undefined;

/**
 * The embedded default: a key file in the data directory, created on first use (mode 0600), so a
 * newcomer gets signed checkpoints with nothing to configure. Production passes its own key.
 */
export const loadOrCreateSigningKey = (file: string): { key: SigningKey; created: boolean } => {
  const existing = signingKeyIfPresent(file);
  if (existing) return { key: existing, created: false };
  mkdirSync(dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key: fromPrivate(privateKey), created: true };
};

export const publicKeyFromPem = (pem: string): KeyObject => createPublicKey(pem);

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;

/**
 * Every public key of a PEM text holding one or several (one after the other, as `cat` joins
 * them): the keys a log was signed with over time, the current one and those it replaced. Throws
 * on a text with none, or a block that is not a key.
 */
export const publicKeysFromPem = (pem: string): KeyObject[] => {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error('no PEM public key (-----BEGIN PUBLIC KEY-----) found');
  return blocks.map((block) => createPublicKey(block));
};

/** Keys by id, as verification trusts them. */
export const trustedKeys = (keys: Iterable<KeyObject>): Map<string, KeyObject> =>
  new Map([...keys].map((k) => [keyIdOf(k), k]));

export const signText = (key: SigningKey, text: string): string =>
  sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');

export const verifyText = (publicKey: KeyObject, text: string, signature: string): boolean =>
  verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));

/**
 * The public keys that signed the log before the current key (`AUDIT_PREVIOUS_KEYS_FILE`, after a
 * rotation): none without a file. Throws a message naming the file when it cannot be read.
 */
export const loadPreviousKeys = (file: string | undefined): KeyObject[] => {
  if (file === undefined) return [];
  try {
    return publicKeysFromPem(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `AUDIT_PREVIOUS_KEYS_FILE=${JSON.stringify(file)}: ${(error as Error).message}`,
    );
  }
};
