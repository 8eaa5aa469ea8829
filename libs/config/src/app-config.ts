import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { validateCronExpression } from 'cron';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** Five or six space-separated fields; the cron library then checks each field's values. */
const CRON_SHAPE = /^\S+( \S+){4,5}$/;
/** `address@domain` or `Display Name <address@domain>`. */
const MAILBOX = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * Every setting comes from an environment variable, validated at start-up. Each is listed, with
 * its default, in the README's "Configuration" table: keep both in step.
 */
export class EnvironmentVariables {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Days before a deadline from which an unmet item is at risk. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  WARNING_DAYS = 30;

  /**
   * Days after a reporting period ends before its value is due, for a commitment whose cadence
   * names no delay. With WARNING_DAYS, TRAJECTORY_RULE and MILESTONE_RULE: the first rule set of
   * an empty store only; later rule sets are decisions (`POST /api/status-rules`).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(366)
  STALE_DELAY_DAYS = 15;

  /** Replaced by per-commitment cadences and STALE_DELAY_DAYS: refused with a message. */
  @IsOptional()
  @IsString()
  STALE_DAYS?: string;

  /** Whether an unmet item whose trend misses the deadline is at risk (`true` or `false`). */
  @IsIn(['true', 'false'])
  TRAJECTORY_RULE = 'true';

  /** Whether an unmet item whose latest past milestone was missed is at risk. */
  @IsIn(['true', 'false'])
  MILESTONE_RULE = 'true';

