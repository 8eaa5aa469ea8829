import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { access, constants, open, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { AppConfig } from '@cosinum/config';
import type { EventStore, RecordedEvent } from '@cosinum/event-store';
import { canonicalJson, type GlobalHashProjection, type SigningKey } from '@cosinum/integrity';
import type {
  CommitmentsReadModel,
  CommitmentsSnapshot,
  RemindersIndex,
  RemindersSnapshot,
  SessionsIndex,
  SessionsSnapshot,
} from '@cosinum/projections';

/**
 * Snapshots of the read models, so that a start does not fold the whole log again.
 *
 * A snapshot is a cache, never a source of truth: it is taken from the models at a log position,
 * and a start uses it only when everything below holds, otherwise it is discarded (logged) and
 * the models are rebuilt from the log as before.
 * - **Format and code.** `format` is the layout of the file; `code` is a SHA-256 of the code that
 *   folds the log (the domain, the projections and the global hash, as this process runs them).
 *   Any change to that code, an upgrade included, makes earlier snapshots unusable: a fold that
 *   changed would otherwise start from a state the new code would not have built.
 * - **Integrity.** The payload's SHA-256 is in the header; the header is signed with the audit
 *   key (Ed25519) when the process has one, and a process with a key accepts only a snapshot
 *   signed by it: a snapshot altered on disk cannot change what the board says.
 * - **The log.** The header names the last event folded (stream, revision, id, stored hash) and
 *   the log's rolling hash there (`GlobalHashProjection`'s head: what checkpoints sign). That
 *   event must be in the store, with the same id and hash (each event's hash chains its stream's
 *   history), at the same position when the store says it: a snapshot of another store, or of a
 *   log since restored from an earlier backup, does not match.
 *
 * Payload: `v8.serialize` of the models' plain data (maps, arrays and typed arrays survive it;
 * Node's own serializer rather than JSON, which would turn the report columns into numbers as
 * text, 3-4 times larger and slower to read).
 */
export const SNAPSHOT_FORMAT = 1;
const MAGIC = 'cosinum-read-models';

/** The file every process on a data directory reads and replaces (they fold the same log). */
export const SNAPSHOT_FILE = 'read-models.snapshot';

/** The snapshot file of a configuration, or undefined when snapshots are off. */
export const snapshotFileOf = (config: Pick<AppConfig, 'snapshots'>): string | undefined =>
  config.snapshots ? join(config.snapshots.dir, SNAPSHOT_FILE) : undefined;

/**
 * Why snapshots could not be written to `file`'s directory (created if missing), or undefined
 * when they can: said at start, rather than at the first snapshot, minutes or a shutdown later.
 */
export const snapshotDirProblem = async (file: string): Promise<string | undefined> => {
  const dir = resolve(file, '..');
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return `${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}): set SNAPSHOT_DIR to a writable directory, or to none`;
  }
};

export interface SnapshotModels {
  readonly commitments: CommitmentsReadModel;
  readonly globalHash: GlobalHashProjection;
  readonly reminders: RemindersIndex;
  readonly sessions: SessionsIndex;
}

interface Payload {
  readonly commitments: CommitmentsSnapshot;
  readonly globalHash: { position: number; eventCount: number; globalHash: string };
  readonly reminders: RemindersSnapshot;
  readonly sessions: SessionsSnapshot;
}

export interface LastEvent {
  readonly streamName: string;
  readonly streamRevision: number;
  readonly id: string;
  /** The event's stored hash (`metadata.hash`). */
  readonly hash: string;
}

export interface SnapshotHeader {
  readonly magic: typeof MAGIC;
  readonly format: number;
  readonly code: string;
  readonly createdAt: string;
  /** Log position of the last event folded. */
  readonly position: number;
  readonly eventCount: number;
  readonly globalHash: string;
  readonly last: LastEvent;
  readonly payloadBytes: number;
  readonly payloadSha256: string;
  readonly keyId?: string;
  /** Base64 Ed25519 signature of the canonical JSON of every other field. */
  readonly signature?: string;
}

export const lastEventOf = (event: RecordedEvent): LastEvent => ({
  streamName: event.streamName,
  streamRevision: event.streamRevision,
  id: event.id,
  hash: String(event.metadata?.hash ?? ''),
});

// ------------------------------------------------------------------ the code's fingerprint

/**
 * The folding code, from this file's place in the build (`src` in specs, `dist` otherwise): the
 * domain, the projections, the global hash, and this file (the payload's layout).
 */
