import { auditRows } from '../../../core/audit/append.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import { demand } from '../../../core/http/scopes.js';
import { eventTypeOf } from '../event-types.js';
import { recordState, type RecordAction } from '../record-state.js';
import { writeNewRecord, type RegistryDb } from '../repository.js';
import { newTrackingId } from '../tracking-id.js';
import { recordView, type Acting } from './act.js';

/**
 * Starts a record (a draft) of a configured event type, with its tracking ID; it keeps the form version of today.
 * Until it is declared it lies in the creator's own area.
 */
export async function createRecord(tx: RegistryDb, acting: Acting, input: { eventType: string }) {
  const { caller } = acting;
  const definition = await eventTypeOf(tx, input.eventType);
  demand(caller, 'record.declare', { event: definition.id, area: caller.jurisdiction }, `a ${definition.id} record`);
  const id = uuidv7();
  const action: RecordAction = {
    seq: 1,
    type: 'CREATE',
    at: new Date().toISOString(),
    userId: caller.sub,
    role: caller.role,
    office: caller.office,
  };
  const state = recordState([action]);
  const row = {
    id,
    tracking_id: newTrackingId(),
    event_type: definition.id,
    form_version: definition.version,
    status: state.status,
    incomplete: false,
    potential_duplicate: false,
    correction_requested: false,
    assigned_to: null,
    registration_number: null,
    certificates_printed: 0,
    area_code: caller.jurisdiction[0] ?? null,
    area_path: [...caller.jurisdiction],
    office: caller.office,
    created_by: caller.sub,
    version: state.version,
    data: {},
    state,
  };
  await writeNewRecord(tx, {
    record: row,
    action,
    audit: auditRows([
      {
        actor: caller.sub,
        actorRole: caller.role,
        action: 'record.create',
        subject: id,
        detail: { eventType: definition.id },
        requestId: acting.requestId,
      },
    ])[0]!,
  });
  return recordView({ ...row, created_at: new Date(action.at), updated_at: new Date(action.at) }, state);
}
