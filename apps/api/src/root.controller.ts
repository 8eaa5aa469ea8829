import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from './auth/roles.decorator';

@ApiExcludeController()
@Public()
@Controller()
export class RootController {
  /** People land on the dashboard (signing in first); the API describes itself at /api/docs. */
  @Get()
  @Redirect('/tableau-de-bord', 302)
  root(): void {}
}
