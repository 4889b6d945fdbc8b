/**
 * What the user may do to the record now: assign or unassign, validate, register, send back for updates with a
 * reason. Offered from the record's status and the user's scopes; the server checks again and says why if not.
 * Without a connection, on a record downloaded because it is assigned to the user, validating waits on the device
 * (as does a validation whose answer never came, with the same idempotency key) and is sent when it returns.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/http';
import { actWithKey } from '../../api/record-actions';
import type { RecordAction } from '../../api/records';
import type { EventTypeDefinition, RecordView } from '../../api/types';
import { useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { queueAction } from '../../offline/assigned-actions';
import { kickAssigned } from '../../offline/assigned-sync';
import { api, unlocked } from '../session/session';
import { settings } from '../shell/config-store';
import { describeError } from '../shell/error-note';

export function availableActions(
  record: RecordView,
  definition: EventTypeDefinition | undefined,
  scopes: readonly string[],
  me: string,
): RecordAction[] {
  const has = (scope: string) => scopes.includes(scope);
  const actions: RecordAction[] = [];
  const heldByOther = record.assignedTo !== null && record.assignedTo !== me;
  if (record.status !== 'ARCHIVED') {
    if (record.assignedTo === null) actions.push('assign');
    else if (record.assignedTo === me || has('record.unassign')) actions.push('unassign');
  }
  if (heldByOther) return actions;
  const validationNeeded = definition?.workflow?.requiresValidation !== false;
  if (record.status === 'DECLARED' && has('record.validate')) actions.push('validate');
  if (
    has('record.register') &&
    (record.status === 'VALIDATED' || (record.status === 'DECLARED' && !validationNeeded))
  ) {
    actions.push('register');
  }
  if ((record.status === 'DECLARED' || record.status === 'VALIDATED') && has('record.validate')) actions.push('reject');
  return actions;
}

export function RecordActions(props: {
  record: RecordView;
  definition?: EventTypeDefinition;
  /** Read from the device's copy: only validating is offered, and it waits on the device. */
  offline?: boolean;
  /** An action on this record already waits on the device. */
  queued?: boolean;
  onDone: (message: string) => void;
}) {
  const t = useT();
  const { key, user } = unlocked();
  const [busy, setBusy] = useState<RecordAction>();
  const [error, setError] = useState<string>();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const actions = props.queued
    ? []
    : availableActions(props.record, props.definition, user.scopes, user.id).filter(
        (action) => !props.offline || action === 'validate',
      );

  /** Validating without a connection (or whose answer did not come): it waits on the device, with its key. */
  const queueValidation = async (idempotencyKey?: string) => {
    const limit = (await settings()).offlineQueueLimit;
    await queueAction({
      key,
      userId: user.id,
      recordId: props.record.id,
      trackingId: props.record.trackingId,
      type: 'validate',
      version: props.record.version,
      idempotencyKey,
      limit,
    });
    kickAssigned();
    props.onDone(t('queued-validate-saved'));
  };

  const run = async (action: RecordAction, extra: { reason?: string } = {}) => {
    setBusy(action);
    setError(undefined);
    const idempotencyKey = crypto.randomUUID();
    try {
      if (action === 'validate' && (props.offline || navigator.onLine === false)) {
        await queueValidation();
        return;
      }
      const body = { version: props.record.version, ...extra };
      const next = await actWithKey(api, props.record.id, action, body, idempotencyKey);
      setRejecting(false);
      setReason('');
      if (action === 'assign' || action === 'unassign') kickAssigned();
      props.onDone(
        action === 'register'
          ? t('done-register', { number: next.registrationNumber ?? '' })
          : t(`done-${action}` as TextKey),
      );
    } catch (caught) {
      const lost = caught instanceof ApiError && caught.kind !== 'http';
      if (action === 'validate' && lost) {
        await queueValidation(idempotencyKey).catch((failed: unknown) => setError(describeError(t, failed)));
      } else setError(describeError(t, caught));
    } finally {
      setBusy(undefined);
    }
  };

  const reject = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError(t('reason-required'));
    void run('reject', { reason: reason.trim() });
  };

  if (actions.length === 0 && !error) {
    return props.offline && !props.queued ? <p className="muted">{t('offline-actions-note')}</p> : null;
  }
  return (
    <div className="actions" role="group" aria-label={t('actions')}>
      {props.record.assignedTo && props.record.assignedTo !== user.id && (
        <p className="muted">{t('assigned-to-other')}</p>
      )}
      {actions
        .filter((action) => action !== 'reject')
        .map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'register' || action === 'validate' ? 'primary' : undefined}
            disabled={busy !== undefined}
            onClick={() => void run(action)}
          >
            {busy === action ? t('please-wait') : t(`action-button-${action}` as TextKey)}
          </button>
        ))}
      {actions.includes('reject') && !rejecting && (
        <button type="button" className="danger" onClick={() => setRejecting(true)}>
          {t('action-button-reject')}
        </button>
      )}
      {rejecting && (
        <form className="reject-form" onSubmit={reject}>
          <label htmlFor="reject-reason">{t('reject-reason')}</label>
          <textarea
            id="reject-reason"
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={2000}
            required
          />
          <div className="row">
            <button type="submit" className="danger" disabled={busy !== undefined}>
              {t('reject-send')}
            </button>
            <button type="button" onClick={() => setRejecting(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
