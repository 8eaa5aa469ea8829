import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, CLOCK, ProjectionService, type Clock } from '@cosinum/application';
import { givenUpReminders } from '@cosinum/reminders';
import type { AppConfig } from '@cosinum/config';
import { EVENT_STORE, type EventStore } from '@cosinum/event-store';
import { Public } from '../auth/roles.decorator';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Liveness and readiness: the store answers and read models follow it; weekly reminders still open, and those no runner will try again (an operator must look)',
  })
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
        // How this process's read models started: from their snapshot or from the whole log.
        start: this.projections.startInfo,
      },
      reminders: {
        open: this.projections.reminders.openReminders().length,
        givenUp: givenUpReminders(
          this.projections.reminders,
          this.clock.now(),
          this.config.reminders,
        ).map(({ ministry, isoWeek, attempts, lastFailure }) => ({
          ministry,
          isoWeek,
          attempts,
          permanent: lastFailure?.permanent ?? false,
          error: lastFailure?.error ?? '',
        })),
      },
    };
    if (!this.projections.runner.healthy) throw new ServiceUnavailableException(body);
    return body;
  }
}
