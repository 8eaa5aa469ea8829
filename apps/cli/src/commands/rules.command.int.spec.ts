import { join } from 'node:path';
import { adoptStatusRules, fixedClock, recordInitialRules } from '@cosinum/application';
import { loadConfig } from '@cosinum/config';
import { SqliteEventStore } from '@cosinum/event-store';
import { ChainedEventStore } from '@cosinum/integrity';
import { cliSandbox } from '../../testing/cli-sandbox';
import { buildProgram, run } from '../main';

const ANALYST = { actor: { subject: 'api-key:dinum', role: 'analyst' } };

describe('cosinum rules list, and status --rules', () => {
  const cli = cliSandbox('cosinum-cli-rules-');
  const cosinum = async (...args: string[]) => {
    cli.clear();
    return run(['node', 'cosinum', ...args]);
  };

  /** Records R1 (the configuration, on 1 February) and R2 (from 1 March) as the server would. */
  const adoptTwoRuleSets = async (): Promise<void> => {
    const config = loadConfig({ ...process.env, DATA_DIR: cli.dir });
    const store = new ChainedEventStore(
      new SqliteEventStore({ filename: join(cli.dir, 'events.sqlite') }),
    );
    try {
      const clock = fixedClock('2021-02-01T09:00:00Z');
      await recordInitialRules(store, clock, config, 3);
      clock.set('2021-03-01T09:00:00Z');
      await adoptStatusRules(
        store,
        clock,
        config,
        { effectiveFrom: '2021-03-01', warningDays: 60, reason: 'Alerte à deux mois' },
        ANALYST,
        { maxAttempts: 3 },
      );
    } finally {
      await store.close();
    }
  };

  it('lists the configuration rule set on a store that has none, and the board still works', async () => {
    expect(await cosinum('rules', 'list')).toBe(0);
    expect(cli.out).toMatch(/^No rule set recorded in the store yet/);
    expect(cli.out).toContain('configuration  in force from 1970-01-01');
    expect(cli.out).toContain(
      'warningDays 30 · staleDelayDays 15 · trajectory true · milestones true',
    );
    expect(await cosinum('rules', 'list', '--json')).toBe(0);
    expect(JSON.parse(cli.out).items).toEqual([
      expect.objectContaining({ id: 'configuration', initial: true, actor: null }),
    ]);
    expect(await cosinum('status', '--as-of', '2021-02-02', '--json', '-q')).toBe(0);
    expect(JSON.parse(cli.out).rules).toEqual({
      id: 'configuration',
      effectiveFrom: '1970-01-01',
      initial: true,
    });
  });

  it('lists the rule sets recorded, and evaluates a past board as known or under today’s rules', async () => {
    await adoptTwoRuleSets();
    expect(await cosinum('rules', 'list', '--json')).toBe(0);
    const { items } = JSON.parse(cli.out);
    expect(items.map((r: { id: string }) => r.id)).toEqual(['R1', 'R2']);
    expect(items[1]).toMatchObject({
      effectiveFrom: '2021-03-01',
      warningDays: 60,
      staleDelayDays: 15,
      reason: 'Alerte à deux mois',
      recordedAt: '2021-03-01T09:00:00.000Z',
      actor: ANALYST.actor,
    });
    expect(await cosinum('rules', 'list')).toBe(0);
    expect(cli.out).toContain('R2  in force from 2021-03-01');
    expect(cli.out).toContain('recorded 2021-03-01T09:00:00.000Z by api-key:dinum');

    const board = async (...args: string[]) => {
      expect(await cosinum('status', '--as-of', '2021-02-15', '--json', '-q', ...args)).toBe(0);
      return JSON.parse(cli.out).rules;
    };
    expect(await board()).toEqual({ id: 'R1', effectiveFrom: '2021-02-01', initial: true });
    expect(await board('--rules', 'as-known')).toEqual({
      id: 'R1',
      effectiveFrom: '2021-02-01',
      initial: true,
    });
    expect(await board('--rules', 'current')).toEqual({
      id: 'R2',
      effectiveFrom: '2021-03-01',
      initial: false,
    });
    expect(await cosinum('status', '--as-of', '2021-02-15', '-q', '--rules', 'current')).toBe(0);
    expect(cli.out).toMatch(/under rule set R2 \(in force from 2021-03-01;/);
  });

  it('describes itself with --help', () => {
    const program = buildProgram();
    const rules = program.commands.find((c) => c.name() === 'rules');
    const list = rules?.commands.find((c) => c.name() === 'list');
    expect(rules?.helpInformation()).toContain('list [options]');
    expect(list?.helpInformation()).toMatch(/List every status rule set in the order adopted/);
    expect(list?.helpInformation()).toContain('--json');
    const status = program.commands.find((c) => c.name() === 'status');
    expect(status?.helpInformation()).toMatch(
      /--rules <choice>[\s\S]*choices: "as-known",\s+"current"/,
    );
  });
});
