import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHECKPOINT_STREAM, verifyLog, type SigningKey } from '@cosinum/audit';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { AUDIT_SIGNING_KEY } from './audit-key.provider';
import { CheckpointService } from './checkpoint.service';

@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: SigningKey,
    private readonly checkpoints: CheckpointService,
  ) {}

  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 public key that verifies the signed log checkpoints' })
  publicKey() {
    return { algorithm: 'Ed25519', keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
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
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign the log head now (nothing is written if the head is already signed)',
  })
  async checkpoint() {
    return { checkpoint: await this.checkpoints.checkpointIfNeeded() };
  }

  @Get('verification')
  @ApiOperation({
    summary:
      'Verify the whole log: every event hash and stream chain, every signed checkpoint. Names the first event that does not match.',
  })
  verify() {
    return verifyLog(this.store, new Map([[this.key.keyId, this.key.publicKey]]));
  }
}
