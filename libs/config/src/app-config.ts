import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { resolve } from 'node:path';

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

  /** An unmet item with no new value for longer than this many days is at risk (0: rule off). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  STALE_DAYS = 30;

  /** Whether an unmet item whose trend misses the deadline is at risk (`true` or `false`). */
  @IsIn(['true', 'false'])
  TRAJECTORY_RULE = 'true';

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

  /** Ed25519 private key (PKCS#8 PEM file) that signs the log checkpoints; created if missing. */
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY_FILE?: string;

  /** How often a signed checkpoint of the log head is written, in ms (0: never). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  AUDIT_CHECKPOINT_INTERVAL_MS = 60_000;

  /** `if-empty`: load the COSINUM catalogue when the store has no event; `never`: start empty. */
  @IsIn(['if-empty', 'never'])
  LOAD_CATALOGUE = 'if-empty';

  /** The catalogue loaded on an empty store (default: the repository's data/catalogue file). */
  @IsOptional()
  @IsString()
  CATALOGUE_FILE?: string;
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly sqliteFile: string;
  readonly logLevel: string;
  readonly warningDays: number;
  readonly staleDays: number;
  readonly trajectoryRule: boolean;
  readonly conflictRetries: number;
  readonly bodyLimit: number;
  readonly pollIntervalMs: number;
  readonly loadCatalogue: 'if-empty' | 'never';
  readonly auditSigningKeyFile: string;
  readonly auditCheckpointIntervalMs: number;
  readonly catalogueFile?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KNOWN = Object.keys(new EnvironmentVariables()).concat(
  'SQLITE_FILE',
  'CATALOGUE_FILE',
  'AUDIT_SIGNING_KEY_FILE',
);

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const raw: Record<string, string> = {};
  for (const key of KNOWN) {
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
  const dataDir = resolve(vars.DATA_DIR);
  return {
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    sqliteFile: vars.SQLITE_FILE ? resolve(vars.SQLITE_FILE) : resolve(dataDir, 'events.sqlite'),
    logLevel: vars.LOG_LEVEL,
    warningDays: vars.WARNING_DAYS,
    staleDays: vars.STALE_DAYS,
    trajectoryRule: vars.TRAJECTORY_RULE === 'true',
    conflictRetries: vars.CONFLICT_RETRIES,
    bodyLimit: vars.BODY_LIMIT,
    pollIntervalMs: vars.POLL_INTERVAL_MS,
    loadCatalogue: vars.LOAD_CATALOGUE as 'if-empty' | 'never',
    auditSigningKeyFile: vars.AUDIT_SIGNING_KEY_FILE
      ? resolve(vars.AUDIT_SIGNING_KEY_FILE)
      : resolve(dataDir, 'audit-signing-key.pem'),
    auditCheckpointIntervalMs: vars.AUDIT_CHECKPOINT_INTERVAL_MS,
    catalogueFile: vars.CATALOGUE_FILE ? resolve(vars.CATALOGUE_FILE) : undefined,
  };
};
