import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitmentStream, type CommitmentEvent } from '@cosinum/domain';
import { SqliteEventStore } from '@cosinum/event-store';
import { ChainedEventStore, canonicalJson } from '@cosinum/integrity';
import { CommitmentsReadModel, ProjectionRunner, statusBoard } from '@cosinum/projections';
import {
  historiesArb,
  instantNearArb,
  interleavingArb,
  rulesArb,
} from '../../domain/testing/commitment.arbitraries';
import { replay } from './replay';

/**
 * Random command sequences on several commitments, appended to a real SQLite file in a random
 * interleaving while a live projection follows the store's subscription; then a rebuild from
 * scratch, up to a random knownAt, must give the same board as the live read model.
 */
describe('replay from scratch equals the live read models (property)', () => {
  it('for random histories, interleavings and (asOf, knownAt)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosinum-replay-prop-'));
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          historiesArb.chain((streams) =>
            fc.record({
              log: interleavingArb(streams),
              moments: fc.array(
                fc.record({ asOf: instantNearArb(streams), knownAt: instantNearArb(streams) }),
                {
                  minLength: 1,
                  maxLength: 4,
                },
              ),
              rules: rulesArb,
            }),
          ),
          async ({ log, moments, rules }) => {
            const store = new ChainedEventStore(
              new SqliteEventStore({
                filename: join(dir, `events-${run++}.sqlite`),
                pollIntervalMs: 5,
              }),
            );
            const live = new CommitmentsReadModel();
            const runner = new ProjectionRunner(store, [live]);
            await runner.start();
            try {
              const revisions = new Map<string, number>();
              for (const event of log as (CommitmentEvent & {
                metadata?: { recordedAt?: string };
              })[]) {
                const stream = commitmentStream(event.data.commitmentId);
                const revision = revisions.get(stream);
                await store.appendToStream(
                  stream,
                  [
                    {
                      id: randomUUID(),
                      type: event.type,
                      data: event.data,
                      metadata: {
                        actor: { subject: 'property-test' },
                        correlationId: randomUUID(),
                        causationId: null,
                        recordedAt: event.metadata?.recordedAt as string,
                        schemaVersion: 1,
                      },
                    },
                  ],
                  { expectedRevision: revision === undefined ? 'no_stream' : revision },
                );
                revisions.set(stream, (revision ?? -1) + 1);
              }
              expect(await runner.waitFor(await store.headPosition())).toBe(true);
              for (const moment of moments) {
                const rebuilt = await replay(store, { knownAt: moment.knownAt });
                expect(canonicalJson(statusBoard(rebuilt.model, moment, rules))).toBe(
                  canonicalJson(statusBoard(live, moment, rules)),
                );
              }
            } finally {
              await runner.stop();
              await store.close();
            }
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
