/**
 * The duplicate check of one declaration: the records sharing one of its blocking keys (same event type, declared,
 * validated or registered; at most `MAX_CANDIDATES`), each scored field by field with the event type's model; those
 * whose probability of being the same person reaches the event type's threshold are its likely duplicates.
 */
import type { EventTypeDefinition } from '../../../core/forms/index.js';
import { eventTypeAt } from '../event-types.js';
import { blockingKeys, eventDateOf } from '../indexing/entry.js';
import type { SearchDb } from '../repository.js';
import { findCandidates } from './candidates.js';
import { pairLevels, prepare, prepareValues, swapPartners } from './levels.js';
import { scorePair, type FieldScore } from './model.js';
import { modelFor } from './models.js';

type Data = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface DuplicateCheckInput {
  readonly recordId: string;
  readonly eventType: string;
  readonly formVersion?: number;
  readonly data: Data;
  /** Records already found not to be duplicates of this one (a registrar said so): not flagged again. */
  readonly exclude?: readonly string[];
}

export interface ComparedField extends FieldScore {
  /** The two values as declared, the new record's first. */
  readonly values: readonly [unknown, unknown];
}

export interface DuplicateCandidate {
  readonly recordId: string;
  readonly trackingId: string;
  readonly status: string;
  readonly registrationNumber: string | null;
  readonly probability: number;
  /** Relatives (siblings, twins) explain the pair better than one person entered twice. */
  readonly likelyRelatives: boolean;
  readonly fields: readonly ComparedField[];
}

export interface DuplicateCheck {
  /** False when the event type has no duplicate rules. */
  readonly checked: boolean;
  readonly threshold: number;
  /** Compared records, best first; `duplicates` are those at or above the threshold. */
  readonly compared: number;
  readonly duplicates: readonly DuplicateCandidate[];
}

export async function checkDuplicates(db: SearchDb, input: DuplicateCheckInput): Promise<DuplicateCheck> {
  const definition = await eventTypeAt(db, input.eventType, input.formVersion);
  const rules = definition?.deduplication;
  if (!definition || !rules) return { checked: false, threshold: 1, compared: 0, duplicates: [] };
  const scored = await scoreAgainst(db, definition, input, blockingKeys(definition, input.data));
  return {
    checked: true,
    threshold: rules.threshold,
    compared: scored.length,
    duplicates: scored.filter((candidate) => candidate.probability >= rules.threshold),
  };
}

/** Scores the record against the records sharing one of `keys` (or against `recordIds` when given). */
export async function scoreAgainst(
  db: SearchDb,
  definition: EventTypeDefinition,
  input: Pick<DuplicateCheckInput, 'recordId' | 'data' | 'exclude'>,
  keys: readonly string[],
  recordIds?: readonly string[],
): Promise<DuplicateCandidate[]> {
  const rules = definition.deduplication?.fields ?? [];
  const rows = await findCandidates(
    db,
    definition,
    { ...input, eventDate: eventDateOf(definition, input.data) },
    keys,
    recordIds,
  );
  const model = await modelFor(db, definition);
  const partners = swapPartners(rules);
  const mine = prepare(rules, input.data);
  return rows
    .map((row) => {
      const theirs = prepareValues(rules, row.values);
      const levels = pairLevels(definition, mine, theirs, partners);
      const score = scorePair(model, definition, levels, mine.values);
      return {
        recordId: row.record_id,
        trackingId: row.tracking_id,
        status: row.status,
        registrationNumber: row.registration_number,
        probability: score.probability,
        likelyRelatives: score.likelyRelatives,
        fields: score.fields.map((field, index) => ({
          ...field,
          values: [valueOf(input.data, rules[index]!.field), row.values[index] ?? null] as const,
        })),
      };
    })
    .sort((a, b) => b.probability - a.probability);
}

function valueOf(data: Data, path: string): unknown {
  const [section, field] = path.split('.');
  return data[section!]?.[field!] ?? null;
}
