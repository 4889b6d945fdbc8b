/**
 * What statistics keep of a registered record, folded from the registry's events: its event type, the areas it lies
 * in, the month it was registered, the date of the event and whether it was registered within the legal period.
 * No names or other personal data.
 */
import { timeliness, type Timeliness } from '../../core/forms/timeliness.js';
import type { EventTypePublishedData } from '../config/api.js';
import type { RecordEventData } from '../registry/api.js';
import { findEventType, findRegistration, saveRegistration, storeEventType, type MetricsDb } from './repository.js';

/** Keeps what timeliness needs of an event type version: where its date is, and its legal periods. */
export async function keepEventType(db: MetricsDb, published: EventTypePublishedData): Promise<void> {
  const { definition } = published;
  await storeEventType(db, {
    id: published.id,
    version: published.version,
    date_field: definition.dateField,
    on_time_days: definition.legalPeriods.onTimeDays,
    late_days: definition.legalPeriods.lateDays,
  });
}

/**
 * A record was registered (`registeredAt` undefined: the event's time) or a registered one corrected (its
 * registration time kept; a correction of a record not seen registered is left out).
 */
export async function keepRegistration(db: MetricsDb, record: RecordEventData, corrected: boolean): Promise<void> {
  const previous = corrected ? await findRegistration(db, record.recordId) : undefined;
  if (corrected && !previous) return;
  await saveRegisteredRecord(db, record, previous?.registered_at ?? new Date(record.at));
}

/** Keeps a registered record as it stands, registered at `registeredAt` (an event, or a rebuild from the registry). */
export async function saveRegisteredRecord(db: MetricsDb, record: RecordEventData, registeredAt: Date): Promise<void> {
  const type = await findEventType(db, record.eventType, record.formVersion);
  // Thrown, the event is retried: config's event types may reach this consumer after the first registrations.
  if (!type) throw new Error(`metrics has not received event type ${record.eventType} v${record.formVersion} yet`);
  const eventDate = dateAt(record.data, type.date_field);
  await saveRegistration(
    db,
    {
      record_id: record.recordId,
      event_type: record.eventType,
      registered_at: registeredAt,
      registered_month: registeredAt.toISOString().slice(0, 7),
      event_date: eventDate ?? null,
      timeliness: eventDate ? timelinessOf(eventDate, registeredAt, type) : null,
    },
    record.areaPath,
  );
}

function dateAt(data: RecordEventData['data'], path: string): string | undefined {
  const [section, field] = path.split('.');
  const value = data[section!]?.[field!];
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

function timelinessOf(
  eventDate: string,
  registeredAt: Date,
  type: { on_time_days: number; late_days: number },
): Timeliness | null {
  try {
    return timeliness(eventDate, registeredAt.toISOString().slice(0, 10), {
      onTimeDays: type.on_time_days,
      lateDays: type.late_days,
    });
  } catch {
    // A date the form let through but the calendar does not have (2025-02-30): counted, timeliness unknown.
    return null;
  }
}