const FOLDING_CODE = ['../../domain/src', '../../projections/src', '../../integrity/src'];
let fingerprint: Promise<string> | undefined;

const sourcesUnder = async (dir: string): Promise<string[]> => {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sourcesUnder(path)));
    else if (/\.(ts|js)$/.test(entry.name) && !/\.(spec|d)\.(ts|js)$/.test(entry.name))
      found.push(path);
  }
  return found;
};

/** SHA-256 of the code that folds the log, as this process runs it (computed once). */
export const codeFingerprint = (): Promise<string> =>
  (fingerprint ??= (async () => {
    const hash = createHash('sha256').update(`format ${SNAPSHOT_FORMAT}\n`);
    const root = resolve(__dirname, '../..');
    const files: string[] = [__filename];
    for (const dir of FOLDING_CODE) files.push(...(await sourcesUnder(resolve(__dirname, dir))));
    for (const file of files.sort())
      hash
        .update(`${relative(root, file)}\n`)
        .update(await readFile(file))
        .update('\n');
    return hash.digest('hex');
  })());

// ------------------------------------------------------------------ writing

const claim = (header: Omit<SnapshotHeader, 'signature'>): string => canonicalJson(header);

/**
 * The models as they are now, serialised with the last event they folded (read in the same
 * synchronous step: nothing can fold an event in between). Null when nothing has been folded.
 */
export const captureSnapshot = async (
  models: SnapshotModels,
  lastEvent: () => RecordedEvent | undefined,
  now: string,
  key?: SigningKey,
): Promise<{ header: SnapshotHeader; payload: Buffer } | null> => {
  const code = await codeFingerprint();
  // From here on, synchronous.
  const event = lastEvent();
  const head = models.globalHash.head;
  if (event === undefined || head.position === 0) return null;
  const positions = [
    event.position,
    models.commitments.position,
    models.reminders.position,
    models.sessions.position,
  ];
  if (positions.some((p) => p !== head.position))
    throw new Error(`Read models at different positions: ${[head.position, ...positions]}`);
  const last = lastEventOf(event);
  const payload = serialize({
    commitments: models.commitments.toSnapshot(),
    globalHash: models.globalHash.toSnapshot(),
    reminders: models.reminders.toSnapshot(),
    sessions: models.sessions.toSnapshot(),
  } satisfies Payload);
  const unsigned = {
    magic: MAGIC,
    format: SNAPSHOT_FORMAT,
    code,
    createdAt: now,
    position: head.position,
    eventCount: head.eventCount,
    globalHash: head.globalHash,
    last,
    payloadBytes: payload.length,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
    ...(key && { keyId: key.keyId }),
  } as const;
  const header: SnapshotHeader = key
    ? {
        ...unsigned,
        signature: sign(null, Buffer.from(claim(unsigned)), key.privateKey).toString('base64'),
      }
    : unsigned;
  return { header, payload };
};

/**
 * Written next to its final name, flushed to disk, then renamed over it: a crash leaves the
 * previous snapshot or the new one, never half of one. Layout: the header's length (4 bytes, big
 * endian), the header as JSON, the payload.
 */
