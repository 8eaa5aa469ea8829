import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, CLOCK, type Clock } from '@cosinum/application';
import type { AppConfig } from '@cosinum/config';
import { PARIS } from '@cosinum/domain';
import { isoWeekOf, scheduledTimeInWeekOf } from './iso-week';

export { scheduledTimeInWeekOf };
import { ReminderDispatcher, type ReminderRun, type RunTrigger } from './reminder-dispatcher';

export const REMINDER_JOB = 'weekly-reminders';

/**
 * Starts the weekly run on the cron expression (Paris time) and, once at start-up, runs for the
 * current week if its scheduled time has passed, or if an earlier week's claim is still open: a week missed while the service was down is sent
 * once, not once per missed tick (the claim per ministry and week makes any further run a no-op).
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reminders');
  /** The start-up catch-up run, when there was one (tests wait for it). */
  catchUp?: Promise<ReminderRun | null>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dispatcher: ReminderDispatcher,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled) return;
    const job = CronJob.from({
      cronTime: this.config.reminders.cron,
      timeZone: PARIS,
      onTick: () => void this.tick('schedule'),
      start: true,
    });
    this.registry.addCronJob(REMINDER_JOB, job);
    const now = this.clock.now();
    const scheduled = scheduledTimeInWeekOf(this.config.reminders.cron, now);
    this.logger.log({
      msg: 'Weekly reminders scheduled',
      cron: this.config.reminders.cron,
      timeZone: PARIS,
      next: job.nextDate().toUTC().toISO(),
    });
    const earlier = this.dispatcher.openBefore(isoWeekOf(now));
    if ((scheduled !== null && scheduled <= now) || earlier > 0) {
      this.logger.log({
        msg: 'Catching up on reminders',
        isoWeek: isoWeekOf(now),
        openFromEarlierWeeks: earlier,
      });
      this.catchUp = this.tick('start-up');
    }
  }

  private async tick(trigger: RunTrigger): Promise<ReminderRun | null> {
    try {
      return await this.dispatcher.run(trigger);
    } catch (error) {
      this.logger.error({ msg: 'Reminder run failed', trigger, err: error });
      return null;
    }
  }
}
