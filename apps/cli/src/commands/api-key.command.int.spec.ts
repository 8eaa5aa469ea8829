import { cliSandbox } from '../../testing/cli-sandbox';
import { run } from '../main';

describe('cosinum api-key new', () => {
  const cli = cliSandbox('cosinum-cli-api-key-');

  it('prints a key and its API_KEYS entry; options of one run do not leak into the next', async () => {
    cli.clear();
    expect(
      await run([
        'node',
        'cosinum',
        'api-key',
        'new',
        '-n',
        'dnum-mi',
        '-r',
        'ministry',
        '-m',
        'MI',
      ]),
    ).toBe(0);
    expect(cli.out).toMatch(
      /^key: {6}csn_[\w-]{32}\nAPI_KEYS: dnum-mi:ministry:MI:[0-9a-f]{64}\n$/,
    );
    // The same process, another key: `--ministry` of the run before must not come back (it would
    // be refused: "only a ministry key takes --ministry").
    cli.clear();
    expect(
      await run(['node', 'cosinum', 'api-key', 'new', '-n', 'analyste', '-r', 'analyst']),
    ).toBe(0);
    expect(cli.out).toMatch(/API_KEYS: analyste:analyst:[0-9a-f]{64}\n$/);
  });
});
