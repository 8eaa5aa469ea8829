import { Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../auth/roles.decorator';
import { replay } from '@cosinum/audit';
import { CHECKPOINT_STREAM, canonicalJson, verifyLog, type SigningKey } from '@cosinum/integrity';
import { APP_CONFIG, CLOCK, ProjectionService, rulesFor, type Clock } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { statusBoard } from '@cosinum/projections';
import { MomentQueryDto, toMoment } from '../status/moment';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { AUDIT_SIGNING_KEY, AUDIT_TRUSTED_KEYS } from './audit-key.provider';
import type { KeyObject } from 'node:crypto';
import { CheckpointService } from './checkpoint.service';

@ApiTags('audit')
@ApiSecurity('api-key')
@ApiBearerAuth()
@Roles('analyst', 'auditor')
@Controller('api/audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: SigningKey,
    @Inject(AUDIT_TRUSTED_KEYS) private readonly trusted: ReadonlyMap<string, KeyObject>,
    private readonly checkpoints: CheckpointService,
    private readonly projections: ProjectionService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('public-key')
  @Public()
  @ApiOperation({
    summary:
      'The Ed25519 public key that signs the log checkpoints now, and the keys it replaced (previousKeys, after a rotation): trust them out of band',
  })
  publicKey() {
    return {
      algorithm: 'Ed25519',
      keyId: this.key.keyId,
      publicKeyPem: this.key.publicKeyPem,
      previousKeys: [...this.trusted]
        .filter(([keyId]) => keyId !== this.key.keyId)
        .map(([keyId, k]) => ({
          keyId,
          publicKeyPem: k.export({ type: 'spki', format: 'pem' }).toString(),
        })),
    };
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Every signed checkpoint of the log head, oldest first' })
  async list() {
    const events = await this.store.readStream(CHECKPOINT_STREAM);
    return {
      items: events.map((e) => ({ checkpointPosition: e.position, ...(e.data as object) })),
    };
  }

  @Post('checkpoints')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign the log head now (nothing is written if the head is already signed)',
  })
  async checkpoint() {
    return { checkpoint: await this.checkpoints.checkpointIfNeeded() };
  }

  @Get('replay')
  @ApiOperation({
    summary:
      'Rebuild the read models from scratch from the log, up to knownAt, and compare the board with the live read models at (asOf, knownAt)',
  })
  async replay(@Query() query: MomentQueryDto) {
    const moment = toMoment(query, this.clock.now());
    const rebuilt = await replay(this.store, { knownAt: moment.knownAt });
    const rules = rulesFor(rebuilt.model, this.config, moment);
    const fromReplay = statusBoard(rebuilt.model, moment, rules);
    const live = statusBoard(
      this.projections.commitments,
      moment,
      rulesFor(this.projections.commitments, this.config, moment),
    );
    return {
      asOf: moment.asOf,
      knownAt: moment.knownAt,
      log: rebuilt.log,
      eventsRead: rebuilt.eventsRead,
      durationMs: rebuilt.durationMs,
      commitments: rebuilt.model.size,
      counts: fromReplay.counts,
      rules: fromReplay.rules,
      sameAsLive: canonicalJson(fromReplay) === canonicalJson(live),
    };
  }

  @Get('verification')
  @ApiOperation({
    summary:
      'Verify the whole log: every event hash and stream chain, every signed checkpoint. Names the first event that does not match.',
  })
  verify() {
    return verifyLog(this.store, this.trusted);
  }
}
