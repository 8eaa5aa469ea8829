import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

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
      conflictRetries: 20,
    });
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
