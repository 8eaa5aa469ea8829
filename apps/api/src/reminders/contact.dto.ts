import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class RegisterContactDto {
  @ApiProperty({ example: 'referent.numerique@interieur.gouv.fr', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiPropertyOptional({ example: 'Camille Martin', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' })
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
