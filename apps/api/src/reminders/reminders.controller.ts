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
    description: '{runId, trigger, isoWeek, asOf, outcomes: [{ministry, status, …}]}',
  })
  run(@Req() request: FastifyRequest): Promise<ReminderRun> {
    return this.dispatcher.run('manual', correlationIdOf(request));
  }
}
