import { createHash, randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import { isKnownOrganisation } from '@cosinum/domain';
import { CliError } from '../cli-error';

const newKey = (): Command =>
  new Command('new')
    .description(
      'Make a new API key: prints the key (give it to its holder, it is not stored) and the API_KEYS entry (its SHA-256) for the server configuration',
    )
    .requiredOption(
      '-n, --name <name>',
      'who holds it, e.g. dnum-mi or analyste-dupont (letters, digits, . _ - @)',
    )
    .addOption(
      new Option('-r, --role <role>', 'what it may do')
        .choices(['analyst', 'auditor', 'ministry'])
        .makeOptionMandatory(),
    )
    .option('-m, --ministry <code>', 'for a ministry key: the ministry it acts for')
    .action((options: { name: string; role: string; ministry?: string }) => {
      if (!/^[\w.@-]{1,64}$/.test(options.name))
        throw new CliError('--name: 1 to 64 letters, digits, dots, underscores, dashes or @');
      if (
        options.role === 'ministry' &&
        (!options.ministry || !isKnownOrganisation(options.ministry))
      ) {
        throw new CliError(
          'a ministry key needs --ministry with a known code (see `cosinum ministries`)',
        );
      }
      if (options.role !== 'ministry' && options.ministry)
        throw new CliError('only a ministry key takes --ministry');
      const key = `csn_${randomBytes(24).toString('base64url')}`;
      const hash = createHash('sha256').update(key, 'utf8').digest('hex');
      const entry = [
        options.name,
        options.role,
        ...(options.ministry ? [options.ministry] : []),
        hash,
      ].join(':');
      process.stdout.write(`key:      ${key}\nAPI_KEYS: ${entry}\n`);
    });

export const apiKeyCommand = (): Command =>
  new Command('api-key').description('Manage API keys').addCommand(newKey());
