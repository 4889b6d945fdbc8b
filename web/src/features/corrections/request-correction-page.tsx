/**
 * Asking for a correction of a registered record: its form, filled with the registered values, section by section;
 * the user changes what is wrong and says why. Only the changed fields are sent; the record stays as registered
 * until a registrar approves the correction (see correction-review.tsx).
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/http';
import { actWithKey } from '../../api/record-actions';
import type { Declaration } from '../../api/types';
import { pick, useLanguage, useT } from '../../i18n/language';
import { Link, navigate } from '../../router';
import { useAsync } from '../../use-async';
import { FieldInput } from '../declare/field-input';
import { fieldRequired, fieldShown, withValue } from '../declare/form-logic';
import { loadRecord, type LoadedRecord } from '../record/load-record';
import { api } from '../session/session';
import { places, type Places } from '../shell/config-store';
import { describeError, ErrorNote } from '../shell/error-note';
import { changesBetween, countChanges } from './correction-changes';

export function RequestCorrectionPage({ id }: { id: string }) {
  const t = useT();
  const loaded = useAsync(async () => ({ record: await loadRecord(id), places: await places() }), [id]);
  if (loaded.error !== undefined) return <ErrorNote error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <p>{t('loading')}</p>;
  return <CorrectionForm loaded={loaded.data.record} places={loaded.data.places} />;
}

function CorrectionForm({ loaded, places: known }: { loaded: LoadedRecord; places: Places }) {
  const t = useT();
  const lang = useLanguage();
  const { record, definition } = loaded;
  const [data, setData] = useState<Declaration>(record.data);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<ReadonlyMap<string, string>>(new Map());
  const changes = changesBetween(definition, record.data, data);
  const count = countChanges(changes);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (count === 0) return setError(t('correction-nothing-changed'));
    if (!reason.trim()) return setError(t('reason-required'));
    setBusy(true);
    setError(undefined);
    try {
      await actWithKey(
        api,
        record.id,
        'request-correction',
        { version: record.version, data: changes, reason: reason.trim() },
        crypto.randomUUID(),
      );
      navigate(`/records/${record.id}`);
    } catch (caught) {
      const fields = caught instanceof ApiError ? (caught.problem?.errors ?? []) : [];
      setProblems(new Map(fields.map((problem) => [problem.field.replace(/^data\./, ''), problem.message])));
      setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  if (record.status !== 'REGISTERED' || record.pendingCorrection) {
    return (
      <section>
        <h1>{t('correction-title', { trackingId: record.trackingId })}</h1>
        <p className="notice">
          {record.pendingCorrection ? t('correction-already-pending') : t('correction-not-registered')}
        </p>
        <Link href={`/records/${record.id}`}>← {t('back-to-record')}</Link>
      </section>
    );
  }

  return (
    <section className="request-correction">
      <p>
        <Link href={`/records/${record.id}`}>← {t('back-to-record')}</Link>
      </p>
      <h1>{t('correction-title', { trackingId: record.trackingId })}</h1>
      <p className="muted">{t('correction-help')}</p>
      <form onSubmit={send} noValidate>
        {definition.form.sections.map((section) => {
          const fields = section.fields.filter(
            (field) => field.type !== 'document' && fieldShown(section, field, data),
          );
          if (fields.length === 0) return null;
          return (
            <fieldset key={section.id} className="card">
              <legend>{pick(section.label, lang)}</legend>
              {fields.map((field) => {
                const path = `${section.id}.${field.id}`;
                return (
                  <FieldInput
                    key={path}
                    field={field}
                    path={path}
                    value={data[section.id]?.[field.id]}
                    required={fieldRequired(section, field, data)}
                    problem={problems.get(path)}
                    places={known}
                    onChange={(value) => setData((current) => withValue(current, path, value))}
                  />
                );
              })}
            </fieldset>
          );
        })}
        <div className="card">
          <label htmlFor="correction-reason">{t('correction-reason')}</label>
          <textarea
            id="correction-reason"
            value={reason}
            maxLength={2000}
            required
            onChange={(event) => setReason(event.target.value)}
          />
          <p className="muted" role="status">
            {t('correction-count', { count })}
          </p>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('please-wait') : t('correction-send')}
          </button>
        </div>
      </form>
    </section>
  );
}
