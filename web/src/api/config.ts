/** The configuration the forms need: event types, areas, health facilities and offices. */
import { json, type Api } from './http';
import type { EventTypeDefinition, EventTypeSummary, Page, Place, WebSettings } from './types';

export const listEventTypes = (api: Api) => json<EventTypeSummary[]>(api('/event-types'));

export const getEventType = (api: Api, id: string, version?: number) =>
  json<EventTypeDefinition>(api(`/event-types/${id}${version ? `?version=${version}` : ''}`));

const PAGE = 1000;

/** Every item of a paged list (areas, facilities, offices), a thousand at a time. */
async function all(api: Api, path: string): Promise<Place[]> {
  const items: Place[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await json<Page<Place>>(api(`${path}?limit=${PAGE}&offset=${offset}`));
    items.push(...page.items);
    if (page.items.length < PAGE || items.length >= page.total) return items;
  }
}

export const listAreas = (api: Api) => all(api, '/areas');
export const listFacilities = (api: Api) => all(api, '/facilities');
export const listOffices = (api: Api) => all(api, '/offices');

/** Settings the server gives the app (served beside it, not under /api/v1); defaults when it cannot be read. */
export async function fetchSettings(): Promise<WebSettings> {
  try {
    const response = await fetch('/settings.json');
    if (response.ok) return { offlineQueueLimit: 50, ...((await response.json()) as Partial<WebSettings>) };
  } catch {
    // Offline and not cached yet: the defaults.
  }
  return { offlineQueueLimit: 50 };
}
