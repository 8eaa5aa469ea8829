/** What the dashboard's controllers read requests with, and answer them as. */

export const HTML = 'text/html; charset=utf-8';

/** A commitment id as the store writes it: anything else is no commitment (a French 404). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A query parameter given once or repeated (`?a=1&a=2`): its first value. */
export const firstValue = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;
