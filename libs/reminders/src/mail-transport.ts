import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { AppConfig } from '@cosinum/config';

export interface OutgoingMail {
  readonly from: string;
  readonly replyTo?: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<reminder-MI-2021-W12@domain>`: the same on every attempt, for receivers to de-duplicate. */
  readonly messageId: string;
  /** The `Date:` header: the claim's instant, so that every attempt is the same message. */
  readonly date: string;
  /** A name for the message that is unique per (ministry, week): the outbox file name. */
  readonly key: string;
}

export interface MailReceipt {
  readonly transport: 'smtp' | 'outbox';
  /** The SMTP server's reply, or the path of the file written. */
  readonly response: string;
  /** Recipients the server refused (RCPT TO answered 4xx/5xx) while it took the message. */
  readonly refused: readonly string[];
}

const addressesOf = (list: unknown): string[] =>
  Array.isArray(list)
    ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address)))
    : [];

export interface MailTransport {
  send(mail: OutgoingMail): Promise<MailReceipt>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

const messageOf = (mail: OutgoingMail) => ({
  from: mail.from,
  replyTo: mail.replyTo,
  to: [...mail.to],
  subject: mail.subject,
  text: mail.text,
  html: mail.html,
  messageId: mail.messageId,
  date: new Date(mail.date),
  headers: {
    // RFC 3834: tells auto-responders (out-of-office) not to answer.
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
    'Content-Language': 'fr',
  },
});

/**
 * nodemailer's transporter, made on the first mail (nodemailer is loaded then, not when a server
 * starts) and kept for the next ones; `close()` closes it if there is one.
 */
class LazyTransporter {
  private made?: Promise<Transporter>;
  private closed = false;

  constructor(private readonly make: (nodemailer: typeof import('nodemailer')) => Transporter) {}

  get(): Promise<Transporter> {
    this.made ??= import('nodemailer').then((nodemailer) => {
      const transporter = this.make(nodemailer);
      if (this.closed) transporter.close();
      return transporter;
    });
    return this.made;
  }

  close(): void {
    this.closed = true;
    void this.made?.then((transporter) => transporter.close());
  }
}

/** SMTP through nodemailer: STARTTLS whenever the server offers it, unless `secure` (TLS). */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: LazyTransporter;

  constructor(smtp: NonNullable<AppConfig['smtp']>) {
    this.transporter = new LazyTransporter(({ createTransport }) =>
      createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
        connectionTimeout: smtp.timeoutMs,
        greetingTimeout: smtp.timeoutMs,
        socketTimeout: smtp.timeoutMs,
      }),
    );
  }

  async send(mail: OutgoingMail): Promise<MailReceipt> {
    const info = await (await this.transporter.get()).sendMail(messageOf(mail));
    // nodemailer takes the message while at least one recipient is accepted; the others are in
    // `rejected`: they did not get it, and the stream must say so.
    return {
      transport: 'smtp',
      response: String(info.response ?? ''),
      refused: addressesOf(info.rejected),
    };
  }

  close(): void {
    this.transporter.close();
  }
}

/**
 * The embedded default: each message becomes `<outbox>/<key>.eml`, written whole then renamed, so
 * that a file in the outbox is always complete. A re-send replaces the file: one file per digest.
 */
export class OutboxMailTransport implements MailTransport {
  private readonly transporter = new LazyTransporter(({ createTransport }) =>
    createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
  );

  constructor(private readonly dir: string) {}

  async send(mail: OutgoingMail): Promise<MailReceipt> {
    const info = await (await this.transporter.get()).sendMail(messageOf(mail));
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${mail.key}.eml`);
    const partial = `${path}.partial`;
    await writeFile(partial, info.message as Buffer);
    await rename(partial, path);
    return { transport: 'outbox', response: path, refused: [] };
  }

  close(): void {
    this.transporter.close();
  }
}

export const createMailTransport = (config: AppConfig): MailTransport =>
  config.smtp
    ? new SmtpMailTransport(config.smtp)
    : new OutboxMailTransport(config.reminders.outboxDir);
