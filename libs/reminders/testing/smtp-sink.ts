import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { REMINDER_RULES_ENV } from './seed';

export interface ReceivedMail {
  readonly envelopeTo: string[];
  readonly parsed: ParsedMail;
}

export interface SmtpSink {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Refuse the next `n` messages at the end of DATA with a temporary 451 (or `code`). */
  refuseNext(n: number, code?: number): void;
  /** Answer `550 5.1.1 mailbox unknown` at RCPT TO for these addresses (as a real server does). */
  unknownMailboxes(addresses: readonly string[]): void;
  /** Resolves once `count` messages have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that parses what it receives (tests only). */
export const startSmtpSink = async (port = 0): Promise<SmtpSink> => {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let refusalCode = 451;
  let unknown = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    // No certificate here: the client would otherwise upgrade with STARTTLS and refuse ours.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (unknown.has(address.address.toLowerCase())) {
        callback(Object.assign(new Error('5.1.1 mailbox unknown'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusals > 0) {
          refusals--;
          callback(
            Object.assign(
              new Error(refusalCode >= 500 ? 'Message refused by policy' : 'Try again later'),
              { responseCode: refusalCode },
            ),
          );
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            received.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              parsed,
            });
            callback(null, 'Queued for delivery');
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  server.listen(port, '127.0.0.1');
  await once(server.server, 'listening');
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    received,
    refuseNext: (n, code = 451) => {
      refusals = n;
      refusalCode = code;
    },
    unknownMailboxes: (addresses) => {
      unknown = new Set(addresses.map((a) => a.toLowerCase()));
    },
    waitFor: async (count, timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > until) {
          throw new Error(`Expected ${count} messages, got ${received.length}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** A port on 127.0.0.1 where nothing listens (for "SMTP is down"). */
export const closedPort = async (): Promise<number> => {
  const { createServer } = await import('node:net');
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
};

/**
 * The configuration of an app sending through the sink on `port`: the seed's status rules, short
 * SMTP timeouts, and no automatic retry unless a test asks for one (`extra`).
 */
export const smtpEnv = (port: number, extra: Record<string, string> = {}) => ({
  ...REMINDER_RULES_ENV,
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(port),
  SMTP_TIMEOUT_MS: '2000',
  REMINDER_RETRY_BASE_MS: '600000',
  ...extra,
});
