import type { DashboardFilters, DashboardQuery } from '@cosinum/presentation';

/** A query string carrying the time control, the filters (when asked) and extra parameters. */
export const queryString = (
  q: Pick<DashboardQuery, 'time'> & { filters?: DashboardFilters },
  extra: Record<string, string | number | undefined> = {},
): string => {
  const params = new URLSearchParams();
  const f = q.filters;
  if (f) {
    if (f.document) params.set('document', f.document);
    if (f.mission) params.set('mission', f.mission);
    if (f.ministry) params.set('ministry', f.ministry);
    if (f.search) params.set('search', f.search);
    for (const s of f.states) params.append('state', s);
    if (f.within !== undefined) params.set('within', String(f.within));
    if (f.from) params.set('from', f.from);
    if (f.to) params.set('to', f.to);
  }
  if (q.time.asOf) params.set('asOf', q.time.asOf);
  if (q.time.knownAt) params.set('knownAt', q.time.knownAt);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
};
