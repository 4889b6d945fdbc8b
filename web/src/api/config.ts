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
    const page = await json<Page<Place>>(api(`${path}${path.includes('?') ? '&' : '?'}limit=${PAGE}&offset=${offset}`));
    items.push(...page.items);
    if (page.items.length < PAGE || items.length >= page.total) return items;
  }
}

/**
 * The areas just below `parent`, or the country's top level: a large country has 100,000 villages and wards, so the
 * screens that walk the tree read one level at a time and find the rest with the place picker.
 */
export const listAreasBelow = (api: Api, parent: string | undefined) =>
  all(api, parent ? `/areas?parent=${encodeURIComponent(parent)}` : '/areas?top=true');

export const getArea = (api: Api, code: string) => json<Place>(api(`/areas/${encodeURIComponent(code)}`));
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
