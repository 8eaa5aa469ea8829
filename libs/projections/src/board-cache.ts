import { msOf, parisDateOf, type Moment, type RuleSet } from '@cosinum/domain';
import { statusBoard, type Board, type BoardFilter } from './board.queries';
import type { CommitmentsReadModel } from './commitments.read-model';

interface Entry {
  readonly position: number;
  readonly board: Board;
}

/** Bounds: a full board at a million events is ~6,000 items (a few MB of JSON). */
const MAX_ENTRIES = 32;
const MAX_ITEMS = 40_000;

/**
 * Boards already evaluated, for the requests that ask the same question again (every analyst's
 * dashboard, every ministry's own board, polled): a board depends on the log (the read model's
 * position), on the Paris day of `asOf`, on what `knownAt` lets through — nothing more once it is
 * past the latest recording — and on the rules and the filter. The key is exactly that, so a
 * cached board is the board that would be evaluated; anything folded since changes the position,
 * hence the key, and the entries of older positions are dropped.
 */
export class BoardCache {
  private readonly entries = new Map<string, Entry>();
  private items = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly model: CommitmentsReadModel) {}

  get stats(): { entries: number; items: number; hits: number; misses: number } {
    return { entries: this.entries.size, items: this.items, hits: this.hits, misses: this.misses };
  }

  board(moment: Moment, rules: RuleSet, filter: BoardFilter = {}): Board {
    const entry = this.entry(moment, rules, filter);
    return entry.board.asOf === moment.asOf && entry.board.knownAt === moment.knownAt
      ? entry.board
      : { ...entry.board, asOf: moment.asOf, knownAt: moment.knownAt };
  }

  private entry(moment: Moment, rules: RuleSet, filter: BoardFilter): Entry {
    const position = this.model.position;
    const knownAtMs = msOf(moment.knownAt);
    const known = knownAtMs >= this.model.lastRecordedMs ? 'latest' : String(knownAtMs);
    const key = [
      position,
      parisDateOf(moment.asOf),
      known,
      rules.id,
      rules.warningDays,
      rules.staleDelayDays,
      rules.trajectory,
      rules.milestones,
      filter.ministry ?? '',
      filter.commitmentId ?? '',
      [...(filter.states ?? [])].sort().join(','),
    ].join('|');
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      this.entries.delete(key); // most recently used last
      this.entries.set(key, found);
      return found;
    }
    this.misses++;
    const board = statusBoard(this.model, moment, rules, filter);
    // Shared by every caller from now on: an in-place sort or push would change everyone's board.
    Object.freeze(board.items);
    const entry: Entry = { position, board };
    for (const [k, e] of this.entries) if (e.position !== position) this.drop(k, e);
    this.entries.set(key, entry);
    this.items += entry.board.items.length;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.items <= MAX_ITEMS) break;
      if (e !== entry) this.drop(k, e);
    }
    return entry;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.items -= entry.board.items.length;
  }
}
