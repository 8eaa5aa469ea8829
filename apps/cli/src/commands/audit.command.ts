import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { keyIdOf, publicKeyFromPem, verifyLog } from '@cosinum/integrity';
import { loadConfig } from '@cosinum/config';
import { CliError } from '../cli-error';
import { Progress } from '../progress';
import { existingSigningKey, openStore, signHead, signingKey } from '../store';

const verify = new Command('verify')
  .description(
    'Check the whole log: every event hash and stream chain, every signed checkpoint (deleted, inserted, reordered or edited events). Exit code 0 when intact, 3 when not; names the first event that does not match.',
  )
  .option(
    '--public-key <file>',
    'PEM public key to trust (default: the public half of the configured signing key)',
  )
  .option('--json', 'print the full report as JSON')
  .option('-q, --quiet', 'no progress display')
  .action(async (options: { publicKey?: string; json?: boolean; quiet?: boolean }) => {
    const opened = await openStore();
    try {
      const publicKey = options.publicKey
        ? publicKeyFromPem(readFileSync(options.publicKey, 'utf8'))
        : existingSigningKey(opened.config).publicKey;
      const head = await opened.store.headPosition();
      const progress = new Progress('Verifying', head, Boolean(options.quiet || options.json));
      const report = await verifyLog(opened.store, new Map([[keyIdOf(publicKey), publicKey]]), {
        onProgress: (p) => progress.update(p),
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
            '.\n',
        );
      } else {
        process.stdout.write(
          `Log NOT intact: ${report.problems.length} problem(s). First: ${report.problems[0].message}\n`,
        );
        for (const p of report.problems.slice(1, 20)) process.stdout.write(`  - ${p.message}\n`);
      }
      if (!report.ok) process.exitCode = 3;
    } finally {
      await opened.store.close();
    }
  });

const checkpoint = new Command('checkpoint')
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

const publicKey = new Command('public-key')
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
    .addCommand(verify)
    .addCommand(checkpoint)
    .addCommand(publicKey);
