import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionService } from '@cosinum/application';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { Public } from '../auth/roles.decorator';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: the store answers and read models follow it' })
  async health() {
    const head = await this.store.headPosition();
    const position = this.projections.runner.position;
    const body = {
      status: this.projections.runner.healthy ? 'ok' : 'degraded',
      eventStore: { head },
      projections: {
        position,
        lag: head - position,
        events: this.projections.globalHash.head.eventCount,
      },
    };
    if (!this.projections.runner.healthy) throw new ServiceUnavailableException(body);
    return body;
  }
}
