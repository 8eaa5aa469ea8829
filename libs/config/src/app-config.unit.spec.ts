import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_CANDIDATES, ConfigError, ENVIRONMENT_VARIABLES, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      sqliteFile: resolve('./data/events.sqlite'),
      logLevel: 'info',
      warningDays: 30,
      staleDelayDays: 15,
      trajectoryRule: true,
      milestoneRule: true,
      conflictRetries: 20,
    });
  });

  it('refuses STALE_DAYS, which no longer means anything, and says what replaced it', () => {
    expect(() => loadConfig({ STALE_DAYS: '30' })).toThrow(
      /STALE_DAYS="30": no longer read.*STALE_DELAY_DAYS.*POST \/api\/status-rules/,
    );
    expect(loadConfig({ STALE_DELAY_DAYS: '45', MILESTONE_RULE: 'false' })).toMatchObject({
      staleDelayDays: 45,
      milestoneRule: false,
    });
  });

  it('finds the browser that prints PDFs, takes the one given if it exists, and runs without one on `none`', () => {
    const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path)) ?? null;
    expect(loadConfig({}).pdfBrowser).toBe(found);
    expect(loadConfig({ CHROMIUM_PATH: 'none' }).pdfBrowser).toBeNull();
    expect(loadConfig({ CHROMIUM_PATH: process.execPath }).pdfBrowser).toBe(process.execPath);
    expect(() => loadConfig({ CHROMIUM_PATH: '/nowhere/chromium' })).toThrow(
      /CHROMIUM_PATH="\/nowhere\/chromium": no such file\. Install Chromium \(Debian: apt-get install chromium\).*CHROMIUM_PATH=none/,
    );
  });

  it('reads numbers and paths from the environment', () => {
    const config = loadConfig({ PORT: '8080', DATA_DIR: '/tmp/cosinum', WARNING_DAYS: '15' });
    expect(config.port).toBe(8080);
    expect(config.sqliteFile).toBe('/tmp/cosinum/events.sqlite');
    expect(config.warningDays).toBe(15);
  });

  it('names every bad variable with its value and what is expected', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', WARNING_DAYS: '-3' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT="abc"');
    expect(message).toContain('LOG_LEVEL="loud"');
    expect(message).toContain('WARNING_DAYS="-3"');
    expect((error as ConfigError).problems).toHaveLength(3);
  });
});

describe('every variable', () => {
  it('is read, optional ones included', () => {
    expect(() => loadConfig({ API_KEYS: 'garbage' })).toThrow(/API_KEYS="garbage"/);
    expect(() => loadConfig({ OIDC_ISSUER: 'not a url' })).toThrow(/OIDC_ISSUER/);
    expect(() => loadConfig({ EVENTSTORE_URL: 'http://x' })).toThrow(/EVENTSTORE_URL/);
    expect(loadConfig({ EVENTSTORE_URL: 'esdb://node1:2113?tls=false' }).eventStoreUrl).toBe(
      'esdb://node1:2113?tls=false',
    );
    expect(() => loadConfig({ OIDC_ISSUER: 'https://proconnect.example' })).toThrow(
      /OIDC_AUDIENCE is required/,
    );
  });

  it('keeps the signing key away from the log beyond loopback, naming the variable', () => {
    const wide = { HOST: '0.0.0.0', DATA_DIR: '/srv/cosinum' };
    expect(() => loadConfig(wide)).toThrow(
      /AUDIT_SIGNING_KEY_FILE is required when HOST=0\.0\.0\.0/,
    );
    expect(() =>
      loadConfig({ ...wide, AUDIT_SIGNING_KEY_FILE: '/srv/cosinum/keys/audit.pem' }),
    ).toThrow(
      /AUDIT_SIGNING_KEY_FILE="\/srv\/cosinum\/keys\/audit\.pem": must be outside \/srv\/cosinum/,
    );
    expect(() =>
      loadConfig({
        ...wide,
        SQLITE_FILE: '/var/lib/log/events.sqlite',
        AUDIT_SIGNING_KEY_FILE: '/var/lib/log/audit.pem',
      }),
    ).toThrow(/must be outside \/var\/lib\/log/);
    expect(
      loadConfig({ ...wide, AUDIT_SIGNING_KEY_FILE: '/run/secrets/audit-signing-key' })
        .auditSigningKeyFile,
    ).toBe('/run/secrets/audit-signing-key');
    // A sibling whose name starts like DATA_DIR is outside it.
    expect(() =>
      loadConfig({ ...wide, AUDIT_SIGNING_KEY_FILE: '/srv/cosinum-keys/audit.pem' }),
    ).not.toThrow();
    // On loopback the embedded default creates it in DATA_DIR.
    expect(loadConfig({ DATA_DIR: '/srv/cosinum' }).auditSigningKeyFile).toBe(
      '/srv/cosinum/audit-signing-key.pem',
    );
  });

  it('is documented in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const table = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5),
    );
    const documented = new Set([...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
    const missing = ENVIRONMENT_VARIABLES.filter((v) => !documented.has(v));
    expect(missing).toEqual([]);
  });
});
