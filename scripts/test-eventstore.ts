/**
 * `npm run test:eventstore`: the event-store contract suite and the API end-to-end suites against
 * a real EventStoreDB or KurrentDB server, `EVENTSTORE_URL` (see README, "Tests on a real
 * EventStoreDB"). The suites share that server, as they would in CI: their assertions on the
 * global log filter to their own streams.
 *
 * Without `EVENTSTORE_URL`, on a machine with a Docker engine and `@testcontainers/kurrentdb`
 * installed (`npm install --no-save @testcontainers/kurrentdb`: not a dependency, since the
 * project's machines have no engine), it starts a KurrentDB container for the run and removes it
 * after. Otherwise it runs nothing, says so and how to run it, and exits 0.
 * `--shared-double` rehearses the run on one in-process double shared by every suite, as a real
 * server would be (no server needed). Other arguments narrow the end-to-end suites by path.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EsdbGrpcDouble } from '@cosinum/event-store/testing';

/** End-to-end suites that run on EventStoreDB (`npm run test:esdb` leaves the same ones out). */
const E2E_LEFT_OUT = 'dashboard|start|browser|french-text|overview-search|meeting-pack';

const jest = (args: string[], env: Record<string, string>): Promise<number> =>
  new Promise((resolve) => {
    const child = spawn('npx', ['jest', ...args], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.on('close', (code) => resolve(code ?? 1));
  });

const dockerEngine = (): boolean =>
  existsSync('/var/run/docker.sock') || Boolean(process.env.DOCKER_HOST);

/**
 * The server image a container run starts (`TEST_EVENTSTORE_IMAGE` to choose another): the
 * registry the module's documentation names (hub.docker.com/r/kurrentplatform/kurrentdb).
 */
const IMAGE = process.env.TEST_EVENTSTORE_IMAGE ?? 'kurrentplatform/kurrentdb:latest';

interface StartedServer {
  getConnectionString(): string;
  stop(): Promise<unknown>;
}

/**
 * A KurrentDB container through `@testcontainers/kurrentdb` (its `KurrentDbContainer`: one
 * insecure node, healthy before it returns), or undefined when the module is not installed.
 */
const startContainer = async (): Promise<StartedServer | undefined> => {
  let module: { KurrentDbContainer: new (image: string) => { start(): Promise<StartedServer> } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require('@testcontainers/kurrentdb');
  } catch {
    return undefined;
  }
  process.stdout.write(`test:eventstore: starting ${IMAGE} with @testcontainers/kurrentdb\n`);
  return new module.KurrentDbContainer(IMAGE).start();
};

const main = async (): Promise<number> => {
  const rehearse = process.argv.includes('--shared-double');
  let url = process.env.EVENTSTORE_URL;
  let container: StartedServer | undefined;
  if (!url && !rehearse && dockerEngine()) {
    container = await startContainer();
    url = container?.getConnectionString();
  }
  if (!url && !rehearse) {
    process.stdout.write(
      [
        'test:eventstore SKIPPED: EVENTSTORE_URL is not set, so no suite ran against a real server.',
        'Skipped: the event-store contract suite (libs/event-store/src/esdb/esdb-event-store.int.spec.ts)',
        `and the API end-to-end suites (test/*.e2e.spec.ts but ${E2E_LEFT_OUT}) on EventStoreDB.`,
        dockerEngine()
          ? 'A Docker engine is present: `npm install --no-save @testcontainers/kurrentdb` and run again (a container is started for the run), or start a server yourself, e.g.'
          : 'No Docker engine here either. Where there is one:',
        '  docker run -d --name esdb -p 2113:2113 eventstore/eventstore:24.10 --insecure',
        "  EVENTSTORE_URL='esdb://127.0.0.1:2113?tls=false' npm run test:eventstore",
        '(The in-process doubles already run in `npm test`; `npm run test:eventstore -- --shared-double`',
        'rehearses this run on one double shared by every suite.)',
        '',
      ].join('\n'),
    );
    return 0;
  }
  let double: EsdbGrpcDouble | undefined;
  if (!url) {
    double = await EsdbGrpcDouble.start();
    url = double.connectionString;
  }
  try {
    process.stdout.write(`test:eventstore against ${url.replace(/\/\/[^@/]*@/, '//***@')}\n`);
    const contract = await jest(
      ['--selectProjects', 'int', '--testPathPatterns', 'esdb-event-store.int'],
      { EVENTSTORE_URL: url },
    );
    // Further arguments narrow the end-to-end suites (jest path patterns).
    const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
    const e2e = await jest(
      [
        '--selectProjects',
        'e2e',
        '--runInBand',
        '--testPathIgnorePatterns',
        E2E_LEFT_OUT,
        ...(only.length ? ['--testPathPatterns', only.join('|')] : []),
      ],
      { E2E_EVENT_STORE: 'esdb', E2E_EVENTSTORE_URL: url },
    );
    return contract || e2e;
  } finally {
    await double?.stop();
    await container?.stop();
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
