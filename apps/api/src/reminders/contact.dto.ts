import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLAIN_EMAIL_PATTERN } from '@cosinum/reminders';
import { IsCleanText } from '../http/validators';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class RegisterContactDto {
  @ApiProperty({ example: 'referent.numerique@interieur.gouv.fr', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  @Matches(PLAIN_EMAIL_PATTERN, {
    message:
      'email must be a plain email address (letters, digits and . _ % + - before the @; no quotes, spaces or angle brackets)',
  })
  email!: string;

  @ApiPropertyOptional({ example: 'Camille Martin', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsCleanText({ singleLine: true })
  name?: string;
}

export class ContactDto {
  @ApiProperty({ example: 'referent.numerique@interieur.gouv.fr' }) email!: string;
  @ApiPropertyOptional({ example: 'Camille Martin' }) name?: string;
  @ApiProperty({ example: '2021-03-01T09:00:00.000Z' }) registeredAt!: string;
}

export class ContactListDto {
  @ApiProperty({ example: 'MI' }) ministry!: string;
  @ApiProperty({ type: [ContactDto] }) items!: ContactDto[];
}
