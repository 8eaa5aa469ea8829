import type { CalendarDate, Instant } from '../calendar';
// Straight from the module, not through the barrel: a re-exported binding is a getter call on
// every use, and the fold calls these once per report.
import { canonicalInstantMs, dateOfDay, dayOf, instantOfMs } from '../calendar/day-numbers';

/**
 * The reports of one ministry on one commitment, stored column by column.
 *
 * A decade of weekly reports is about a million facts: kept as one object per report (two date
 * strings each), they cost ~170 bytes apiece and most of a board's time went into comparing
 * strings. Here a report is 24 bytes in four typed arrays (value, business day, recording
 * instant in ms, stream order), and a board compares numbers.
 *
 * Immutability as the fold needs it: a series is a *view* of `length` rows of a shared,
 * append-only buffer. `append` returns a new view and never changes this one (the pure `evolve`);
 * `push` extends this view in place (a fold that owns its states: a read model, a replay). Both
 * write in the shared buffer only when nobody has written past this view's end yet, so that no
 * other view ever sees a row change; otherwise they copy first (a branch, which a fold in stream
 * order never makes). Every view reads only rows below its own length.
 */
export interface Report {
  readonly on: CalendarDate;
  readonly recordedAt: Instant | null;
  /** Order of the fact within the stream, to break ties between facts of the same day. */
  readonly seq: number;
  readonly value: number;
  readonly note?: string;
}

/**
 * Column storage is carved out of shared slabs: creating an ArrayBuffer per series (and per
 * growth) cost more than filling it, and a read model holds thousands of series. A region left
 * behind by a growth stays in its slab until the slab is collected with its last view: at most
 * as many bytes as the series hold, since each growth doubles.
 */
const SLAB_BYTES = 1 << 22;
let slab: ArrayBuffer | null = null;
let slabUsed = 0;

