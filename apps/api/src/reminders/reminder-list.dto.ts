import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { ORGANISATION_CODE } from '@cosinum/domain';

const ISO_WEEK = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;
const WEEK_MESSAGE = '$property must be an ISO week, YYYY-Www (2021-W12)';

/** `GET /api/reminders`: whose reminders, which weeks; any other parameter is refused. */
export class ReminderListQueryDto {
  @ApiPropertyOptional({
    description:
      'A ministry code: its reminders only. Default: every ministry for an analyst or an auditor; a ministry key sees its own only (another: 403).',
    example: 'MI',
  })
  @IsOptional()
  @IsString()
  @Matches(ORGANISATION_CODE, { message: 'ministry must be a ministry code such as MI' })
  ministry?: string;

  @ApiPropertyOptional({ description: 'First ISO week listed (inclusive)', example: '2021-W01' })
  @IsOptional()
  @IsString()
  @Matches(ISO_WEEK, { message: WEEK_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ description: 'Last ISO week listed (inclusive)', example: '2021-W12' })
  @IsOptional()
  @IsString()
  @Matches(ISO_WEEK, { message: WEEK_MESSAGE })
  to?: string;
}

const OUTCOMES = ['sent', 'failed', 'given_up', 'in_progress'] as const;

export class ListedReminderDto {
  @ApiProperty({ example: 'MI' }) ministry!: string;
  @ApiProperty({ example: '2021-W12' }) isoWeek!: string;
  @ApiProperty({
    enum: OUTCOMES,
    description:
      'sent; failed: the latest attempt failed, another will follow (retryAt); given_up: no runner will try again (refused for good, or every attempt spent); in_progress: claimed, no outcome yet',
  })
  outcome!: (typeof OUTCOMES)[number];
  @ApiProperty({ example: 1, description: 'Claims so far, one per attempt' }) attempts!: number;
  @ApiProperty({
    type: [String],
    example: ['referente@interieur.gouv.fr'],
    description: "The first claim's recipients: every attempt goes to them",
  })
  recipients!: string[];
  @ApiProperty({ example: '2021-03-22T08:00:00.000Z' }) firstClaimedAt!: string;
  @ApiProperty({ example: '2021-03-22T08:00:00.000Z' }) lastClaimedAt!: string;
  @ApiPropertyOptional({ example: '2021-03-22T08:00:01.000Z', description: 'sent only' })
  sentAt?: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'sent only: the recipients the mail server refused',
  })
  refused?: string[];
  @ApiPropertyOptional({ description: 'sent only: the e-mail subject' }) subject?: string;
  @ApiPropertyOptional({ example: 4, description: 'sent only: how many commitments it listed' })
  commitmentCount?: number;
  @ApiPropertyOptional({
    example: '550 5.1.1 mailbox unknown',
    description: "The latest failed attempt's error (also on a reminder sent at a later attempt)",
  })
  lastError?: string;
  @ApiPropertyOptional({ description: 'The latest failure was an SMTP 5xx: not retried' })
  permanent?: boolean;
  @ApiPropertyOptional({ description: 'failed only: when the next attempt may run' })
  retryAt?: string;
}

export class ReminderListDto {
  @ApiProperty({ type: [ListedReminderDto] }) items!: ListedReminderDto[];
}
