import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  ContactsService,
  ReminderDispatcher,
  isIsoWeek,
  nothingToReportText,
  type ListedReminder,
  type ReminderPreview,
  type ReminderRun,
} from '@cosinum/reminders';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
import { InputValidationException, type FieldError } from '../http/problem';
import { READERS, Roles } from '../auth/roles.decorator';
import { correlationIdOf } from '../http/actor';
import { ReminderListDto, ReminderListQueryDto } from './reminder-list.dto';

@ApiTags('reminders')
@Controller('api/reminders')
export class RemindersController {
  constructor(
    private readonly dispatcher: ReminderDispatcher,
    private readonly contacts: ContactsService,
  ) {}

  /**
   * The query's parameters checked all at once: only `allowed` ones, a week `YYYY-Www` not after
   * the current one, a known ministry, a boolean `dryRun`.
   */
  private checked(query: Record<string, unknown>, allowed: readonly string[]) {
    const errors: FieldError[] = Object.keys(query)
      .filter((k) => !allowed.includes(k))
      .map((field) => ({ field, message: `${field} is not an accepted parameter` }));
    const { week, ministry, dryRun } = query;
    if (week !== undefined) {
      if (!isIsoWeek(week))
        errors.push({ field: 'week', message: 'week must be an ISO week, YYYY-Www (2021-W12)' });
      else {
        try {
          this.dispatcher.weekInstant(week);
        } catch {
          errors.push({ field: 'week', message: 'week must not be after the current week' });
        }
      }
    }
    if (allowed.includes('ministry')) {
      if (typeof ministry !== 'string' || ministry === '')
        errors.push({ field: 'ministry', message: 'ministry is required' });
      else {
        try {
          this.contacts.assertKnown(ministry);
        } catch {
          errors.push({ field: 'ministry', message: `ministry ${ministry} is not known` });
        }
      }
    }
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
      errors.push({ field: 'dryRun', message: 'dryRun must be true or false' });
    if (errors.length > 0) throw new InputValidationException(errors);
    return {
      week: week as string | undefined,
      ministry: ministry as string,
      dryRun: dryRun === 'true',
    };
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "Each ministry's weekly reminders with their outcome (sent, failed, given up, in progress), newest week first; dry runs write nothing and never appear",
  })
  @ApiOkResponse({
    type: ReminderListDto,
    description:
      '{asOf, items}: asOf is the instant the outcomes are judged at (a failed reminder becomes given up once no attempt is left). An analyst or an auditor sees every ministry, or the one asked; a ministry key its own only (another: 403). Bad or unknown parameters: 400 naming each.',
  })
  list(
    @Query() query: ReminderListQueryDto,
    @CurrentIdentity() identity: Identity,
  ): { asOf: string; items: ListedReminder[] } {
    const errors: FieldError[] = [];
    for (const field of ['from', 'to'] as const)
      if (query[field] !== undefined && !isIsoWeek(query[field]))
        errors.push({ field, message: `${field} ${query[field]} is not a week of its year` });
    if (query.from && query.to && errors.length === 0 && query.from > query.to)
      errors.push({ field: 'to', message: 'to must not be before from' });
    if (query.ministry !== undefined)
      try {
        this.contacts.assertKnown(query.ministry);
      } catch {
        errors.push({ field: 'ministry', message: `ministry ${query.ministry} is not known` });
      }
    if (errors.length > 0) throw new InputValidationException(errors);
    const ministry = scopeMinistry(identity, query.ministry);
    return this.dispatcher.list({ ministry, from: query.from, to: query.to });
  }

  @Get('preview')
  @Roles('analyst', 'ministry')
  @ApiOperation({
    summary:
      "A ministry's weekly e-mail for an ISO week (subject, HTML, text) as its run builds it, without sending or writing anything",
  })
  @ApiQuery({ name: 'ministry', required: true, example: 'MI' })
  @ApiQuery({
    name: 'week',
    required: false,
    example: '2021-W12',
    description: 'ISO week, not after the current one; default the current week',
  })
  @ApiOkResponse({
    description:
      "{ministry, isoWeek, asOf, recipients, claimed, digest: {subject, html, text} | null, message?}. claimed: the message already claimed for that week (sent or being sent), rendered again; else the one a run would send now (at the week's scheduled time for an earlier week). digest null: nothing to report, with a French message. A ministry key may preview its own ministry only (403).",
  })
  async preview(
    @Query() query: Record<string, unknown>,
    @CurrentIdentity() identity: Identity,
  ): Promise<ReminderPreview & { message?: string }> {
    const { week, ministry } = this.checked(query, ['ministry', 'week']);
    scopeMinistry(identity, ministry);
    const preview = await this.dispatcher.preview(ministry, week ?? this.dispatcher.currentWeek());
    return preview.digest
      ? preview
      : {
          ...preview,
          message: nothingToReportText(preview.isoWeek),
        };
  }

  @Post('runs')
  @HttpCode(200)
  @Roles('analyst')
  @ApiOperation({
    summary:
      "Run the weekly reminders now, for the current ISO week or `week`: each ministry's digest goes out once; `dryRun=true` renders what would be sent and sends and writes nothing",
  })
  @ApiQuery({
    name: 'week',
    required: false,
    example: '2021-W12',
    description:
      "ISO week, not after the current one; an earlier week's digests are planned on the board of its scheduled time",
  })
  @ApiQuery({ name: 'dryRun', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({
    description:
      '{runId, trigger, isoWeek, asOf, dryRun, outcomes: [{ministry, status, …}]}. status: sent (attempt, messageId, recipients, refused: the recipients the server refused), failed (error, willRetry, permanent: an SMTP 5xx, not retried; retryAt: when the next attempt may run, recorded in the stream and honoured by every runner), waiting (retryAt), gave_up (attempts, permanent), already_sent, claimed_elsewhere, in_flight (leaseEndsAt), nothing_to_report, no_recipients, error; in a dry run, would_send (attempt, messageId, recipients, subject, html, text) where a run would claim and send. Unknown query parameters: 400.',
  })
  run(
    @Req() request: FastifyRequest,
    @Query() query: Record<string, unknown>,
  ): Promise<ReminderRun> {
    const { week, dryRun } = this.checked(query, ['week', 'dryRun']);
    return this.dispatcher.run('manual', correlationIdOf(request), {
      ...(week && { isoWeek: week }),
      dryRun,
    });
  }
}
