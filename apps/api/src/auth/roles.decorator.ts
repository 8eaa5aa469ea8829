import { SetMetadata } from '@nestjs/common';
import type { Role } from './identity';

export const ROLES_KEY = 'cosinum:roles';
export const PUBLIC_KEY = 'cosinum:public';

/** Who may call this route. Deny by default: a route that declares nothing answers 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Open to anyone: health, API description. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const READERS: Role[] = ['analyst', 'auditor', 'ministry'];
