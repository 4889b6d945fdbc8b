/**
 * Keeps the user's assigned records on the device and sends the actions taken on them offline, as the outbox sends
 * declarations: whatever is due now, again when the connection returns, when asked (`kickAssigned`), and when the
 * next retry falls due, waiting longer after each failure.
 *
 * Sending an action is safe to repeat: validating carries its idempotency key (a repeat answers the first answer);
 * a print is recorded with the record's version, so a repeat is refused as stale. A stale answer (409) is read
 * against the record's history: the action there, ours, at the version after the one we saw, means it was applied
 * and only its answer was lost; anything else is a conflict, shown on the item for the user.
 */
import { ApiError } from '../api/http';
import { actWithKey, printWithCollector } from '../api/record-actions';
import { getHistory } from '../api/records';
import { downloadAssigned, downloadRecord } from './assigned-records';
import {
  listActions,
  readDetails,
  unsentActions,
  updateAction,
  type QueuedAction,
  type QueuedActionError,
} from './assigned-actions';
import {
  retryLater,
  sendEveryDue,
  startQueueRunner,
  waitForSignIn,
  type QueueDeps,
  type QueueRunner,
} from './retry-queue';
import { seal } from './vault';

export type AssignedSyncDeps = QueueDeps;

/** Refusals that mean the record is not as the user saw it any more. */
const CONFLICTS = new Set(['REGISTRY_VERSION_CONFLICT', 'REGISTRY_WRONG_STATUS', 'REGISTRY_ASSIGNED_TO_OTHER']);
const HISTORY_TYPE = { validate: 'VALIDATE', print: 'PRINT_CERTIFICATE' } as const;
const DOWNLOAD_EVERY_MS = 5 * 60_000;

/** Sends every action that is due; answers when the next one is due (or undefined). */
export function sendDueActions(deps: AssignedSyncDeps, now = Date.now()): Promise<number | undefined> {
  return sendEveryDue(
    () => listActions(deps.userId),
    (action) => sendAction(deps, action),
    now,
  );
}

export async function sendAction(deps: AssignedSyncDeps, start: QueuedAction): Promise<QueuedAction> {
  let action = (await updateAction(start.id, { state: 'sending' })) ?? start;
  const save = async (patch: Partial<QueuedAction>) => {
    action = (await updateAction(action.id, patch)) ?? { ...action, ...patch };
  };
  try {
    if (action.type === 'validate') {
      const record = await actWithKey(
        deps.api,
        action.recordId,
        'validate',
        { version: action.version },
        action.idempotencyKey,
        deps.timeoutMs,
      );
      await save(sent(action, record.version));
    } else {
      const details = await readDetails(deps.key, action);
      const pdf = await printWithCollector(
        deps.api,
        action.recordId,
        { version: action.version, language: details.language, collector: details.collector },
        deps.timeoutMs,
      );
      await save({ ...sent(action, action.version + 1), certificate: await seal(deps.key, await pdf.arrayBuffer()) });
    }
    await downloadRecord(deps.api, deps.key, deps.userId, action.recordId).catch(() => undefined);
  } catch (error) {
    await save(await failure(deps, action, error));
  }
  return action;
}

function sent(action: QueuedAction, appliedVersion: number): Partial<QueuedAction> {
  return { state: 'sent', appliedVersion, lastError: undefined, attempts: action.attempts + 1 };
}

async function failure(deps: AssignedSyncDeps, action: QueuedAction, error: unknown): Promise<Partial<QueuedAction>> {
  const attempts = action.attempts + 1;
  const at = new Date().toISOString();
  const stop = (kind: QueuedActionError['kind'], message: string, status?: number): Partial<QueuedAction> => ({
    state: kind === 'conflict' ? 'conflict' : 'needs-user',
    attempts,
    lastError: { kind, message, ...(status ? { status } : {}), at },
  });
  const signIn = waitForSignIn(error, attempts, at);
  if (signIn) {
    deps.onSignInNeeded();
    return signIn;
  }
  if (error instanceof ApiError && error.kind === 'http' && CONFLICTS.has(error.problem?.code ?? '')) {
    // Ours already, its answer lost? The record's next action in its history tells.
    const history = await getHistory(deps.api, action.recordId).catch(() => undefined);
    const next = history?.find((entry) => entry.seq === action.version + 1);
    if (next && next.type === HISTORY_TYPE[action.type] && next.userId === deps.userId) {
      await downloadRecord(deps.api, deps.key, deps.userId, action.recordId).catch(() => undefined);
      return { ...sent(action, next.seq), answerLost: action.type === 'print' };
    }
    if (history) return stop('conflict', error.message, error.status);
  }
  if (error instanceof ApiError && !error.retryable) return stop('needs-user', error.message, error.status);
  return retryLater(error, attempts, at, deps.firstWaitMs);
}

let active: QueueRunner | undefined;

/** Something changed (an action queued, a record assigned): send and download now. */
export function kickAssigned(): void {
  active?.kick(true);
}

/** Runs while the app is unlocked; one tab at a time sends (a Web Lock). */
export function startAssignedSync(deps: AssignedSyncDeps): { kick(): void; stop(): void } {
  let downloadedAt = 0;
  const runner = startQueueRunner({
    lock: 'civitas-assigned',
    what: 'the record actions',
    async pass(force) {
      const download = force || Date.now() - downloadedAt >= DOWNLOAD_EVERY_MS;
      const nextSend = await sendDueActions(deps, force ? Number.POSITIVE_INFINITY : Date.now());
      if (download && navigator.onLine !== false) {
        const pending = new Set(unsentActions(await listActions(deps.userId)).map((action) => action.recordId));
        await downloadAssigned({ ...deps, pending }).then(
          () => (downloadedAt = Date.now()),
          (error: unknown) => console.warn('downloading the assigned records failed', error),
        );
      }
      return Math.min(nextSend ?? Number.POSITIVE_INFINITY, downloadedAt + DOWNLOAD_EVERY_MS);
    },
  });
  active = runner;
  return {
    kick: () => runner.kick(),
    stop() {
      active = undefined;
      runner.stop();
    },
  };
}