  /** Attempts at a command whose stream moved under it before answering 409. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  CONFLICT_RETRIES = 20;

  /** Largest request body accepted, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT = 1024 * 1024;

  /** How often the server looks for events written by another process (the CLI), in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60000)
  POLL_INTERVAL_MS = 250;

  @IsOptional()
  @IsString()
  SQLITE_FILE?: string;

  /** EventStoreDB (KurrentDB) connection string: selects the clustered store instead of SQLite. */
  @IsOptional()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\/\S+$/, {
    message:
      'EVENTSTORE_URL must be an EventStoreDB connection string such as esdb://node1:2113,node2:2113?tls=true',
  })
  EVENTSTORE_URL?: string;

  /** Ed25519 private key (PKCS#8 PEM file) that signs the log checkpoints; created if missing. */
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY_FILE?: string;

  /**
   * PEM file of the public keys that signed the log before the current one (after a key
   * rotation), one after the other: verification trusts them too, for the checkpoints they signed.
   */
  @IsOptional()
  @IsString()
  AUDIT_PREVIOUS_KEYS_FILE?: string;

  /** How often a signed checkpoint of the log head is written, in ms (0: never). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  AUDIT_CHECKPOINT_INTERVAL_MS = 60_000;

  /**
   * API keys: comma-separated `name:role[:MINISTRY[:follow]]:sha256hex` (see README, "Access"):
   * `follow` lets a ministry key act for the ministry its own was merged into.
   */
  @IsOptional()
  @Matches(
    /^[\w.@-]+:(analyst|auditor|ministry:[A-Z][A-Z0-9_]*(:follow)?):[0-9a-f]{64}(,\s*[\w.@-]+:(analyst|auditor|ministry:[A-Z][A-Z0-9_]*(:follow)?):[0-9a-f]{64})*$/,
    {
      message:
        'API_KEYS must be comma-separated name:role[:MINISTRY[:follow]]:sha256hex entries (npx cosinum api-key new)',
    },
  )
  API_KEYS?: string;

  /** OIDC issuer (ProConnect) whose bearer tokens are accepted; its JWKS comes from discovery. */
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'OIDC_ISSUER must be an http(s) URL' },
  )
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_AUDIENCE?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'OIDC_JWKS_URL must be an http(s) URL' },
  )
  OIDC_JWKS_URL?: string;

  /** The dashboard's client at the issuer: with it, browsers sign in with the code flow. */
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:@-]{1,200}$/, { message: 'OIDC_CLIENT_ID must be 1 to 200 of [A-Za-z0-9_.:@-]' })
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'OIDC_CLIENT_SECRET must be at least 8 characters' })
  OIDC_CLIENT_SECRET?: string;

  /** Scopes asked at sign-in (space-separated; `openid` is always included). */
  @IsString()
  @Matches(/^[\w.:-]+( [\w.:-]+)*$/, { message: 'OIDC_SCOPES must be space-separated scope names' })
  OIDC_SCOPES = 'openid email';

  @IsString()
  @Matches(/^[\w.:-]{1,100}$/)
  OIDC_ROLE_CLAIM = 'cosinum_role';

  @IsString()
  @Matches(/^[\w.:-]{1,100}$/)
  OIDC_MINISTRY_CLAIM = 'cosinum_ministry';

  /** Requests per minute and client address before 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 600;

  /** `if-empty`: load the COSINUM catalogue when the store has no event; `never`: start empty. */
  @IsIn(['if-empty', 'never'])
  LOAD_CATALOGUE = 'if-empty';

  /** The catalogue loaded on an empty store (default: the repository's data/catalogue file). */
  @IsOptional()
  @IsString()
  CATALOGUE_FILE?: string;

  /**
   * The Chromium (or Chrome) that prints the meeting pack to PDF; `none`: no PDF (the route
   * answers 503). Unset: the usual Debian and Chrome paths are tried.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  CHROMIUM_PATH?: string;

  /**
   * Where snapshots of the read models are kept, so that a start folds only the log written
   * after the last one (see README, "Snapshots"); `none`: never (every start folds the whole
   * log). Unset: `$DATA_DIR/snapshots`.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  SNAPSHOT_DIR?: string;

  /**
   * How often a snapshot of the read models is taken while the process runs, in seconds, when
   * the log has grown since the last one (0: only at shutdown). One is also taken at shutdown.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  SNAPSHOT_INTERVAL_SECONDS = 600;

  /** `false`: this process never runs reminders on its own (another one, the worker, does). */
  @IsIn(['true', 'false'])
  SCHEDULER_ENABLED = 'true';

  /** When the weekly reminder run starts, as a cron expression read in Europe/Paris time. */
  @Matches(CRON_SHAPE, { message: 'REMINDER_CRON must be a cron expression such as "0 9 * * 1"' })
  REMINDER_CRON = '0 9 * * 1';

  /** `true`: a ministry with nothing overdue, at risk or due soon still gets its digest. */
  @IsIn(['true', 'false'])
  REMINDER_SEND_EMPTY = 'false';

  /** Sender of the reminders: an address, optionally with a display name. */
  @Matches(MAILBOX, {
    message:
      'REMINDER_FROM must be an address such as "Suivi COSINUM <ne-pas-repondre@example.fr>"',
  })
  REMINDER_FROM = 'Suivi COSINUM <ne-pas-repondre@cosinum.numerique.gouv.fr>';

  @IsOptional()
  @IsEmail({}, { message: 'REMINDER_REPLY_TO must be an email address' })
  REMINDER_REPLY_TO?: string;

  /** Attempts at sending one ministry's digest of one week before giving up. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  REMINDER_MAX_ATTEMPTS = 5;

  /** Delay before the first retry of a failed digest, in ms; doubled at each further failure. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86_400_000)
  REMINDER_RETRY_BASE_MS = 300_000;

  /** A claimed digest with no outcome after this long (ms) is taken over by another run. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  REMINDER_LEASE_MS = 600_000;

  /** Base address of the dashboard: links in the reminders, and the sign-in redirect URI. */
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'PUBLIC_URL must be an http(s) URL such as https://cosinum.example.fr' },
  )
  @MaxLength(500)
  PUBLIC_URL = 'http://127.0.0.1:3000';

  /** SMTP relay; unset: reminders are written as .eml files under $DATA_DIR/outbox/. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  SMTP_HOST?: string;

  /** Default 465 with SMTP_SECURE=true, 587 otherwise. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT?: number;

  /** `true`: TLS from the first byte (port 465); `false`: STARTTLS when the server offers it. */
  @IsIn(['true', 'false'])
  SMTP_SECURE = 'false';

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  /** Connection, greeting and socket timeouts of the SMTP client, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SMTP_TIMEOUT_MS = 30_000;
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly sqliteFile: string;
  /** Set: the events live in EventStoreDB; unset: in the SQLite file. */
  readonly eventStoreUrl?: string;
  readonly logLevel: string;
  readonly warningDays: number;
  readonly staleDelayDays: number;
  readonly trajectoryRule: boolean;
  readonly milestoneRule: boolean;
  readonly conflictRetries: number;
  readonly bodyLimit: number;
  readonly pollIntervalMs: number;
  readonly loadCatalogue: 'if-empty' | 'never';
  readonly auditSigningKeyFile: string;
  /** Public keys that signed the log before the current key (rotation); none when unset. */
  readonly auditPreviousKeysFile?: string;
  readonly auth: {
    readonly apiKeys: string;
    readonly oidcIssuer?: string;
    readonly oidcAudience?: string;
    readonly oidcJwksUrl?: string;
    readonly oidcRoleClaim: string;
    readonly oidcMinistryClaim: string;
    /** Set: the dashboard signs browsers in with the authorization-code flow. */
    readonly oidcClient?: {
      readonly clientId: string;
      readonly clientSecret?: string;
      readonly scopes: readonly string[];
      readonly redirectUri: string;
    };
  };
  readonly rateLimitPerMinute: number;
  readonly auditCheckpointIntervalMs: number;
  readonly catalogueFile?: string;
  /** Snapshots of the read models, or null when turned off (`SNAPSHOT_DIR=none`). */
  readonly snapshots: { readonly dir: string; readonly intervalMs: number } | null;
  /** The browser that prints PDFs, or null when there is none (`CHROMIUM_PATH=none`, or none found). */
  readonly pdfBrowser: string | null;
  /** Whether this process runs the weekly reminders on its own (cron and start-up catch-up). */
  readonly schedulerEnabled: boolean;
  readonly reminders: ReminderConfig;
  /** Absent: reminders are written as .eml files under `$DATA_DIR/outbox/`. */
  readonly smtp?: SmtpConfig;
}

