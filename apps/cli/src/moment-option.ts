import { parseMoment } from '@cosinum/domain';
import { CliError } from './cli-error';

/** An option's date (end of that day, Paris) or instant; now when absent. */
export const momentOption = (value: string | undefined, name: string): string => {
  if (value === undefined) return new Date().toISOString();
  const parsed = parseMoment(value);
  if (!parsed)
    throw new CliError(`${name} must be a date YYYY-MM-DD or an ISO-8601 instant, got "${value}"`);
  return parsed;
};
