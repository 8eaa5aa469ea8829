import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { catchUpSubscription } from '../catch-up-subscription';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadAllPagesOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { pagesOfReadAll } from '../read-all-pages';
import { MIGRATIONS } from './schema';

interface Row {
  position: number;
  event_id: string;
  stream_name: string;
  stream_revision: number;
  type: string;
  data: string;
  metadata: string;
}

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for throw-away stores. */
  readonly filename: string;
  /** How often subscriptions look for events written by other processes. */
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
}

const toRecorded = (row: Row): RecordedEvent => ({
  id: row.event_id,
  streamName: row.stream_name,
  streamRevision: row.stream_revision,
  position: row.position,
  type: row.type,
  data: JSON.parse(row.data) as unknown,
  metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
});

/** The columns of a row in `.raw()` order (see COLUMNS): an array per row, not an object. */
type RawRow = [number, string, string, number, string, string, string];
const COLUMNS = 'position, event_id, stream_name, stream_revision, type, data, metadata';

const fromRaw = (row: RawRow): RecordedEvent => ({
  id: row[1],
  streamName: row[2],
  streamRevision: row[3],
  position: row[0],
  type: row[4],
  data: JSON.parse(row[5]) as unknown,
  metadata: JSON.parse(row[6]) as RecordedEvent['metadata'],
});

/**
 * Runs `step` again while SQLite answers SQLITE_BUSY, for up to 5 s, pausing 20 ms between tries
 * (a synchronous pause: the store is opened in a constructor, before anything else runs).
 */
const whileBusy = <T>(step: () => T): T => {
  const until = Date.now() + 5000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return step();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw error;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
};

