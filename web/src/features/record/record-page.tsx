/** One record: its status, what the user may do to it, its declaration, its certificate and its history. */
import { useState } from 'react';
import { getHistory, getRecord } from '../../api/records';
import { pick, useLanguage, useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { Link } from '../../router';
import { useAsync } from '../../use-async';
import { api, unlocked } from '../session/session';
import { eventType, places } from '../shell/config-store';
import { ErrorNote } from '../shell/error-note';
import { CertificatePanel } from './certificate-panel';
import { HistoryList } from './history-list';
import { RecordActions } from './record-actions';
import { RecordData } from './record-data';

export function RecordPage({ id }: { id: string }) {
  const t = useT();
  const lang = useLanguage();
  const { user } = unlocked();
  const [done, setDone] = useState<string>();
  const record = useAsync(() => getRecord(api, id), [id]);
  const history = useAsync(() => getHistory(api, id), [id, record.data?.version]);
  const definition = useAsync(
    async () => (record.data ? eventType(record.data.eventType, record.data.formVersion) : undefined),
    [record.data?.eventType, record.data?.formVersion],
  );
  const known = useAsync(() => places(), []);

  if (record.error !== undefined) return <ErrorNote error={record.error} retry={record.reload} />;
  if (!record.data) return <p>{t('loading')}</p>;
  const current = record.data;
  const canPrint = current.status === 'REGISTERED' && user.scopes.includes('record.print');

  return (
    <article className="record">
      <p>
        <Link href="/">← {t('nav-workqueue')}</Link>
      </p>
      <div className="page-head">
        <h1>
          {definition.data ? pick(definition.data.label, lang) : current.eventType} · {current.trackingId}
        </h1>
        <span className={`badge status-${current.status.toLowerCase()}`} data-testid="record-status">
          {t(`status-${current.status}` as TextKey)}
        </span>
      </div>
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
        {current.flags.includes('POTENTIAL_DUPLICATE') && (
          <div className="pair">
            <dt>{t('flag-duplicate')}</dt>
            <dd>{t('duplicate-note')}</dd>
          </div>
        )}
      </dl>
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      <RecordActions
        record={current}
        definition={definition.data}
        onDone={(message) => {
          setDone(message);
          record.reload();
        }}
      />
      {canPrint && <CertificatePanel record={current} onPrinted={record.reload} />}
      <section aria-labelledby="declaration-title">
        <h2 id="declaration-title">{t('declaration')}</h2>
        {definition.data && <RecordData definition={definition.data} data={current.data} places={known.data} />}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('history')}</h2>
        {history.data && <HistoryList entries={history.data} me={user.id} />}
        {history.error !== undefined && <ErrorNote error={history.error} retry={history.reload} />}
      </section>
    </article>
  );
}
