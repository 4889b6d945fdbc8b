/**
 * Reviewing a record flagged as a potential duplicate: each likely duplicate beside it, field by field, with both
 * values, how they agree and how much that weighs for "the same person" (server: GET /search/duplicates/{id}). The
 * registrar then marks the record a duplicate of one of them (it is archived) or not a duplicate (it goes on to
 * registration), giving a reason; the history keeps both.
 */
import { useState, type FormEvent } from 'react';
import { compareDuplicates } from '../../api/duplicates';
import { actWithKey } from '../../api/record-actions';
import { getRecord } from '../../api/records';
import { useT } from '../../i18n/language';
import { Link, navigate } from '../../router';
import { useAsync } from '../../use-async';
import { api, unlocked } from '../session/session';
import { eventType } from '../shell/config-store';
import { describeError, ErrorNote } from '../shell/error-note';
import { CandidateComparison } from './candidate-comparison';

export function DuplicateReviewPage({ id }: { id: string }) {
  const t = useT();
  const { user } = unlocked();
  const loaded = useAsync(async () => {
    const record = await getRecord(api, id);
    const [comparison, definition] = await Promise.all([
      compareDuplicates(api, id),
      eventType(record.eventType, record.formVersion),
    ]);
    return { record, comparison, definition };
  }, [id]);
  const [decision, setDecision] = useState<string>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  if (loaded.error !== undefined) return <ErrorNote error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <p>{t('loading')}</p>;
  const { record, comparison, definition } = loaded.data;
  const flagged = record.flags.includes('POTENTIAL_DUPLICATE');
  const mayDecide = flagged && user.scopes.includes('record.register');

  const decide = async (event: FormEvent) => {
    event.preventDefault();
    if (!decision) return setError(t('duplicate-choose'));
    if (!reason.trim()) return setError(t('reason-required'));
    const candidate = comparison.candidates.find((found) => found.recordId === decision);
    const action = candidate ? 'mark-duplicate' : 'mark-not-duplicate';
    // The history says of which record it is a duplicate: the action itself takes a reason only.
    const why = candidate
      ? `${t('duplicate-of', { trackingId: candidate.trackingId })}: ${reason.trim()}`
      : reason.trim();
    setBusy(true);
    setError(undefined);
    try {
      await actWithKey(api, record.id, action, { version: record.version, reason: why }, crypto.randomUUID());
      navigate(`/records/${record.id}`);
    } catch (caught) {
      setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="duplicate-review">
      <p>
        <Link href={`/records/${record.id}`}>← {t('back-to-record')}</Link>
      </p>
      <h1>{t('duplicate-title', { trackingId: record.trackingId })}</h1>
      {!flagged && <p className="notice">{t('duplicate-not-flagged')}</p>}
      {comparison.candidates.length === 0 ? (
        <p className="empty">{t('duplicate-none')}</p>
      ) : (
        comparison.candidates.map((candidate) => (
          <CandidateComparison key={candidate.recordId} candidate={candidate} definition={definition} />
        ))
      )}
      {mayDecide && (
        <form className="card stack" onSubmit={decide} aria-labelledby="duplicate-decision" noValidate>
          <h2 id="duplicate-decision">{t('duplicate-decision')}</h2>
          <fieldset>
            <legend className="visually-hidden">{t('duplicate-decision')}</legend>
            {comparison.candidates.map((candidate) => (
              <label key={candidate.recordId} className="choice">
                <input
                  type="radio"
                  name="decision"
                  value={candidate.recordId}
                  checked={decision === candidate.recordId}
                  onChange={() => setDecision(candidate.recordId)}
                />
                {t('duplicate-of', { trackingId: candidate.trackingId })}
              </label>
            ))}
            <label className="choice">
              <input
                type="radio"
                name="decision"
                value="none"
                checked={decision === 'none'}
                onChange={() => setDecision('none')}
              />
              {t('duplicate-not')}
            </label>
          </fieldset>
          <label htmlFor="duplicate-reason">{t('duplicate-reason')}</label>
          <textarea
            id="duplicate-reason"
            value={reason}
            maxLength={1900}
            required
            onChange={(event) => setReason(event.target.value)}
          />
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('please-wait') : t('duplicate-save')}
          </button>
        </form>
      )}
    </article>
  );
}