const region = (bytes: number): { buffer: ArrayBuffer; offset: number } => {
  if (bytes > SLAB_BYTES >> 3) return { buffer: new ArrayBuffer(bytes), offset: 0 };
  if (slab === null || slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const offset = slabUsed;
  slabUsed += bytes; // a multiple of 24, so every column stays 8-byte aligned
  return { buffer: slab, offset };
};

class Buffer {
  value: Float64Array;
  /** NaN for a fact recorded at an unknown time (folded without metadata). */
  recorded: Float64Array;
  day: Int32Array;
  seq: Int32Array;
  /** Rows written so far, by any view. */
  used = 0;
  /** Sparse columns: the rare note, and the original text of a non-canonical date or instant. */
  notes: Map<number, string> | null = null;
  rawOn: Map<number, string> | null = null;
  rawRecorded: Map<number, string> | null = null;

  constructor(capacity: number) {
    const { buffer, offset } = region(capacity * 24);
    this.value = new Float64Array(buffer, offset, capacity);
    this.recorded = new Float64Array(buffer, offset + capacity * 8, capacity);
    this.day = new Int32Array(buffer, offset + capacity * 16, capacity);
    this.seq = new Int32Array(buffer, offset + capacity * 20, capacity);
  }

  get capacity(): number {
    return this.value.length;
  }

  /** A copy of the first `length` rows, with room for at least `capacity`. */
  copy(length: number, capacity: number): Buffer {
    const next = new Buffer(capacity);
    next.value.set(this.value.subarray(0, length));
    next.day.set(this.day.subarray(0, length));
    next.recorded.set(this.recorded.subarray(0, length));
    next.seq.set(this.seq.subarray(0, length));
    next.used = length;
    next.notes = below(this.notes, length);
    next.rawOn = below(this.rawOn, length);
    next.rawRecorded = below(this.rawRecorded, length);
    return next;
  }
}

const below = (map: Map<number, string> | null, length: number): Map<number, string> | null => {
  if (!map) return null;
  const kept = new Map<number, string>();
  for (const [i, text] of map) if (i < length) kept.set(i, text);
  return kept.size > 0 ? kept : null;
};

/** Rows are only ever written once, at the end of a buffer: a sparse column only gains keys. */
const setSparse = (
  map: Map<number, string> | null,
  i: number,
  text: string,
): Map<number, string> => {
  const m = map ?? new Map<number, string>();
  m.set(i, text);
  return m;
};

const INITIAL_CAPACITY = 64;

/**
 * Notes are often the same few words ("Relevé trimestriel consolidé"), each parsed from JSON as
 * a string of its own: one copy is kept of each text, up to a bounded number of texts.
 */
const NOTES = new Map<string, string>();
const MAX_INTERNED_NOTES = 10_000;
const intern = (note: string): string => {
  const known = NOTES.get(note);
  if (known !== undefined) return known;
  if (NOTES.size < MAX_INTERNED_NOTES && note.length <= 200) NOTES.set(note, note);
  return note;
};
/** The day stored for a date that is not a real one: it sorts after every real day. */
export const INVALID_DAY = 2 ** 31 - 1;

export class ReportSeries implements Iterable<Report> {
  private constructor(
    private buffer: Buffer,
    private size: number,
  ) {}

  static empty(): ReportSeries {
    return new ReportSeries(new Buffer(INITIAL_CAPACITY), 0);
  }

  static of(reports: Iterable<Report>): ReportSeries {
    const series = ReportSeries.empty();
    for (const r of reports) series.push(r);
    return series;
  }

  get length(): number {
    return this.size;
  }

  /**
   * The business day of row `i`, in days since 1970-01-01. A date that is not a real calendar
   * date (which the decider never accepts) is kept as text and counts as after every real day.
   */
  dayAt(i: number): number {
    return this.buffer.day[i];
  }

  valueAt(i: number): number {
    return this.buffer.value[i];
  }

  /** When row `i` was recorded, in ms; NaN when unknown. */
  recordedAt(i: number): number {
    return this.buffer.recorded[i];
  }

  seqAt(i: number): number {
    return this.buffer.seq[i];
  }

  /** The report of row `i`, as an object (for the few a reader needs whole). */
  at(i: number): Report {
    if (i < 0 || i >= this.size) throw new RangeError(`No report ${i} in a series of ${this.size}`);
    const b = this.buffer;
    const recorded = b.recorded[i];
    const note = b.notes?.get(i);
    const report: Report = {
      value: b.value[i],
      on: b.day[i] === INVALID_DAY ? (b.rawOn?.get(i) ?? '') : dateOfDay(b.day[i]),
      recordedAt:
        recorded !== recorded
          ? (b.rawRecorded?.get(i) ?? null)
          : (b.rawRecorded?.get(i) ?? instantOfMs(recorded)),
      seq: b.seq[i],
    };
    return note === undefined ? report : { ...report, note };
  }

  latest(): Report | undefined {
    return this.size > 0 ? this.at(this.size - 1) : undefined;
  }

  *[Symbol.iterator](): Iterator<Report> {
    for (let i = 0; i < this.size; i++) yield this.at(i);
  }

  /** The values reported for one business day, in stream order (a scan of two columns). */
  valuesOn(date: CalendarDate): number[] {
    const day = dayOf(date);
    const values: number[] = [];
    const b = this.buffer;
    for (let i = 0; i < this.size; i++) if (b.day[i] === day) values.push(b.value[i]);
    return values;
  }

  some(predicate: (report: Report) => boolean): boolean {
    for (let i = 0; i < this.size; i++) if (predicate(this.at(i))) return true;
    return false;
  }

  filter(predicate: (report: Report) => boolean): Report[] {
    const kept: Report[] = [];
    for (let i = 0; i < this.size; i++) {
      const report = this.at(i);
      if (predicate(report)) kept.push(report);
    }
    return kept;
  }

  toArray(): Report[] {
    return [...this];
  }

  /** Serialised as the plain array of reports it stands for. */
  toJSON(): Report[] {
    return this.toArray();
  }

  /** A series with `report` added; this one is left as it is. Amortised O(1). */
  append(report: Report): ReportSeries {
    const next = new ReportSeries(this.buffer, this.size);
    next.push(report);
    return next;
  }

  /** A frozen view of the rows so far: later pushes on this series are not seen through it. */
  snapshot(): ReportSeries {
    return new ReportSeries(this.buffer, this.size);
  }

  /**
   * Moves the rows into a fresh region of their own size (plus `headroom` rows), giving back what
   * the doublings of a fold left unused: for a read model once it has caught up with the log,
   * compacting all its series together so that they fill new slabs. Other views keep the buffer
   * they had.
   */
  /** Rows this series could still take before its next growth (what a compaction gives back). */
  get slack(): number {
    return this.buffer.capacity - this.size;
  }

  compact(headroom = 8): void {
    // Every series moves, even one already tight: a series left in place would keep its whole
    // slab (shared with the regions the others left) alive.
    this.buffer = this.buffer.copy(this.size, this.size + headroom);
  }

  /**
   * For a snapshot: writes the rows into `into`'s columns from `offset` on (a snapshot packs
   * every series of a read model into one set of columns: a few large typed arrays serialise and
   * load some ten times faster than thousands of small ones), and returns the sparse columns.
   */
  copyColumns(into: PackedColumns, offset: number): SparseColumns {
    const b = this.buffer;
    const n = this.size;
    into.value.set(b.value.subarray(0, n), offset);
    into.recorded.set(b.recorded.subarray(0, n), offset);
    into.day.set(b.day.subarray(0, n), offset);
    into.seq.set(b.seq.subarray(0, n), offset);
    return {
      notes: below(b.notes, n),
      rawOn: below(b.rawOn, n),
      rawRecorded: below(b.rawRecorded, n),
    };
  }

  /**
   * A series holding rows `offset` to `offset + length` of `columns` (copied), with room for
   * `headroom` more (see compact); the sparse columns count from `offset`.
   */
  static fromColumns(
    columns: PackedColumns,
    offset: number,
    length: number,
    sparse: SparseColumns,
    headroom = 8,
  ): ReportSeries {
    const n = length;
    const end = offset + n;
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(n) ||
      offset < 0 ||
      n < 0 ||
      [columns.value, columns.recorded, columns.day, columns.seq].some((c) => c.length < end)
    )
      throw new RangeError(`No rows ${offset} to ${end} in these columns`);
    const b = new Buffer(Math.max(n + headroom, 1));
    b.value.set(columns.value.subarray(offset, end));
    b.recorded.set(columns.recorded.subarray(offset, end));
    b.day.set(columns.day.subarray(offset, end));
    b.seq.set(columns.seq.subarray(offset, end));
    b.used = n;
    if (sparse.notes && sparse.notes.size > 0) {
      // A deserialised snapshot holds one string per note: share them again.
      b.notes = new Map();
      for (const [i, note] of sparse.notes) b.notes.set(i, intern(note));
    }
    b.rawOn = sparse.rawOn && sparse.rawOn.size > 0 ? new Map(sparse.rawOn) : null;
    b.rawRecorded =
      sparse.rawRecorded && sparse.rawRecorded.size > 0 ? new Map(sparse.rawRecorded) : null;
    return new ReportSeries(b, n);
  }

  /** Adds `report` to this series, in place. Amortised O(1). */
  push(report: Report): void {
    this.pushFields(report.value, report.on, report.recordedAt, report.seq, report.note);
  }

  /** `push`, field by field (the fold's hot path: no object per report). */
  pushFields(
    value: number,
    on: CalendarDate,
    recordedAt: Instant | null,
    seq: number,
    note: string | undefined,
  ): void {
    let b = this.buffer;
    const i = this.size;
    if (b.used !== i || i === b.capacity) {
      // Another view wrote past our end (a branch), or we are full: copy our rows.
      b = b.copy(i, i === b.capacity ? Math.max(INITIAL_CAPACITY, i * 2) : b.capacity);
      this.buffer = b;
    }
    const day = dayOf(on);
    b.value[i] = value;
    b.day[i] = day === day ? day : INVALID_DAY;
    if (day !== day) b.rawOn = setSparse(b.rawOn, i, on);
    if (recordedAt === null) b.recorded[i] = NaN;
    else {
      const ms = canonicalInstantMs(recordedAt);
      if (ms === ms) b.recorded[i] = ms;
      else {
        b.recorded[i] = Date.parse(recordedAt);
        b.rawRecorded = setSparse(b.rawRecorded, i, recordedAt);
      }
    }
    b.seq[i] = seq;
    if (note !== undefined) b.notes = setSparse(b.notes, i, intern(note));
    b.used = i + 1;
    this.size = i + 1;
  }
}

/**
 * Report rows as plain data, for a read-model snapshot (`v8.serialize` keeps typed arrays and
 * maps, not classes): the four columns, each series a range of them...
 */
export interface PackedColumns {
  readonly value: Float64Array;
  readonly recorded: Float64Array;
  readonly day: Int32Array;
  readonly seq: Int32Array;
}

/** ...and a series' sparse columns, keyed by row within the series. */
export interface SparseColumns {
  readonly notes: ReadonlyMap<number, string> | null;
  readonly rawOn: ReadonlyMap<number, string> | null;
  readonly rawRecorded: ReadonlyMap<number, string> | null;
}

/** Columns for `rows` rows. */
export const packedColumns = (rows: number): PackedColumns => ({
  value: new Float64Array(rows),
  recorded: new Float64Array(rows),
  day: new Int32Array(rows),
  seq: new Int32Array(rows),
});
