/** Events the config service publishes. */
import { z } from 'zod';
import { defineEvent } from '../../core/events/envelope.js';
import { NewArea } from './model.js';

const AreaData = NewArea.required();

/** An administrative area was added (through the API or a country import). */
export const AreaCreated = defineEvent({
  type: 'config.area.created',
  version: 1,
  description: 'An administrative area was added.',
  data: AreaData,
});

/** An area's name, kind or parent changed in a country import. */
export const AreaUpdated = defineEvent({
  type: 'config.area.updated',
  version: 1,
  description: "An administrative area's name, kind or parent changed.",
  data: AreaData.extend({ changed: z.array(z.enum(['name', 'kind', 'parentCode'])).min(1) }),
});

export const configEvents = [AreaCreated, AreaUpdated] as const;