export interface ReminderConfig {
  readonly cron: string;
  readonly sendEmpty: boolean;
  readonly from: string;
  readonly replyTo?: string;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly leaseMs: number;
  /** Without a trailing slash. */
  readonly publicUrl: string;
  readonly outboxDir: string;
}

export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly user?: string;
  readonly password?: string;
  readonly timeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Every variable the class declares, optional ones included: read from its validation rules. */
export const ENVIRONMENT_VARIABLES = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((m) => m.propertyName),
  ),
];

/** What a decorator cannot say: the cron fields' values, and settings that go in pairs. */
const crossChecks = (vars: EnvironmentVariables): string[] => {
  const problems: string[] = [];
  const cron = validateCronExpression(vars.REMINDER_CRON);
  if (!cron.valid) {
    problems.push(
      `REMINDER_CRON=${JSON.stringify(vars.REMINDER_CRON)}: not a valid cron expression (${String(cron.error?.message ?? cron.error)})`,
    );
  }
  if ((vars.SMTP_USER === undefined) !== (vars.SMTP_PASSWORD === undefined)) {
    problems.push('SMTP_USER and SMTP_PASSWORD: set both, or neither');
  }
  if (vars.SMTP_USER !== undefined && vars.SMTP_HOST === undefined) {
    problems.push('SMTP_USER: needs SMTP_HOST');
  }
  return problems;
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
const isInside = (file: string, dir: string): boolean => {
  const path = relative(dir, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
};

/**
 * Beyond this machine, the key that signs the log's checkpoints may not sit beside the log: whoever
 * can rewrite the log could then re-sign every checkpoint. On loopback (a laptop, the tests) the
 * embedded default keeps creating it in DATA_DIR.
 */
const signingKeyProblems = (vars: EnvironmentVariables): string[] => {
  if (LOOPBACK_HOSTS.has(vars.HOST)) return [];
  if (!vars.AUDIT_SIGNING_KEY_FILE)
    return [
      `AUDIT_SIGNING_KEY_FILE is required when HOST=${vars.HOST} (not loopback): the key that signs the log must live outside DATA_DIR, e.g. a mounted secret`,
    ];
  const key = resolve(vars.AUDIT_SIGNING_KEY_FILE);
  const homes = [
    resolve(vars.DATA_DIR),
    ...(vars.SQLITE_FILE ? [dirname(resolve(vars.SQLITE_FILE))] : []),
  ];
  const home = homes.find((dir) => isInside(key, dir));
  return home
    ? [
        `AUDIT_SIGNING_KEY_FILE=${JSON.stringify(vars.AUDIT_SIGNING_KEY_FILE)}: must be outside ${home} (the directory of the log) when HOST=${vars.HOST} is not loopback`,
      ]
    : [];
};

/** Where Debian, Ubuntu and Google install the browser that prints the meeting pack. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

/**
 * The browser given (it must exist), none (`none`), or the first installed at a usual place: a
 * server without one still starts, and its PDF route says what to install.
 */
const chromiumPath = (given: string | undefined, problems: string[]): string | null => {
  if (given === 'none') return null;
  if (given === undefined) return CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
  const path = resolve(given);
  if (!existsSync(path))
    problems.push(
      `CHROMIUM_PATH=${JSON.stringify(given)}: no such file. Install Chromium (Debian: apt-get install chromium) and give its path, or set CHROMIUM_PATH=none to run without the PDF meeting pack`,
    );
  return path;
};

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const raw: Record<string, string> = {};
  for (const key of ENVIRONMENT_VARIABLES) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(vars, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => {
        const why = Object.values(e.constraints ?? {}).join('; ');
        return `${e.property}=${JSON.stringify(raw[e.property])}: ${why}`;
      }),
    );
  }
  const crossProblems = crossChecks(vars);
  if (vars.OIDC_ISSUER && !vars.OIDC_AUDIENCE) {
    crossProblems.push(
      'OIDC_AUDIENCE is required with OIDC_ISSUER: the client id tokens must be issued for',
    );
  }
  if (vars.OIDC_CLIENT_ID && !vars.OIDC_ISSUER) {
    crossProblems.push('OIDC_CLIENT_ID needs OIDC_ISSUER: the issuer browsers sign in with');
  }

  if (vars.STALE_DAYS !== undefined)
    crossProblems.push(
      `STALE_DAYS=${JSON.stringify(vars.STALE_DAYS)}: no longer read. Staleness now follows each commitment's reporting cadence; set STALE_DELAY_DAYS (days after a period ends before its value is due) for the first rule set, and adopt later ones with POST /api/status-rules`,
    );
  crossProblems.push(...signingKeyProblems(vars));
  const pdfBrowser = chromiumPath(vars.CHROMIUM_PATH, crossProblems);
  if (crossProblems.length > 0) throw new ConfigError(crossProblems);
  const dataDir = resolve(vars.DATA_DIR);
  return {
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    sqliteFile: vars.SQLITE_FILE ? resolve(vars.SQLITE_FILE) : resolve(dataDir, 'events.sqlite'),
    eventStoreUrl: vars.EVENTSTORE_URL,
    logLevel: vars.LOG_LEVEL,
    warningDays: vars.WARNING_DAYS,
    staleDelayDays: vars.STALE_DELAY_DAYS,
    trajectoryRule: vars.TRAJECTORY_RULE === 'true',
    milestoneRule: vars.MILESTONE_RULE === 'true',
    conflictRetries: vars.CONFLICT_RETRIES,
    bodyLimit: vars.BODY_LIMIT,
    pollIntervalMs: vars.POLL_INTERVAL_MS,
    loadCatalogue: vars.LOAD_CATALOGUE as 'if-empty' | 'never',
    auditSigningKeyFile: vars.AUDIT_SIGNING_KEY_FILE
      ? resolve(vars.AUDIT_SIGNING_KEY_FILE)
      : resolve(dataDir, 'audit-signing-key.pem'),
    ...(vars.AUDIT_PREVIOUS_KEYS_FILE && {
      auditPreviousKeysFile: resolve(vars.AUDIT_PREVIOUS_KEYS_FILE),
    }),
    auditCheckpointIntervalMs: vars.AUDIT_CHECKPOINT_INTERVAL_MS,
    snapshots:
      vars.SNAPSHOT_DIR === 'none'
        ? null
        : {
            dir: resolve(vars.SNAPSHOT_DIR ?? resolve(dataDir, 'snapshots')),
            intervalMs: vars.SNAPSHOT_INTERVAL_SECONDS * 1000,
          },
    auth: {
      apiKeys: vars.API_KEYS ?? '',
      oidcIssuer: vars.OIDC_ISSUER,
      oidcAudience: vars.OIDC_AUDIENCE,
      oidcJwksUrl: vars.OIDC_JWKS_URL,
      oidcRoleClaim: vars.OIDC_ROLE_CLAIM,
      oidcMinistryClaim: vars.OIDC_MINISTRY_CLAIM,
      oidcClient: vars.OIDC_CLIENT_ID
        ? {
            clientId: vars.OIDC_CLIENT_ID,
            clientSecret: vars.OIDC_CLIENT_SECRET,
            scopes: [...new Set(['openid', ...vars.OIDC_SCOPES.split(' ')])],
            redirectUri: `${vars.PUBLIC_URL.replace(/\/+$/, '')}/connexion/oidc/retour`,
          }
        : undefined,
    },
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
    catalogueFile: vars.CATALOGUE_FILE ? resolve(vars.CATALOGUE_FILE) : undefined,
    pdfBrowser,
    schedulerEnabled: vars.SCHEDULER_ENABLED === 'true',
    reminders: {
      cron: vars.REMINDER_CRON,
      sendEmpty: vars.REMINDER_SEND_EMPTY === 'true',
      from: vars.REMINDER_FROM,
      replyTo: vars.REMINDER_REPLY_TO,
      maxAttempts: vars.REMINDER_MAX_ATTEMPTS,
      retryBaseMs: vars.REMINDER_RETRY_BASE_MS,
      leaseMs: vars.REMINDER_LEASE_MS,
      publicUrl: vars.PUBLIC_URL.replace(/\/+$/, ''),
      outboxDir: resolve(dataDir, 'outbox'),
    },
    smtp: vars.SMTP_HOST
      ? {
          host: vars.SMTP_HOST,
          port: vars.SMTP_PORT ?? (vars.SMTP_SECURE === 'true' ? 465 : 587),
          secure: vars.SMTP_SECURE === 'true',
          user: vars.SMTP_USER,
          password: vars.SMTP_PASSWORD,
          timeoutMs: vars.SMTP_TIMEOUT_MS,
        }
      : undefined,
  };
};

/** For a program's entry point: the configuration, or a message naming every bad variable and exit 1. */
export const loadConfigOrExit = (
  program: string,
  env: NodeJS.ProcessEnv = process.env,
): AppConfig => {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `${program}: ${error.message}\nSee the "Configuration" section of README.md.\n`,
      );
      process.exit(1);
    }
    throw error;
  }
};
