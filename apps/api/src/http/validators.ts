import { isCalendarDate, isKnownOrganisation, parseMoment } from '@cosinum/domain';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Calendar dates are `YYYY-MM-DD`, real (no 30 February) and within a sane range. */
export const IsCalendarDate =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          '$property must be a real calendar date YYYY-MM-DD between 2000-01-01 and 2100-12-31',
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          isCalendarDate(value) && value >= '2000-01-01' && value <= '2100-12-31',
      },
    });

export const IsOrganisationCode =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isOrganisationCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be a known ministry code (see GET /api/ministries)',
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isKnownOrganisation(value),
      },
    });

/** `all`, or a non-empty list of known ministry codes. */
export const IsMinistrySelection =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isMinistrySelection',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          '$property must be "all" or a non-empty list (at most 50) of known ministry codes (see GET /api/ministries)',
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          value === 'all' ||
          (Array.isArray(value) &&
            value.length > 0 &&
            value.length <= 50 &&
            value.every((v) => typeof v === 'string' && isKnownOrganisation(v))),
      },
    });

/** A calendar date (end of that Paris day) or an ISO-8601 instant with its offset. */
export const IsMoment =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isMoment',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          '$property must be a date YYYY-MM-DD or an ISO-8601 instant such as 2021-04-01T12:00:00Z',
        ...options,
      },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const moment = parseMoment(value);
          return moment !== null && moment >= '2000-01-01' && moment <= '2101-01-01';
        },
      },
    });
