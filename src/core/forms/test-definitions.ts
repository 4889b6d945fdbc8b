/** The demo country's event type definitions, read once, for the tests of this folder. */
import { readFileSync } from 'node:fs';
import type { EventTypeDefinition } from './definition.js';
import { parseEventTypeDefinition } from './parse.js';

export const DEMO_EVENTS_FOLDER = new URL('../../../countries/demo/events/', import.meta.url);

export function demoEventFile(name: string): { text: string; file: string } {
  const url = new URL(`${name}.yaml`, DEMO_EVENTS_FOLDER);
  return { text: readFileSync(url, 'utf8'), file: `countries/demo/events/${name}.yaml` };
}

export function demoDefinition(name: string): EventTypeDefinition {
  const { text, file } = demoEventFile(name);
  const result = parseEventTypeDefinition(text, file);
  if (result.problems) throw new Error(result.problems.join('\n'));
  return result.definition;
}
