import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { buildEventCatalog, checkEnvelope, defineEvent, findEventDefinition, typeMatches } from './envelope.js';

const Registered = defineEvent({
  type: 'registry.*.registered',
  version: 1,
  description: 'A record of any event type was registered.',
  data: z.object({ recordId: z.string() }),
});
const AreaCreated = defineEvent({
  type: 'config.area.created',
  version: 1,
  description: 'An area.',
  data: z.object({ code: z.string() }),
});

describe('event families', () => {
  it('match one segment for each *', () => {
    expect(typeMatches('registry.*.registered', 'registry.birth.registered')).toBe(true);
    expect(typeMatches('registry.*.registered', 'registry.adoption.registered')).toBe(true);
    expect(typeMatches('registry.*.registered', 'registry.birth.declared')).toBe(false);
    expect(typeMatches('registry.*.registered', 'registry.birth.twin.registered')).toBe(false);
    expect(typeMatches('config.area.created', 'config.area.created')).toBe(true);
  });

  it('find the family of a concrete type, and check its data against it', () => {
    const catalog = buildEventCatalog([Registered, AreaCreated]);
    expect(findEventDefinition(catalog, 'registry.death.registered')).toBe(Registered);
    expect(findEventDefinition(catalog, 'registry.death.declared')).toBeUndefined();
    const envelope = {
      id: '01a21635-2c6d-7001-a134-ebe84e8d1520',
      type: 'registry.death.registered',
      version: 1,
      time: new Date().toISOString(),
      source: 'registry',
      subject: 'r1',
      traceId: 't1',
    };
    expect(checkEnvelope({ ...envelope, data: { recordId: 'r1' } }, catalog).ok).toBe(true);
    expect(checkEnvelope({ ...envelope, data: { recordId: 1 } }, catalog)).toMatchObject({ ok: false });
  });
});
