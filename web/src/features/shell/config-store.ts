/**
 * The configuration the forms and pages read (event types and their forms, offices, settings), fetched once per
 * session. Areas and facilities are not here: a large country has 200,000; the device keeps them (features/locations). The service worker keeps the answers, so the forms also open with no connection.
 */
import { getEventType, listEventTypes, listOffices, fetchSettings } from '../../api/config';
import type { EventTypeDefinition, EventTypeSummary, Place, WebSettings } from '../../api/types';
import { api } from '../session/session';

const cache = new Map<string, Promise<unknown>>();

function once<T>(name: string, load: () => Promise<T>): Promise<T> {
  let promise = cache.get(name) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    cache.set(name, promise);
    // A failure is not kept: the next page asks again (the connection may be back).
    promise.catch(() => cache.delete(name));
  }
  return promise;
}

export const eventTypes = () => once<EventTypeSummary[]>('event-types', () => listEventTypes(api));

export const eventType = (id: string, version?: number) =>
  once<EventTypeDefinition>(`event-type:${id}:${version ?? 'latest'}`, () => getEventType(api, id, version));

export const offices = () => once<Place[]>('offices', () => listOffices(api));
export const settings = () => once<WebSettings>('settings', fetchSettings);

/** The offices a form offers. Areas and facilities (thousands) are the device's places: features/locations. */
export interface Places {
  readonly office: readonly Place[];
}

export async function places(): Promise<Places> {
  return { office: await offices() };
}

/** Warm the cache (and the service worker's) right after sign-in, so the forms work if the connection drops. */
export function preloadConfig(): void {
  void eventTypes()
    .then((types) => Promise.all(types.map((type) => eventType(type.id))))
    .catch(() => undefined);
  void places().catch(() => undefined);
  void settings();
}

/** Signing out forgets what this session fetched. */
export function clearConfig(): void {
  cache.clear();
}
