/**
 * One record: its status, what the user may do to it, a duplicate review or a correction when one is due, its
 * declaration, its certificate and its history. Without a connection it shows the copy downloaded because the record
 * is assigned to the user, says so, and keeps what the user does (validate, print) waiting on the device.
 */
import { useEffect, useState } from 'react';
import './record.css';
import { pick, useLanguage, useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { unsentActions } from '../../offline/assigned-actions';
import { Link } from '../../router';
import { useAsync } from '../../use-async';
import { CertificatePanel } from '../certificate/certificate-panel';
import { CorrectionReview } from '../corrections/correction-review';
import { unlocked } from '../session/session';
import { places } from '../shell/config-store';
import { ErrorNote } from '../shell/error-note';
import { formatDateTime } from '../shell/format';
import { HistoryList } from './history-list';
import { loadRecord } from './load-record';
import { QueuedActionsPanel } from './queued-actions-panel';
import { RecordActions } from './record-actions';
import { RecordData } from './record-data';
import { useQueuedActions } from './use-queued-actions';

export function RecordPage({ id }: { id: string }) {
  const t = useT();
  const lang = useLanguage();
  const { user } = unlocked();
  const [done, setDone] = useState<string>();
  const loaded = useAsync(() => loadRecord(id), [id]);
  const known = useAsync(() => places().catch(() => undefined), []);
  const queued = useQueuedActions(user.id, id);
  const waiting = unsentActions(queued).length > 0;
  // An action sent from the device changed the record: read it again.
  const sent = queued
    .filter((action) => action.state === 'sent')
    .map((action) => action.id)
    .join(' ');
  useEffect(() => {
    if (sent) loaded.reload();
  }, [sent]);

  if (loaded.error !== undefined && !loaded.data) return <ErrorNote error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <p>{t('loading')}</p>;
  const { record: current, history, definition, offline } = loaded.data;
  const canPrint = current.status === 'REGISTERED' && user.scopes.includes('record.print');
  const duplicate = current.flags.includes('POTENTIAL_DUPLICATE');
  const afterAction = (message?: string) => {
    setDone(message);
    loaded.reload();
  };

  return (
    <article className="record">
      <p>
        <Link href="/">← {t('nav-workqueue')}</Link>
      </p>
      <div className="page-head">
        <h1>
          {pick(definition.label, lang)} · {current.trackingId}
        </h1>
        <span className={`badge status-${current.status.toLowerCase()}`} data-testid="record-status">
          {t(`status-${current.status}` as TextKey)}
        </span>
      </div>
      {offline && (
        <p className="notice" data-testid="offline-copy">
          {t('offline-copy', { when: formatDateTime(offline.downloadedAt, lang) })}
        </p>
      )}
      <dl className="facts">
        {current.registrationNumber && (
          <div className="pair">
            <dt>{t('registration-number')}</dt>
            <dd data-testid="registration-number">{current.registrationNumber}</dd>
          </div>
        )}
        {current.identityNumber && (
          <div className="pair">
            <dt>{t('identity-number')}</dt>
            <dd>{current.identityNumber}</dd>
          </div>
        )}
        {current.rejectionReason && current.status === 'REJECTED' && (
          <div className="pair">
            <dt>{t('rejection-reason')}</dt>
            <dd>{current.rejectionReason}</dd>
          </div>
        )}
        {duplicate && (
          <div className="pair">
            <dt>{t('flag-duplicate')}</dt>
            <dd>
              {t('duplicate-note')}{' '}
              {!offline && (
                <Link href={`/records/${current.id}/duplicates`} className="button">
                  {t('duplicate-review')}
                </Link>
              )}
            </dd>
          </div>
        )}
      </dl>
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      <QueuedActionsPanel actions={queued} />
      <RecordActions
        record={current}
        definition={definition}
        offline={offline !== undefined}
        queued={waiting}
        onDone={afterAction}
      />
      <CorrectionReview record={current} definition={definition} offline={offline !== undefined} onDone={afterAction} />
      {canPrint && (
        <CertificatePanel record={current} offline={offline !== undefined} queued={waiting} onPrinted={afterAction} />
      )}
      <section aria-labelledby="declaration-title">
        <h2 id="declaration-title">{t('declaration')}</h2>
        <RecordData definition={definition} data={current.data} places={known.data} />
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('history')}</h2>
        <HistoryList entries={history} me={user.id} />
      </section>
    </article>
  );
}