export const writeSnapshotFile = async (
  file: string,
  snapshot: { header: SnapshotHeader; payload: Buffer },
): Promise<number> => {
  await mkdir(resolve(file, '..'), { recursive: true });
  const header = Buffer.from(JSON.stringify(snapshot.header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writev([length, header, snapshot.payload]);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
  return 4 + header.length + snapshot.payload.length;
};

// ------------------------------------------------------------------ reading

export type LoadedSnapshot =
  | { readonly ok: true; readonly header: SnapshotHeader; readonly bytes: number }
  | { readonly ok: false; readonly reason: string; readonly header?: SnapshotHeader };

/** Why a file is not a usable snapshot for this code and key, or its header and payload. */
const readSnapshotFile = async (
  file: string,
  publicKey: KeyObject | undefined,
): Promise<
  | { header: SnapshotHeader; payload: Buffer; bytes: number }
  | { reason: string; header?: SnapshotHeader }
> => {
  let bytes: Buffer;
  // The fingerprint (the first time: reading the folding code) while the file is read.
  const code = codeFingerprint().catch((error: unknown) => `unknown (${String(error)})`);
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'none' : String(error) };
  }
  if (bytes.length < 4) return { reason: 'the file is truncated' };
  const headerLength = bytes.readUInt32BE(0);
  if (4 + headerLength > bytes.length) return { reason: 'the file is truncated' };
  let header: SnapshotHeader;
  try {
    header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as SnapshotHeader;
  } catch {
    return { reason: 'the header is not JSON' };
  }
  if (header.magic !== MAGIC) return { reason: 'not a snapshot of these read models' };
  if (header.format !== SNAPSHOT_FORMAT)
    return { reason: `format ${header.format}, this version reads ${SNAPSHOT_FORMAT}`, header };
  const running = await code;
  if (header.code !== running)
    return {
      reason: running.startsWith('unknown')
        ? `the code that folds the log cannot be fingerprinted: ${running}`
        : 'taken by another version of the code that folds the log',
      header,
    };
  const payload = bytes.subarray(4 + headerLength);
  if (payload.length !== header.payloadBytes)
    return { reason: `the payload is ${payload.length} bytes, not ${header.payloadBytes}`, header };
  if (createHash('sha256').update(payload).digest('hex') !== header.payloadSha256)
    return { reason: 'the payload does not match its SHA-256', header };
  if (publicKey) {
    const { signature, ...unsigned } = header;
    if (signature === undefined) return { reason: 'the snapshot is not signed', header };
    if (!verify(null, Buffer.from(claim(unsigned)), publicKey, Buffer.from(signature, 'base64')))
      return { reason: 'the signature does not match the audit key', header };
  }
  return { header, payload, bytes: bytes.length };
};

/** Whether the log still holds the snapshot's last event as the snapshot saw it. */
const matchLog = async (store: EventStore, header: SnapshotHeader): Promise<string | null> => {
  const { last } = header;
  const head = await store.headPosition();
  if (head < header.position)
    return `the log ends at position ${head}, before the snapshot's ${header.position}`;
  const [event] = await store.readStream(last.streamName, {
    fromRevision: last.streamRevision,
    maxCount: 1,
  });
  if (!event || event.streamRevision !== last.streamRevision)
    return `the log has no event ${last.streamName}@${last.streamRevision}`;
  if (event.id !== last.id || String(event.metadata?.hash ?? '') !== last.hash)
    return `the log's event ${last.streamName}@${last.streamRevision} is not the snapshot's (id or hash differ)`;
  // Stream reads on EventStoreDB 22+ do not say the position (-1): the id and hash then suffice.
  if (event.position >= 0 && event.position !== header.position)
    return `the snapshot's last event is at position ${event.position} in the log, not ${header.position}`;
  return null;
};

/**
 * Loads the snapshot in `file` into the models when it is usable (see the top of this file);
 * otherwise leaves them as they are and says why.
 */
export const loadSnapshot = async (
  file: string,
  store: EventStore,
  models: SnapshotModels,
  key?: SigningKey,
): Promise<LoadedSnapshot> => {
  const all = [models.commitments, models.globalHash, models.reminders, models.sessions];
  if (all.some((m) => m.position !== 0))
    return { ok: false, reason: 'the read models have already folded events' };
  const read = await readSnapshotFile(file, key?.publicKey);
  if ('reason' in read) return { ok: false, reason: read.reason, header: read.header };
  const { header, payload } = read;
  const mismatch = await matchLog(store, header);
  if (mismatch) return { ok: false, reason: mismatch, header };
  let data: Payload;
  try {
    data = deserialize(payload) as Payload;
  } catch (error) {
    return { ok: false, reason: `the payload cannot be read: ${String(error)}`, header };
  }
  const positions = [
    data.commitments?.checkpoint,
    data.globalHash?.position,
    data.reminders?.checkpoint,
    data.sessions?.checkpoint,
  ];
  if (
    positions.some((p) => p !== header.position) ||
    data.globalHash.globalHash !== header.globalHash
  )
    return { ok: false, reason: 'the payload does not match its header', header };
  try {
    models.commitments.restore(data.commitments);
    models.globalHash.restore(data.globalHash);
    models.reminders.restore(data.reminders);
    models.sessions.restore(data.sessions);
  } catch (error) {
    // Each restore replaces its model only once it is built. Should one fail after another
    // succeeded, the models are at different positions: the runner starts from the lowest and
    // each model ignores the events it already holds, so they still end up equal to a rebuild.
    return { ok: false, reason: `the payload cannot be restored: ${String(error)}`, header };
  }
  return { ok: true, header, bytes: read.bytes };
};
