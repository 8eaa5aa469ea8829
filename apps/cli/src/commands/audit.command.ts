import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { KeyObject } from 'node:crypto';
import {
  loadPreviousKeys,
  publicKeysFromPem,
  reconcileWitness,
  trustedKeys,
  verifyLog,
  type CheckpointData,
} from '@cosinum/integrity';
import { loadConfig } from '@cosinum/config';
import { CliError } from '../cli-error';
import { Progress } from '../progress';
import { existingSigningKey, openStore, signHead, signingKey } from '../store';
import {
  WITNESS_CHECKPOINTS_FILE,
  appendToWitness,
  fetchCheckpoints,
  isUrl,
  readWitnessDir,
} from '../witness';

const API_KEY_HELP =
  'API key of an auditor (or analyst) of the server (default: COSINUM_API_KEY, which keeps it out of the process list)';

/** The checkpoints a witness holds: from its directory, or fetched from a server's URL. */
const witnessed = async (
  source: string,
  apiKey: string | undefined,
): Promise<readonly CheckpointData[]> => {
  if (isUrl(source)) return (await fetchCheckpoints(source, apiKey)).checkpoints;
  const { held } = readWitnessDir(source);
  if (held.length === 0)
    throw new CliError(
      `no witnessed checkpoints in ${source} (${WITNESS_CHECKPOINTS_FILE}): run \`cosinum audit witness --to ${source}\` first`,
    );
  return held;
};

