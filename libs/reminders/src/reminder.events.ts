import type { Instant } from '@cosinum/domain';
import type { IsoWeek } from './iso-week';

/**
 * One stream per (ministry, ISO week): `reminder-MI-2021-W12`. Its first event is the claim,
 * appended with `no_stream`, which is what makes a digest go out once however many runners try.
 */
export const reminderStream = (ministry: string, week: IsoWeek): string =>
  `reminder-${ministry}-${week}`;

/** Deterministic, so that a digest sent again after a crash carries the same Message-ID. */
export const messageIdFor = (streamName: string, domain: string): string =>
  `<${streamName}@${domain}>`;

export interface ReminderClaimedData {
  readonly ministry: string;
  readonly isoWeek: IsoWeek;
  readonly messageId: string;
  /** 1 for the first claim; a retry or a take-over claims again with the next attempt number. */
  readonly attempt: number;
  /** The board the digest is built from: every attempt renders the same content. */
  readonly asOf: Instant;
  readonly recipients: readonly string[];
  /**
   * The latest signed checkpoint of the log when the digest was first claimed: printed in it, so
   * that every ministry keeps a copy of the log's head that the store's owner cannot rewrite.
   * Absent in claims recorded before it was kept, or when nothing was signed yet.
   */
  readonly logHead?: LogHead;
  readonly runId: string;
}

/** A signed log head, as the digest prints it (see `cosinum audit verify --witness`). */
export interface LogHead {
  readonly eventCount: number;
  readonly globalHash: string;
  readonly signedAt: Instant;
  readonly keyId: string;
  readonly signature: string;
}

export interface ReminderSentData {
  readonly ministry: string;
  readonly isoWeek: IsoWeek;
  readonly messageId: string;
  readonly attempt: number;
  readonly recipients: readonly string[];
  readonly subject: string;
  /** `smtp`: the server's reply; `outbox`: the path of the .eml file written. */
  readonly transport: 'smtp' | 'outbox';
  readonly response: string;
  /**
   * Of `recipients`, those the mail server refused (SMTP: rejected at RCPT TO): the digest did not
   * reach them. Absent in events recorded before it was kept (then: none known).
   */
  readonly refused?: readonly string[];
  /** SHA-256 (hex) of the rendered content: subject, text and HTML (see contentSha256). */
  readonly sha256: string;
  readonly commitmentIds: readonly string[];
  readonly runId: string;
}

export interface ReminderFailedData {
  readonly ministry: string;
  readonly isoWeek: IsoWeek;
  readonly messageId: string;
  readonly attempt: number;
  readonly error: string;
  /** The SMTP reply code, when the server answered. */
  readonly responseCode?: number;
  /**
   * The server refused for good (SMTP 5xx: unknown mailbox, policy): trying again would fail the
   * same way, so no runner does. Absent in events recorded before it was kept.
   */
  readonly permanent?: boolean;
  /**
   * No attempt before this instant (the backoff), whichever runner reads the stream, and after a
   * restart. Absent when no attempt follows (permanent, or the attempts are spent).
   */
  readonly retryAt?: Instant;
  readonly runId: string;
}

export type ReminderEvent =
  | { readonly type: 'ReminderClaimed'; readonly data: ReminderClaimedData }
  | { readonly type: 'ReminderSent'; readonly data: ReminderSentData }
  | { readonly type: 'ReminderFailed'; readonly data: ReminderFailedData };

export const REMINDER_EVENT_TYPES: readonly ReminderEvent['type'][] = [
  'ReminderClaimed',
  'ReminderSent',
  'ReminderFailed',
];
