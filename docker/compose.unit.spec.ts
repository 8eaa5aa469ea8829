import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine runs here: the compose files are read as `docker compose config` would read
 * them (YAML merge keys, `${VAR:-default}` taken at its default, `-f a -f b` merged service by
 * service) and checked for what a 3-node cluster needs to form and the apps need to wait for it.
 */

type Service = {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  networks?: Record<string, { ipv4_address?: string }> | string[];
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  healthcheck?: { test: string[] };
  volumes?: string[];
};
type Compose = { services: Record<string, Service>; networks?: Record<string, unknown> };

const interpolate = (text: string): string =>
  text.replace(/\$\{(\w+)(?::?[-?]([^}]*))?\}/g, (_, name: string, fallback?: string) =>
    name === 'API_KEYS' ? 'set' : (fallback ?? ''),
  );
const read = (file: string): Compose =>
  parse(interpolate(readFileSync(join(__dirname, file), 'utf8')), { merge: true }) as Compose;

/** `docker compose -f base -f override`: mappings merged, the rest replaced. */
const mergeFiles = (base: Compose, override: Compose): Compose => {
  const services: Record<string, Service> = { ...base.services };
  for (const [name, o] of Object.entries(override.services)) {
    const b = services[name] ?? {};
    services[name] = {
      ...b,
      ...o,
      environment: { ...b.environment, ...o.environment },
      depends_on: { ...b.depends_on, ...o.depends_on },
      volumes: [...(b.volumes ?? []), ...(o.volumes ?? [])],
    };
  }
  return { ...base, services };
};

const NODES = ['esdb1', 'esdb2', 'esdb3'];
const APPS = ['api', 'worker'];
const cluster = read('compose.yaml');
const tls = mergeFiles(cluster, read('compose.tls.yaml'));

describe.each([
  ['compose.yaml', cluster],
  ['compose.yaml + compose.tls.yaml', tls],
])('%s', (_, compose) => {
  const env = (service: string) => compose.services[service].environment ?? {};

  it('runs three nodes of one cluster, each with its own replication address and gossip seeds', () => {
    const addresses = NODES.map((n) => env(n).EVENTSTORE_REPLICATION_IP);
    expect(new Set(addresses).size).toBe(3);
    for (const [i, node] of NODES.entries()) {
      const e = env(node);
      expect(e.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      expect(e.EVENTSTORE_DISCOVER_VIA_DNS).toBe('false');
      // The address it binds and advertises is its own on the cluster network.
      const networks = compose.services[node].networks as Record<string, { ipv4_address: string }>;
      expect(networks.cluster.ipv4_address).toBe(addresses[i]);
      expect(addresses[i]).toMatch(/^172\.30\.240\.([1-9]|[1-9]\d|1[01]\d|12[0-7])$/);
      // Gossip with the two others, at their replication addresses.
      const seeds = e.EVENTSTORE_GOSSIP_SEED.split(',').sort();
      expect(seeds).toEqual(addresses.filter((_a, j) => j !== i).map((a) => `${a}:2113`));
      expect(e.EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS).toBe(node);
      expect(compose.services[node].restart).toBe('unless-stopped');
    }
    expect(compose.networks?.cluster).toMatchObject({
      ipam: { config: [{ subnet: '172.30.240.0/24', ip_range: '172.30.240.128/25' }] },
    });
  });

  it('uses the image the server documentation names, EventStoreDB 24.10 by default', () => {
    for (const node of NODES)
      expect(compose.services[node].image).toBe('eventstore/eventstore:24.10');
  });

  it('calls a node healthy only when it sees a live leader (not /health/live)', () => {
    for (const node of NODES) {
      const test = compose.services[node].healthcheck!.test.join(' ');
      expect(test).toContain('/gossip');
      expect(test).toContain('"state":"Leader"');
      expect(test).toContain('"isAlive":true');
      expect(test).not.toContain('/health/live');
    }
  });

  it('starts the api and the worker once every node is healthy, and restarts them', () => {
    for (const app of APPS) {
      const service = compose.services[app];
      expect(service.restart).toBe('unless-stopped');
      for (const node of NODES) {
        expect(service.depends_on?.[node]).toEqual({ condition: 'service_healthy' });
      }
      const hosts = env(app)
        .EVENTSTORE_URL.replace(/^esdb:\/\/([^@/]*@)?/, '')
        .split('?')[0]
        .split(',');
      // Every node is a seed of the client's discovery, by the name it advertises.
      expect(hosts.sort()).toEqual(NODES.map((n) => `${n}:2113`));
      expect(service.networks).toEqual(['cluster']);
    }
  });
});

describe('compose.tls.yaml', () => {
  /** Paths the certificate service writes: `create-ca` into ./ca, `create-node -out ./nodeN`. */
  const generated = (): string[] => {
    const script = tls.services.certs.command!.join(' ');
    expect(tls.services.certs.image).toBe('eventstore/es-gencert-cli:1.0.2');
    const paths: string[] = [];
    if (/es-gencert-cli create-ca(?! -out)/.test(script))
      paths.push('/certs/ca/ca.crt', '/certs/ca/ca.key');
    for (const [, dir] of script.matchAll(/create-node -out \.\/(\w+)/g)) {
      paths.push(`/certs/${dir}/node.crt`, `/certs/${dir}/node.key`);
    }
    return paths;
  };

  it('gives each node a certificate the certificate service makes, and the CA to trust', () => {
    const made = generated();
    for (const [i, node] of NODES.entries()) {
      const e = tls.services[node].environment!;
      expect(e.EVENTSTORE_INSECURE).toBe('false');
      expect(made).toContain(e.EVENTSTORE_CERTIFICATE_FILE);
      expect(made).toContain(e.EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE);
      expect(e.EVENTSTORE_CERTIFICATE_FILE).toBe(`/certs/node${i + 1}/node.crt`);
      expect(made).toContain(`${e.EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH}/ca.crt`);
      expect(tls.services[node].volumes).toContain('certs:/certs:ro');
      expect(tls.services[node].depends_on?.certs).toEqual({
        condition: 'service_completed_successfully',
      });
      // The certificate names the node as the others and the clients reach it.
      const script = tls.services.certs.command!.join(' ');
      expect(script).toContain(
        `-out ./node${i + 1} -ip-addresses 127.0.0.1,${e.EVENTSTORE_REPLICATION_IP} -dns-names ${node},localhost`,
      );
      expect(tls.services[node].healthcheck!.test.join(' ')).toContain(
        'https://localhost:2113/gossip',
      );
    }
  });

  it('connects the apps over TLS, verifying the nodes with that CA, as a user', () => {
    const made = generated();
    for (const app of APPS) {
      const url = tls.services[app].environment!.EVENTSTORE_URL;
      expect(url).toMatch(/^esdb:\/\/admin:changeit@esdb1:2113,esdb2:2113,esdb3:2113\?/);
      const query = new URLSearchParams(url.split('?')[1]);
      expect(query.get('tls')).toBe('true');
      expect(made).toContain(query.get('tlsCAFile'));
      expect(tls.services[app].volumes).toContain('certs:/certs:ro');
    }
  });

  it('is documented in the README with the commands that run it', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain('docker compose -f docker/compose.yaml -f docker/compose.tls.yaml up');
    expect(readme).toContain('es-gencert-cli');
    expect(readme).toContain('docker.kurrent.io/kurrent-latest/kurrentdb');
  });
});
