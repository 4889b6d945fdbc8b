/**
 * The actions on this record that wait on the device (taken without a connection): what each is, its state, its
 * last error and when it is tried again, with a way to retry it, to try it again on the record as it is now after a
 * conflict, to discard it, and, for a certificate printed once back online, to open it.
 */
import { useState } from 'react';
import { getRecord } from '../../api/records';
import { useLanguage, useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { discardAction, retryAction, type QueuedAction } from '../../offline/assigned-actions';
import { kickAssigned } from '../../offline/assigned-sync';
import { open } from '../../offline/vault';
import { api, unlocked } from '../session/session';
import { describeError } from '../shell/error-note';
import { formatDateTime } from '../shell/format';

export function QueuedActionsPanel({ actions }: { actions: readonly QueuedAction[] }) {
  const t = useT();
  if (actions.length === 0) return null;
  return (
    <section className="card queued-actions" aria-labelledby="queued-title">
      <h2 id="queued-title">{t('queued-title')}</h2>
      <ul className="plain">
        {actions.map((action) => (
          <QueuedActionItem key={action.id} action={action} />
        ))}
      </ul>
    </section>
  );
}

function QueuedActionItem({ action }: { action: QueuedAction }) {
  const t = useT();
  const lang = useLanguage();
  const { key } = unlocked();
  const [error, setError] = useState<string>();
  const [pdfUrl, setPdfUrl] = useState<string>();

  const retryOnCurrent = async () => {
    try {
      const current = await getRecord(api, action.recordId);
      await retryAction(action.id, current.version);
      kickAssigned();
    } catch (caught) {
      setError(describeError(t, caught));
    }
  };
  const openCertificate = async () => {
    if (!action.certificate) return;
    const pdf = new Blob([await open(key, action.certificate)], { type: 'application/pdf' });
    setPdfUrl(URL.createObjectURL(pdf));
  };

  return (
    <li className={`queued-action state-${action.state}`} data-testid="queued-action" data-state={action.state}>
      <div className="page-head">
        <strong>{t(`queued-type-${action.type}` as TextKey)}</strong>
        <span className={`badge outbox-${action.state}`} data-testid="queued-state">
          {t(`queued-state-${action.state}` as TextKey)}
        </span>
      </div>
      <p className="muted">
        {t('queued-taken', { when: formatDateTime(action.createdAt, lang), version: action.version })}
        {action.attempts > 0 && action.state !== 'sent' && ` · ${t('attempts', { count: action.attempts })}`}
      </p>
      {action.lastError && action.state !== 'sent' && (
        <div className={action.state === 'waiting' ? 'warning' : 'error'} data-testid="queued-error">
          {action.state === 'conflict' && <strong>{t('queued-conflict')} </strong>}
          {action.lastError.kind === 'sign-in' ? t('outbox-sign-in') : action.lastError.message}
          {action.lastError.status ? ` (${action.lastError.status})` : ''}
        </div>
      )}
      {action.state === 'sent' && action.answerLost && <p className="notice">{t('queued-answer-lost')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        {(action.state === 'waiting' || action.state === 'needs-user') && (
          <button type="button" onClick={() => void retryAction(action.id).then(kickAssigned)}>
            {t('retry-now')}
          </button>
        )}
        {action.state === 'conflict' && (
          <button type="button" onClick={() => void retryOnCurrent()}>
            {t('queued-retry-current')}
          </button>
        )}
        {action.state === 'sent' && action.certificate && !pdfUrl && (
          <button type="button" onClick={() => void openCertificate()}>
            {t('open-certificate')}
          </button>
        )}
        {pdfUrl && (
          <a className="button" href={pdfUrl} target="_blank" rel="noopener">
            {t('open-certificate')}
          </a>
        )}
        {action.state !== 'sending' && (
          <button
            type="button"
            className={action.state === 'sent' ? undefined : 'danger'}
            onClick={() => {
              if (action.state === 'sent' || confirm(t('queued-discard-confirm'))) void discardAction(action.id);
            }}
          >
            {action.state === 'sent' ? t('queued-dismiss') : t('discard')}
          </button>
        )}
      </div>
    </li>
  );
}
