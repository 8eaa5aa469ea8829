import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import {
  checkpointLine,
  keyIdOf,
  parseCheckpoint,
  publicKeyFromPem,
  publicKeysFromPem,
  type CheckpointData,
} from '@cosinum/integrity';
import { CliError } from './cli-error';

/** The witness's files in its directory: the pinned public key, and the checkpoints, one a line. */
export const WITNESS_KEY_FILE = 'public-key.pem';
/** The keys a witness accepted after key rotations (`--accept-key`), one after the other. */
export const WITNESS_ACCEPTED_KEYS_FILE = 'accepted-keys.pem';
export const WITNESS_CHECKPOINTS_FILE = 'checkpoints.jsonl';

/** How long the CLI waits for the server to answer one request. */
const FETCH_TIMEOUT_MS = 30_000;

export interface ServedCheckpoints {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  /** Oldest first, as the server serves them. */
  readonly checkpoints: readonly CheckpointData[];
}

export const isUrl = (value: string): boolean => /^https?:\/\//i.test(value);

const getJson = async (url: string, apiKey: string | undefined): Promise<unknown> => {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new CliError(
      `could not reach ${url}: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
    );
  }
  if (response.status === 401 || response.status === 403)
    throw new CliError(
      `${url} answered ${response.status}: pass an auditor's or analyst's API key with --api-key or COSINUM_API_KEY`,
    );
  if (!response.ok) throw new CliError(`${url} answered ${response.status}`);
  try {
    return await response.json();
  } catch {
    throw new CliError(`${url} did not answer JSON: is it a cosinum-tracker server?`);
  }
};

/**
 * The server's public key and every signed checkpoint it serves (`GET /api/audit/public-key`,
 * `GET /api/audit/checkpoints`), each checked to be a checkpoint (not yet its signature).
 */
export const fetchCheckpoints = async (
  from: string,
  apiKey: string | undefined,
): Promise<ServedCheckpoints> => {
  const base = from.replace(/\/+$/, '');
  const key = (await getJson(`${base}/api/audit/public-key`, undefined)) as {
    keyId?: unknown;
    publicKeyPem?: unknown;
  };
  if (typeof key?.publicKeyPem !== 'string')
    throw new CliError(`${base}/api/audit/public-key did not answer a public key`);
  let publicKey: KeyObject;
  try {
    publicKey = publicKeyFromPem(key.publicKeyPem);
  } catch {
    throw new CliError(`${base}/api/audit/public-key did not answer a valid public key`);
  }
  const keyId = keyIdOf(publicKey);
  if (key.keyId !== keyId)
    throw new CliError(
      `${base}/api/audit/public-key names key ${String(key.keyId)} but serves key ${keyId}`,
    );
  const list = (await getJson(`${base}/api/audit/checkpoints`, apiKey)) as { items?: unknown };
  if (!Array.isArray(list?.items))
    throw new CliError(`${base}/api/audit/checkpoints did not answer a list of checkpoints`);
  const checkpoints = list.items.map((item, i) => {
    try {
      return parseCheckpoint(item);
    } catch (error) {
      throw new CliError(
        `${base}/api/audit/checkpoints, item ${i + 1}: ${(error as Error).message}`,
      );
    }
  });
  return { keyId, publicKey, publicKeyPem: key.publicKeyPem, checkpoints };
};

export interface WitnessDir {
  /** The pinned public key, if the witness ran before. */
  readonly pinned?: { readonly keyId: string; readonly publicKey: KeyObject };
  /** Every key it trusts: the pinned one, and those accepted since after key rotations. */
  readonly keys: ReadonlyMap<string, KeyObject>;
  /** The checkpoints it holds, in the order it appended them. */
  readonly held: readonly CheckpointData[];
}

/** What a witness directory holds (nothing if it does not exist yet). */
export const readWitnessDir = (dir: string): WitnessDir => {
  const keyFile = join(dir, WITNESS_KEY_FILE);
  const file = join(dir, WITNESS_CHECKPOINTS_FILE);
  let pinned: WitnessDir['pinned'];
  if (existsSync(keyFile)) {
    try {
      const publicKey = publicKeyFromPem(readFileSync(keyFile, 'utf8'));
      pinned = { keyId: keyIdOf(publicKey), publicKey };
    } catch {
      throw new CliError(`${keyFile} is not a valid public key`);
    }
  }
  const keys = new Map<string, KeyObject>(pinned ? [[pinned.keyId, pinned.publicKey]] : []);
  const acceptedFile = join(dir, WITNESS_ACCEPTED_KEYS_FILE);
  if (existsSync(acceptedFile)) {
    try {
      for (const k of publicKeysFromPem(readFileSync(acceptedFile, 'utf8')))
        keys.set(keyIdOf(k), k);
    } catch (error) {
      throw new CliError(`${acceptedFile}: ${(error as Error).message}`);
    }
  }
  const held: CheckpointData[] = [];
  if (existsSync(file)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        held.push(parseCheckpoint(JSON.parse(line)));
      } catch (error) {
        throw new CliError(`${file}, line ${i + 1}: ${(error as Error).message}`);
      }
    }
  }
  return { pinned, keys, held };
};

/**
 * Pins the key (first run only) and appends the checkpoints to the witness file, synced to disk.
 * The file is only ever appended to.
 */
export const appendToWitness = (
  dir: string,
  publicKeyPem: string | undefined,
  checkpoints: readonly CheckpointData[],
  acceptedKeyPem?: string,
): void => {
  mkdirSync(dir, { recursive: true });
  if (publicKeyPem !== undefined) writeSynced(join(dir, WITNESS_KEY_FILE), publicKeyPem, 'wx');
  // A key accepted after a rotation is appended, never replacing the one pinned first.
  if (acceptedKeyPem !== undefined)
    writeSynced(join(dir, WITNESS_ACCEPTED_KEYS_FILE), acceptedKeyPem, 'a');
  const text = checkpoints.map((c) => `${checkpointLine(c)}\n`).join('');
  writeSynced(join(dir, WITNESS_CHECKPOINTS_FILE), text, 'a');
};

const writeSynced = (file: string, text: string, flags: 'a' | 'wx') => {
  const fd = openSync(file, flags, 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};
