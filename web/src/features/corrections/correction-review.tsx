/**
 * A correction waiting on a registered record: each changed field with its registered value and the one asked for,
 * and why. A registrar who may approve corrections approves it (the record takes the new values) or refuses it with
 * a reason; others see that it waits. Without a pending correction, who may ask for one finds the way to it here.
 */
import { useState, type FormEvent } from 'react';
import { actWithKey } from '../../api/record-actions';
import type { EventTypeDefinition, RecordView } from '../../api/types';
import { pick, useLanguage, useT } from '../../i18n/language';
import { Link } from '../../router';
import { useKnownLocations } from '../locations/use-known-locations';
import { displayValue } from '../record/record-data';
import { api, unlocked } from '../session/session';
import { describeError } from '../shell/error-note';
import { changedFields } from './correction-changes';

export function CorrectionReview(props: {
  record: RecordView;
  definition: EventTypeDefinition;
  offline?: boolean;
  onDone: (message: string) => void;
}) {
  const { record, definition } = props;
  const t = useT();
  const lang = useLanguage();
  const { user } = unlocked();
  const [busy, setBusy] = useState(false);
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const pending = record.pendingCorrection;
  useKnownLocations(definition, pending?.data);
  const mayApprove = user.scopes.includes('record.correct.approve');

  if (record.status !== 'REGISTERED' || props.offline) return null;
  if (!pending) {
    return user.scopes.includes('record.correct') ? (
      <p>
        <Link className="button" href={`/records/${record.id}/correct`}>
          {t('correction-request')}
        </Link>
      </p>
    ) : null;
  }

  const decide = async (action: 'approve-correction' | 'reject-correction', why?: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await actWithKey(api, record.id, action, { version: record.version, reason: why }, crypto.randomUUID());
      props.onDone(action === 'approve-correction' ? t('correction-approved') : t('correction-refused'));
    } catch (caught) {
      setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };
  const refuse = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError(t('reason-required'));
    void decide('reject-correction', reason.trim());
  };

  return (
    <section className="card correction" aria-labelledby="correction-review-title">
      <h2 id="correction-review-title">{t('correction-pending')}</h2>
      <p>
        <strong>{t('correction-why')}</strong> {pending.reason}
      </p>
      <table className="compare" aria-label={t('correction-pending')}>
        <thead>
          <tr>
            <th scope="col">{t('field')}</th>
            <th scope="col">{t('correction-registered')}</th>
            <th scope="col">{t('correction-proposed')}</th>
          </tr>
        </thead>
        <tbody>
          {changedFields(definition, record.data, pending.data).map((change) => (
            <tr key={change.path} data-testid="correction-change">
              <th scope="row">{pick(change.field.label, lang)}</th>
              <td>{displayValue(change.field, change.before, lang, t)}</td>
              <td>
                <strong>{displayValue(change.field, change.after, lang, t) || t('correction-cleared')}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!mayApprove && <p className="muted">{t('correction-waits')}</p>}
      {mayApprove && !refusing && (
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={() => void decide('approve-correction')}>
            {t('correction-approve')}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => setRefusing(true)}>
            {t('correction-refuse')}
          </button>
        </div>
      )}
      {refusing && (
        <form className="reject-form" onSubmit={refuse} noValidate>
          <label htmlFor="correction-refusal">{t('correction-refusal-reason')}</label>
          <textarea
            id="correction-refusal"
            value={reason}
            maxLength={2000}
            required
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="row">
            <button type="submit" className="danger" disabled={busy}>
              {t('correction-refuse')}
            </button>
            <button type="button" onClick={() => setRefusing(false)}>
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
    </section>
  );
}
