import { ConfigError, loadConfig } from '@cosinum/config';

describe('reminder settings', () => {
  it('has the documented defaults: outbox, Monday 09:00, 5 attempts', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/cosinum' });
    expect(config.schedulerEnabled).toBe(true);
    expect(config.smtp).toBeUndefined();
    expect(config.reminders).toMatchObject({
      cron: '0 9 * * 1',
      sendEmpty: false,
      maxAttempts: 5,
      publicUrl: 'http://127.0.0.1:3000',
      outboxDir: '/tmp/cosinum/outbox',
    });
  });

  it('reads SMTP settings (587 by default, 465 with TLS)', () => {
    expect(loadConfig({ SMTP_HOST: 'smtp.example.fr' }).smtp).toMatchObject({
      port: 587,
      secure: false,
    });
    expect(loadConfig({ SMTP_HOST: 'smtp.example.fr', SMTP_SECURE: 'true' }).smtp?.port).toBe(465);
  });

  it.each([
    [{ REMINDER_CRON: '0 99 * * 1' }, 'REMINDER_CRON'],
    [{ REMINDER_CRON: 'monday' }, 'REMINDER_CRON'],
    [{ REMINDER_FROM: 'nobody' }, 'REMINDER_FROM'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ REMINDER_MAX_ATTEMPTS: '0' }, 'REMINDER_MAX_ATTEMPTS'],
    [{ SMTP_HOST: 'h', SMTP_USER: 'u' }, 'SMTP_USER and SMTP_PASSWORD'],
    [{ SMTP_PORT: '99999', SMTP_HOST: 'h' }, 'SMTP_PORT'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