/**
 * The embedded default: one SQLite file in WAL mode. Appends run in an IMMEDIATE transaction, so
 * the expected-revision check and the insert are atomic even with several processes on the file.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly waiters = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly statements;
  private readonly appendTransaction;
  private readonly appendManyTransaction;
  private closed = false;
  private wakeScheduled = false;

  constructor(options: SqliteEventStoreOptions) {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    this.db = new Database(options.filename);
    // The wait first: switching to WAL and migrating take locks another process may hold.
    this.db.pragma('busy_timeout = 5000');
    // Switching a new file to WAL can answer SQLITE_BUSY at once, without the busy handler, while
    // another process opens the same file: try again for as long as the busy timeout.
    whileBusy(() => this.db.pragma('journal_mode = WAL'));
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    whileBusy(() => this.migrate());
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 1000;
    this.statements = {
      revision: this.db.prepare<[string], { revision: number | null }>(
        'SELECT MAX(stream_revision) AS revision FROM events WHERE stream_name = ?',
      ),
      byId: this.db.prepare<[string], Row>('SELECT * FROM events WHERE event_id = ?'),
      insert: this.db.prepare(
        `INSERT INTO events (event_id, stream_name, stream_revision, type, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      readStream: this.db.prepare<[string, number, number], Row>(
        'SELECT * FROM events WHERE stream_name = ? AND stream_revision >= ? ORDER BY stream_revision LIMIT ?',
      ),
      // Rows as arrays: better-sqlite3 builds an array faster than an object with named keys, and
      // the whole log goes through here on every rebuild.
      readAll: this.db
        .prepare<[number, number], RawRow>(
          `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
        )
        .raw(true),
      head: this.db.prepare<[], { head: number | null }>(
        'SELECT MAX(position) AS head FROM events',
      ),
      last: this.db
        .prepare<[], RawRow>(`SELECT ${COLUMNS} FROM events ORDER BY position DESC LIMIT 1`)
        .raw(true),
    };
    this.appendManyTransaction = this.db.transaction((appends: readonly StreamAppend[]) =>
      appends.map((a) => this.appendInTransaction(a.streamName, a.events, a.expectedRevision)),
    );
    this.appendTransaction = this.db.transaction(
      (streamName: string, events: readonly NewEvent[], expected: ExpectedRevision) =>
        this.appendInTransaction(streamName, events, expected),
    );
  }

  /** The underlying connection, for adapters that share the file (checkpoints, audit tools). */
  get connection(): Database.Database {
    return this.db;
  }

  /**
   * The version is read inside the write transaction that applies the migrations: two processes
   * starting on one empty file would otherwise both read 0 and the second would fail on
   * `table events already exists`. The second one waits for the lock and finds nothing to do.
   */
  private migrate(): void {
    const current = () => this.db.pragma('user_version', { simple: true }) as number;
    if (current() >= MIGRATIONS.length) return;
    this.db
      .transaction(() => {
        for (let v = current(); v < MIGRATIONS.length; v++) {
          this.db.exec(MIGRATIONS[v]);
          this.db.pragma(`user_version = ${v + 1}`);
        }
      })
      .immediate();
  }

  async appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const result = this.appendTransaction.immediate(streamName, events, options.expectedRevision);
    this.notify();
    return result;
  }

  /** Every stream's append in one IMMEDIATE transaction: all written, or none. */
  async appendAtomically(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    this.assertOpen();
    if (appends.some((a) => a.events.length === 0))
      throw new Error('appendAtomically needs at least one event per stream');
    const results = this.appendManyTransaction.immediate(appends);
    this.notify();
    return results;
  }

  private appendInTransaction(
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): AppendResult {
    // A repeat is looked for only when the append would otherwise fail (wrong revision, or an id
    // already stored): the common append pays for no extra lookup.
    const current = this.statements.revision.get(streamName)?.revision ?? null;
    const actual = current ?? 'no_stream';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === null) ||
      (expected === 'stream_exists' && current !== null) ||
      (typeof expected === 'number' && current === expected);
    if (!ok) {
      const repeat = this.idempotentRepeat(streamName, events);
      if (repeat) return repeat;
      throw new WrongExpectedRevisionError(streamName, String(expected), actual);
    }
    let revision = current ?? -1;
    let position = 0;
    for (const [i, event] of events.entries()) {
      revision++;
      try {
        const info = this.statements.insert.run(
          event.id,
          streamName,
          revision,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
          event.metadata.recordedAt,
        );
        position = Number(info.lastInsertRowid);
      } catch (error) {
        if (
          (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
          this.statements.byId.get(event.id)
        ) {
          // Nothing written yet: the whole append may be a repeat (it throws if it is not one).
          const repeat = i === 0 ? this.idempotentRepeat(streamName, events) : null;
          if (repeat) return repeat;
          throw new DuplicateEventIdError(event.id);
        }
        throw error;
      }
    }
    return { nextExpectedRevision: revision, position };
  }

  /**
   * Appending the same events again (same ids, same stream, in the same order) returns the
   * original result and writes nothing, whatever the expected revision: a retried request after a
   * lost response must not fail, nor write twice. Null when the first id is not stored.
   */
  private idempotentRepeat(streamName: string, events: readonly NewEvent[]): AppendResult | null {
    const first = this.statements.byId.get(events[0].id);
    if (!first) return null;
    let last = first;
    for (let i = 0; i < events.length; i++) {
      const row = i === 0 ? first : this.statements.byId.get(events[i].id);
      if (
        !row ||
        row.stream_name !== streamName ||
        row.stream_revision !== first.stream_revision + i
      ) {
        throw new DuplicateEventIdError(events[i].id);
      }
      last = row;
    }
    return { nextExpectedRevision: last.stream_revision, position: last.position };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.statements.readStream
      .all(streamName, options.fromRevision ?? 0, options.maxCount ?? -1)
      .map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const rows = this.statements.readAll.all(options.after ?? 0, options.maxCount ?? -1);
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = fromRaw(rows[i]);
    return events;
  }

  readAllPages(options: ReadAllPagesOptions = {}): AsyncIterable<RecordedEvent[]> {
    this.assertOpen();
    return pagesOfReadAll((o) => this.readAll(o), options, this.batchSize);
  }

  /** Raw rows in global order, for bulk work (replay, audit) that wants to skip the mapping. */
  *iterateAll(after = 0): IterableIterator<RecordedEvent> {
    for (const row of this.db
      .prepare<[number], RawRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position`,
      )
      .raw(true)
      .iterate(after)) {
      yield fromRaw(row);
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.statements.head.get()?.head ?? 0;
  }

  async readLastEvent(): Promise<RecordedEvent | null> {
    this.assertOpen();
    const row = this.statements.last.get();
    return row ? fromRaw(row) : null;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = catchUpSubscription(
      {
        readAll: (o) => this.readAll(o),
        waitForAppend: (timeoutMs) => this.waitForAppend(timeoutMs),
        wakeUp: () => this.notify(),
      },
      options,
      { batchSize: this.batchSize, pollIntervalMs: this.pollIntervalMs },
    );
    this.subscriptions.add(subscription);
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  private waitForAppend(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  /**
   * Wakes the subscriptions once the current work is done (next turn of the event loop), once for
   * any number of appends made meanwhile: the appender's own continuation does not wait for the
   * read models' catch-up, and a burst of appends costs one catch-up read, not one per append.
   */
  private notify(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      for (const wake of [...this.waiters]) wake();
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.closed = true;
    this.db.close();
  }
}
