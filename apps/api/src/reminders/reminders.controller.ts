import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ReminderDispatcher, type ReminderRun } from '@cosinum/reminders';
import { Roles } from '../auth/roles.decorator';
import { correlationIdOf } from '../http/actor';

@ApiTags('reminders')
@Controller('api/reminders')
export class RemindersController {
  constructor(private readonly dispatcher: ReminderDispatcher) {}

  @Post('runs')
  @HttpCode(200)
  @Roles('analyst')
  @ApiOperation({
    summary:
      "Run the weekly reminders now, for the current ISO week: each ministry's digest goes out once",
  })
  @ApiOkResponse({
    description:
      '{runId, trigger, isoWeek, asOf, outcomes: [{ministry, status, …}]}. status: sent (attempt, messageId, recipients, refused: the recipients the server refused), failed (error, willRetry, permanent: an SMTP 5xx, not retried; retryAt: when the next attempt may run, recorded in the stream and honoured by every runner), waiting (retryAt), gave_up (attempts, permanent), already_sent, claimed_elsewhere, in_flight (leaseEndsAt), nothing_to_report, no_recipients, error.',
  })
  run(@Req() request: FastifyRequest): Promise<ReminderRun> {
    return this.dispatcher.run('manual', correlationIdOf(request));
  }
}
