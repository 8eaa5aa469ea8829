import {
  evidenceProblem,
  isCalendarDate,
  isKnownOrganisation,
  parseMoment,
  textProblem,
} from '@cosinum/domain';
import { Transform } from 'class-transformer';
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

/**
 * Where the validators learn the codes created through the organisation chart (beyond the static
 * list): each running app registers its read model's chart while it lives. A first gate only: the
 * commitment decider checks the code against its own app's chart.
 */
const chartSources = new Set<() => Iterable<string>>();

export const registerOrganisationCodes = (source: () => Iterable<string>): (() => void) => {
  chartSources.add(source);
  return () => chartSources.delete(source);
};

const isKnownCode = (code: string): boolean => {
  if (isKnownOrganisation(code)) return true;
  for (const source of chartSources) for (const c of source()) if (c === code) return true;
  return false;
};

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
        validate: (value: unknown) => typeof value === 'string' && isKnownCode(value),
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
            value.every((v) => typeof v === 'string' && isKnownCode(v))),
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

/**
 * Text typed by people: no control characters but line breaks and tabs, no bidirectional
 * overrides or isolates, no lone surrogates, not blank; a single-line text (title, name) no line
 * breaks or tabs either. See `textProblem` in the domain, which the imports apply too.
 */
export const IsCleanText =
  (
    rules: { singleLine?: boolean; allowBlank?: boolean } = {},
    options?: ValidationOptions,
  ): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isCleanText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args) =>
          `${args.property} ${textProblem(String(args.value), rules) ?? 'is not acceptable text'}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && textProblem(value, rules) === undefined,
      },
    });

/** Leading and trailing spaces are not part of a title or a name: removed before validation. */
export const Trimmed = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** An evidence link: the domain's rule (`evidenceProblem`), with its reason as the message. */
export const IsEvidenceLink =
  (options?: ValidationOptions): PropertyDecorator =>
  (target, propertyName) =>
    registerDecorator({
      name: 'isEvidenceLink',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args) =>
          `${args.property} ${evidenceProblem(String(args.value)) ?? 'is not an acceptable link'}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && evidenceProblem(value) === undefined,
      },
    });
