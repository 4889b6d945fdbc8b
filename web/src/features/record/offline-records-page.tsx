/**
 * What this device keeps for the user to work on without a connection: the records assigned to them (downloaded,
 * encrypted) and the actions taken on them that wait to be sent, each with its state.
 */
import { useEffect, useState } from 'react';
import { useLanguage, useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { listAssigned, onAssignedChange, type AssignedCopy } from '../../offline/assigned-records';
import { kickAssigned } from '../../offline/assigned-sync';
import { Link } from '../../router';
import { unlocked } from '../session/session';
import { eventTypes } from '../shell/config-store';
import { formatDateTime } from '../shell/format';
import { useOnline } from '../shell/use-online';
import { useQueuedActions } from './use-queued-actions';
import { pick } from '../../i18n/language';
import { useAsync } from '../../use-async';

export function OfflineRecordsPage() {
  const t = useT();
  const lang = useLanguage();
  const { user } = unlocked();
  const online = useOnline();
  const copies = useAssignedCopies(user.id);
  const actions = useQueuedActions(user.id);
  const types = useAsync(() => eventTypes().catch(() => []), []);
  const label = (id: string) => pick(types.data?.find((type) => type.id === id)?.label, lang) || id;

  return (
    <section>
      <div className="page-head">
        <h1>{t('nav-offline-records')}</h1>
        {online && (
          <button type="button" onClick={kickAssigned}>
            {t('offline-records-refresh')}
          </button>
        )}
      </div>
      <p className="muted">{t('offline-records-help')}</p>
      {copies.length === 0 ? (
        <p className="empty">{t('offline-records-empty')}</p>
      ) : (
        <table className="queue" aria-label={t('nav-offline-records')}>
          <thead>
            <tr>
              <th scope="col">{t('tracking-id')}</th>
              <th scope="col">{t('event')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('offline-downloaded')}</th>
            </tr>
          </thead>
          <tbody>
            {copies.map((copy) => {
              const action = actions.find((candidate) => candidate.recordId === copy.recordId);
              return (
                <tr key={copy.recordId} data-testid="offline-record">
                  <td>
                    <Link href={`/records/${copy.recordId}`}>{copy.trackingId}</Link>
                  </td>
                  <td>{label(copy.eventType)}</td>
                  <td>
                    <span className={`badge status-${copy.status.toLowerCase()}`}>
                      {t(`status-${copy.status}` as TextKey)}
                    </span>
                    {action && action.state !== 'sent' && (
                      <span className={`badge outbox-${action.state}`}>
                        {t(`queued-type-${action.type}` as TextKey)}: {t(`queued-state-${action.state}` as TextKey)}
                      </span>
                    )}
                  </td>
                  <td>{formatDateTime(copy.downloadedAt, lang)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function useAssignedCopies(userId: string): readonly AssignedCopy[] {
  const [copies, setCopies] = useState<readonly AssignedCopy[]>([]);
  useEffect(() => {
    let current = true;
    const load = () => void listAssigned(userId).then((list) => current && setCopies(list));
    load();
    const stop = onAssignedChange(load);
    return () => {
      current = false;
      stop();
    };
  }, [userId]);
  return copies;
}