const readKeys = (file: string): KeyObject[] => {
  try {
    return publicKeysFromPem(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CliError(`--public-key ${file}: ${(error as Error).message}`);
  }
};

const previousKeys = (file: string | undefined): KeyObject[] => {
  try {
    return loadPreviousKeys(file);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
};

const verify = (): Command =>
  new Command('verify')
    .description(
      'Check the whole log: every event hash and stream chain, every signed checkpoint (deleted, inserted, reordered or edited events); with --witness, also against the checkpoints a witness holds (truncation, rollback, rewriting even with the signing key). Exit code 0 when intact, 3 when not; names the first event that does not match.',
    )
    .option(
      '--public-key <file>',
      'PEM public key(s) to trust, one after the other in the file (default: the public half of the configured signing key, and AUDIT_PREVIOUS_KEYS_FILE)',
    )
    .option(
      '--witness <dir|url>',
      'also compare the log with the checkpoints a witness holds: the directory of `cosinum audit witness --to`, or the URL of a server to fetch them from',
    )
    .option('--api-key <key>', `with --witness <url>: ${API_KEY_HELP}`)
    .option('--json', 'print the full report as JSON')
    .option('-q, --quiet', 'no progress display')
    .action(
      async (options: {
        publicKey?: string;
        witness?: string;
        apiKey?: string;
        json?: boolean;
        quiet?: boolean;
      }) => {
        const opened = await openStore();
        try {
          const keys = options.publicKey
            ? readKeys(options.publicKey)
            : [
                existingSigningKey(opened.config).publicKey,
                ...previousKeys(opened.config.auditPreviousKeysFile),
              ];
          const witnessedCheckpoints =
            options.witness === undefined
              ? undefined
              : await witnessed(options.witness, options.apiKey ?? process.env.COSINUM_API_KEY);
          const head = await opened.store.headPosition();
          const progress = new Progress('Verifying', head, Boolean(options.quiet || options.json));
          const report = await verifyLog(opened.store, trustedKeys(keys), {
            onProgress: (p) => progress.update(p),
            ...(witnessedCheckpoints ? { witnessed: witnessedCheckpoints } : {}),
          });
          progress.done();
          if (options.json) {
            process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          } else if (report.ok) {
            process.stdout.write(
              `Log intact: ${report.eventsChecked} events in ${report.streams} streams, ${report.checkpointsVerified} signed checkpoints verified` +
                (report.uncoveredEvents > 0
                  ? `; the last ${report.uncoveredEvents} events are chained but not yet covered by a signed checkpoint`
                  : '') +
                (report.witness
                  ? `; matches the ${report.witness.matched} checkpoints the witness holds`
                  : '') +
                '.\n',
            );
          } else {
            process.stdout.write(
              `Log NOT intact: ${report.problems.length} problem(s). First: ${report.problems[0].message}\n`,
            );
            for (const p of report.problems.slice(1, 20))
              process.stdout.write(`  - ${p.message}\n`);
          }
          if (!report.ok) process.exitCode = 3;
        } finally {
          await opened.store.close();
        }
      },
    );

const witness = (): Command =>
  new Command('witness')
    .description(
      "Keep an independent, append-only copy of a server's signed checkpoints: fetches them, checks each signature with the server's public key (pinned in the directory on first use), and appends the new ones to <dir>/checkpoints.jsonl. Refuses, writing nothing, with exit code 3, when the server no longer serves a checkpoint the witness holds, serves another for the same number of events, or signs with another key. Run it regularly (cron), somewhere the server's owner cannot write.",
    )
    .requiredOption('--from <url>', 'the server, e.g. https://cosinum.example.gouv.fr')
    .requiredOption('--to <dir>', 'the witness directory (created on first use)')
    .option('--api-key <key>', API_KEY_HELP)
    .option(
      '--accept-key <keyId>',
      "after the server's signing key was rotated: trust its new key, whose id you checked out of band (the key it replaced stays trusted for the checkpoints it signed)",
    )
    .action(async (options: { from: string; to: string; apiKey?: string; acceptKey?: string }) => {
      if (!isUrl(options.from))
        throw new CliError(`--from must be an http(s) URL, got "${options.from}"`);
      const { pinned, keys, held } = readWitnessDir(options.to);
      const served = await fetchCheckpoints(
        options.from,
        options.apiKey ?? process.env.COSINUM_API_KEY,
      );
      const refuse = (reasons: readonly string[]) => {
        process.stderr.write(
          `cosinum: witness refused, nothing written to ${options.to}: ${reasons[0]}\n`,
        );
        for (const r of reasons.slice(1, 20)) process.stderr.write(`  - ${r}\n`);
        process.exitCode = 3;
      };
      const rotated = pinned !== undefined && !keys.has(served.keyId);
      if (rotated && options.acceptKey !== served.keyId)
        return refuse([
          options.acceptKey === undefined
            ? `the server now signs with key ${served.keyId}, but the witness trusts ${[...keys.keys()].join(', ')}: if the key was rotated, check the new key id with the server's owner and run again with --accept-key ${served.keyId}`
            : `--accept-key ${options.acceptKey} is not the key the server signs with (${served.keyId})`,
        ]);
      const trusted = new Map(keys);
      if (!pinned || rotated) trusted.set(served.keyId, served.publicKey);
      const { added, refusals } = reconcileWitness(held, served.checkpoints, trusted);
      if (refusals.length > 0) return refuse(refusals.map((r) => r.message));
      appendToWitness(
        options.to,
        pinned ? undefined : served.publicKeyPem,
        added,
        rotated ? served.publicKeyPem : undefined,
      );
      const all = [...held, ...added];
      const newest = all.reduce<CheckpointData | undefined>(
        (a, c) => (a && a.eventCount >= c.eventCount ? a : c),
        undefined,
      );
      process.stdout.write(
        `Witnessed ${added.length} new checkpoint(s) of ${options.from} (key ${served.keyId}); ${options.to} holds ${all.length}` +
          (newest
            ? `, the newest of the first ${newest.eventCount} events, signed at ${newest.signedAt}`
            : '') +
          '.\n',
      );
    });

const checkpoint = (): Command =>
  new Command('checkpoint')
    .description('Sign the log head now with the configured Ed25519 key (AUDIT_SIGNING_KEY_FILE)')
    .action(async () => {
      const opened = await openStore();
      try {
        if ((await opened.store.headPosition()) === 0)
          throw new CliError('the store is empty: nothing to sign');
        await signHead(opened);
        process.stdout.write(
          `Signed the log head at position ${await opened.store.headPosition()}.\n`,
        );
      } finally {
        await opened.store.close();
      }
    });

const publicKey = (): Command =>
  new Command('public-key')
    .description(
      'Print the public key that verifies the checkpoints (PEM), to publish or hand to an auditor',
    )
    // The key is a file of the configuration, not of the store: no store to open.
    .action(() => {
      process.stdout.write(signingKey(loadConfig(process.env)).publicKeyPem);
    });

export const auditCommand = (): Command =>
  new Command('audit')
    .description('Prove the decision history untampered')
    .addCommand(verify())
    .addCommand(witness())
    .addCommand(checkpoint())
    .addCommand(publicKey());
