import { BadRequestException, type ValidationError } from '@nestjs/common';

/** RFC 9457 problem details, as every error leaves the API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: FieldError[];
  /** When `errors` lists only the first ones: how many there are in all. */
  totalErrors?: number;
}

export interface FieldError {
  /** Dotted path of the field in the body or query: `metric.target`, `ministries`, `asOf`; `body` for the whole body. */
  field: string;
  message: string;
  /** For errors inside an uploaded spreadsheet: the same in French, with what is expected. */
  messageFr?: string;
  /** For errors inside an uploaded file: where, 1-based. */
  line?: number;
  column?: number;
}

export const problemType = (code: string): string =>
  `urn:cosinum:problem:${code.toLowerCase().replace(/[._]/g, '-')}`;

/** Thrown by the global ValidationPipe: carries every bad field, with nested paths. */
export class InputValidationException extends BadRequestException {
  /** `total`: how many errors there are when `fieldErrors` lists only the first ones. */
  constructor(
    readonly fieldErrors: FieldError[],
    readonly total = fieldErrors.length,
  ) {
    super('The request is not valid');
  }
}

export const flattenValidationErrors = (errors: ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    // An array's elements are named as the domain names them: `milestones[0].on`.
    const field = !parent
      ? error.property
      : /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`;
    // An absent field fails every rule of its own (length, format…): name what is wrong once.
    // Optional fields never get here when absent (`@IsOptional` skips them).
    if (
      error.value === undefined &&
      error.constraints &&
      !('whitelistValidation' in error.constraints)
    )
      return [{ field, message: `${field} is required` }];
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message:
        rule === 'whitelistValidation'
          ? `${field} is not an accepted field`
          : message.replace(error.property, field),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
