import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { isEmail } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@cosinum/event-store';
import { ContactError, ContactsService } from '@cosinum/reminders';
import { CurrentIdentity, scopeMinistry } from '../auth/current-identity';
import type { Identity } from '../auth/identity';
import { Roles } from '../auth/roles.decorator';
import { CurrentActor, correlationIdOf } from '../http/actor';
import { ContactDto, ContactListDto, RegisterContactDto } from './contact.dto';

@ApiTags('reminders')
@Controller('api/ministries/:code/contacts')
@Roles('analyst', 'ministry')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  /** An unknown code is a 404; a ministry identity manages its own contacts only (403). */
  private scoped(identity: Identity, code: string): string {
    this.contacts.assertKnown(code);
    scopeMinistry(identity, code);
    return code;
  }

  @Post()
  @ApiOperation({ summary: 'Register a contact who receives the weekly reminder of a ministry' })
  @ApiCreatedResponse({ type: ContactDto })
  async register(
    @Param('code') code: string,
    @Body() body: RegisterContactDto,
    @CurrentIdentity() identity: Identity,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<ContactDto> {
    return this.contacts.register(this.scoped(identity, code), body, {
      actor,
      correlationId: correlationIdOf(request),
    });
  }

  @Get()
  @ApiOperation({ summary: 'The contacts of a ministry' })
  @ApiOkResponse({ type: ContactListDto })
  async list(
    @Param('code') code: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<ContactListDto> {
    return { ministry: code, items: await this.contacts.list(this.scoped(identity, code)) };
  }

  @Delete(':email')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a contact: it receives no further reminder' })
  @ApiNoContentResponse()
  async remove(
    @Param('code') code: string,
    @Param('email') email: string,
    @CurrentIdentity() identity: Identity,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    const ministry = this.scoped(identity, code);
    if (email.length > 254 || !isEmail(email)) throw ContactError.invalidEmail();
    await this.contacts.remove(ministry, email, { actor, correlationId: correlationIdOf(request) });
  }
}
