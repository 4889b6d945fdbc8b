/**
 * What the index keeps of one record, made from a registry event: the record's row, the name tokens of each person it
 * names (section = role: child, mother, deceased, ...), and exact keys: tracking id, registration number, identity
 * numbers, phone numbers and the duplicate-detection blocking keys of its event type. The event type's form says
 * which fields are names, dates, phones and identity numbers; without it (not yet received) field ids decide.
 */
import { blockingPart, findField, valueAt, type EventTypeDefinition } from '../../../core/forms/index.js';
import { normalizeCode } from '../../../core/linkage/normalize.js';
import type { RecordEventData } from '../../registry/api.js';
import { nameTokens, namePart, phoneticCode } from './names.js';

export interface IndexTerm {
  readonly role: string;
  readonly part: 'given' | 'family';
  readonly token: string;
  readonly position: number;
}

export interface IndexEntry {
  readonly recordId: string;
  readonly eventType: string;
  readonly trackingId: string;
  readonly registrationNumber: string | null;
  readonly status: string;
  readonly potentialDuplicate: boolean;
  readonly areaCode: string | null;
  readonly areaPath: readonly string[];
  readonly office: string | null;
  readonly eventDate: string | null;
  readonly declaredAt: string | null;
  readonly registeredAt: string | null;
  readonly updatedAt: string;
  readonly version: number;
  readonly data: RecordEventData['data'];
  readonly terms: readonly IndexTerm[];
  readonly keys: readonly string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function indexEntry(event: RecordEventData, definition: EventTypeDefinition | undefined): IndexEntry {
  const terms: IndexTerm[] = [];
  const keys = new Set<string>([`tracking:${normalizeCode(event.trackingId)}`]);
  if (event.registrationNumber) keys.add(`number:${normalizeCode(event.registrationNumber)}`);
  for (const [section, fields] of Object.entries(event.data)) {
    for (const [fieldId, value] of Object.entries(fields ?? {})) {
      const kind = fieldKind(definition, section, fieldId);
      if (kind === 'given' || kind === 'family') {
        nameTokens(value).forEach((token, position) => terms.push({ role: section, part: kind, token, position }));
      } else if (kind === 'id' && typeof value === 'string' && value.trim()) {
        keys.add(`id:${normalizeCode(value)}`);
      } else if (kind === 'phone' && typeof value === 'string' && value.trim()) {
        keys.add(`phone:${phoneKey(value)}`);
      }
    }
  }
  for (const key of blockingKeys(definition, event.data)) keys.add(key);
  const declared = event.status === 'DECLARED' || event.status === 'VALIDATED';
  return {
    recordId: event.recordId,
    eventType: event.eventType,
    trackingId: event.trackingId,
    registrationNumber: event.registrationNumber,
    status: event.status,
    potentialDuplicate: event.flags?.includes('POTENTIAL_DUPLICATE') ?? false,
    areaCode: event.areaPath[0] ?? null,
    areaPath: event.areaPath,
    office: event.actor.office,
    eventDate: eventDateOf(definition, event.data),
    // The first time seen in each status; the index keeps the earliest it was told.
    declaredAt: declared ? event.at : null,
    registeredAt: event.status === 'REGISTERED' ? event.at : null,
    updatedAt: event.at,
    version: event.version ?? 0,
    data: event.data,
    terms,
    keys: [...keys],
  };
}

type FieldKind = 'given' | 'family' | 'id' | 'phone' | 'other';

/** Field kinds per event type definition, by section and field (a reindex asks a million times about a few dozen). */
const kindsOf = new WeakMap<EventTypeDefinition, Map<string, Map<string, FieldKind>>>();
const kindsWithout = new Map<string, Map<string, FieldKind>>();
/** Field ids come from declarations: bounded so that odd data cannot grow it without end. */
const MOST_KINDS = 10_000;

function fieldKind(definition: EventTypeDefinition | undefined, section: string, fieldId: string): FieldKind {
  let sections = definition ? kindsOf.get(definition) : kindsWithout;
  if (!sections) {
    sections = new Map();
    kindsOf.set(definition!, sections);
  }
  let kinds = sections.get(section);
  if (!kinds) {
    if (sections.size >= MOST_KINDS) sections.clear();
    kinds = new Map();
    sections.set(section, kinds);
  }
  let kind = kinds.get(fieldId);
  if (kind === undefined) {
    if (kinds.size >= MOST_KINDS) kinds.clear();
    kind = kindOfField(definition, section, fieldId);
    kinds.set(fieldId, kind);
  }
  return kind;
}

function kindOfField(definition: EventTypeDefinition | undefined, section: string, fieldId: string): FieldKind {
  const field = definition ? findField(definition, `${section}.${fieldId}`)?.field : undefined;
  const type = field?.type;
  if (type === 'id-number' || (!field && /nationalId|^uin$|^nid$/i.test(fieldId))) return 'id';
  if (type === 'phone' || (!field && /phone/i.test(fieldId))) return 'phone';
  if ((type === 'text' || !field) && namePart(fieldId)) return namePart(fieldId)!;
  return 'other';
}

/** The last nine digits: +260 97 1234567, 0971234567 and 971234567 are one number. */
export function phoneKey(value: string): string {
  return value.replace(/\D/g, '').slice(-9);
}

/**
 * The blocking keys of a declaration under its event type's duplicate rules: `block:<n>:<type>:<values>` for each
 * key whose parts all have a value. Two records sharing one are compared.
 */
/** The record's event date (its type's `dateField`), when it is a date (YYYY-MM-DD); null otherwise. */
export function eventDateOf(
  definition: EventTypeDefinition | undefined,
  data: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): string | null {
  const value = definition ? valueAt(data, definition.dateField) : undefined;
  return typeof value === 'string' && ISO_DATE.test(value) ? value : null;
}

export function blockingKeys(
  definition: EventTypeDefinition | undefined,
  data: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): string[] {
  if (!definition?.deduplication) return [];
  const keys: string[] = [];
  for (const [n, parts] of blockingRules(definition).entries()) {
    const values = parts.map((part) => blockingValue(part, data));
    if (values.every((value) => value !== '')) keys.push(`block:${n}:${definition.id}:${values.join('|')}`);
  }
  return keys;
}

interface BlockingPart {
  readonly section: string;
  readonly fieldId: string;
  readonly transform: ReturnType<typeof blockingPart>['transform'];
}

/** The blocking rules of a definition, parsed once (a reindex asks a million times). */
const parsedRules = new WeakMap<EventTypeDefinition, BlockingPart[][]>();

function blockingRules(definition: EventTypeDefinition): BlockingPart[][] {
  let rules = parsedRules.get(definition);
  if (!rules) {
    rules = (definition.deduplication?.blocking ?? []).map((parts) =>
      parts.map((part) => {
        const { field, transform } = blockingPart(part);
        // A field path is `section.field` (the definition was checked when it was parsed).
        const dot = field.indexOf('.');
        return { section: field.slice(0, dot), fieldId: field.slice(dot + 1), transform };
      }),
    );
    parsedRules.set(definition, rules);
  }
  return rules;
}

function blockingValue(part: BlockingPart, data: Readonly<Record<string, Readonly<Record<string, unknown>>>>): string {
  const { transform } = part;
  const value = fieldValue(data, part.section, part.fieldId);
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const text = String(value).trim();
  switch (transform) {
    case 'phonetic': {
      const first = nameTokens(text)[0];
      return first ? phoneticCode(first) : '';
    }
    case 'year':
      return ISO_DATE.test(text) ? text.slice(0, 4) : '';
    case 'initial':
      return nameTokens(text)[0]?.[0] ?? '';
    case 'value':
      return normalizeCode(text);
  }
}

/** A field's value in a declaration: `valueAt` with the path already split. */
function fieldValue(
  data: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  section: string,
  fieldId: string,
): unknown {
  const fields = data[section];
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return undefined;
  return Object.hasOwn(fields, fieldId) ? fields[fieldId] : undefined;
}
