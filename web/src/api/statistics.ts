/** Registration statistics: by area and month with timeliness, completeness, and the estimates behind it. */
import { json, type Api } from './http';

export interface Counts {
  readonly total: number;
  /** Registered within the legal period. */
  readonly onTime: number;
  readonly late: number;
  readonly delayed: number;
}

export interface MonthCounts extends Counts {
  readonly month: string;
}

export interface RegistrationsByMonth {
  readonly eventType: string | null;
  readonly from: string;
  readonly to: string;
  readonly months: readonly string[];
  readonly series: readonly { readonly area: string | null; readonly months: readonly MonthCounts[] }[];
}

export interface AreaCompleteness extends Counts {
  readonly area: string;
  readonly expected: number | null;
  readonly expectedToDate: number | null;
  readonly completeness: number | null;
  readonly onTimeCompleteness: number | null;
}

export interface Completeness {
  readonly eventType: string;
  readonly year: number;
  readonly yearElapsed: number;
  readonly areas: readonly AreaCompleteness[];
}

export interface Estimates {
  readonly eventType: string;
  readonly year: number;
  readonly items: readonly { readonly area: string; readonly expected: number }[];
}

function query(params: Record<string, string | number | readonly string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return search.toString();
}

export const getRegistrationsByMonth = (
  api: Api,
  params: { eventType?: string; from: string; to: string; areas?: readonly string[] },
) => json<RegistrationsByMonth>(api(`/statistics/registrations?${query(params)}`));

export const getCompleteness = (api: Api, params: { eventType: string; year: number; areas: readonly string[] }) =>
  json<Completeness>(api(`/statistics/completeness?${query(params)}`));

export const getEstimates = (api: Api, eventType: string, year: number) =>
  json<Estimates>(api(`/statistics/estimates?${query({ eventType, year })}`));

export const saveEstimates = (
  api: Api,
  body: { eventType: string; year: number; estimates: readonly { area: string; expected: number | null }[] },
) => json<Estimates>(api('/statistics/estimates', { method: 'PUT', body }));
