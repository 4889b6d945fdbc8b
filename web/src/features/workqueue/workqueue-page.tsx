/** A workqueue: the records waiting for this user, most recently changed first, within their jurisdiction. */
import { useState } from 'react';
import { getQueue, QUEUES, type QueueName } from '../../api/records';
import type { QueueItem } from '../../api/types';
import { pick, useLanguage, useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { Link } from '../../router';
import { useAsync } from '../../use-async';
import { unsent, useOutbox } from '../outbox/use-outbox';
import { api, unlocked } from '../session/session';
import { knownLocation, resolveLocations } from '../locations/locations-client';
import { eventTypes } from '../shell/config-store';
import { ErrorNote } from '../shell/error-note';
import { queuesFor } from './queues';
import { formatDateTime } from '../shell/format';

const PAGE = 50;

export function WorkqueuePage({ queue }: { queue?: string }) {
  const t = useT();
  const lang = useLanguage();
  const { user } = unlocked();
  const available = queuesFor(user.scopes);
  const current: QueueName | undefined =
    queue && (QUEUES as readonly string[]).includes(queue) ? (queue as QueueName) : available[0];
  const [shown, setShown] = useState(PAGE);
  const list = useAsync(
    async () => (current ? getQueue(api, current, shown) : { items: [] as QueueItem[], total: 0 }),
    [current, shown],
  );
  const names = useAsync(async () => {
    const types = await eventTypes();
    const shownAreas = (list.data?.items ?? []).flatMap((item) => (item.area ? [item.area] : []));
    await resolveLocations(shownAreas.map((code) => ({ type: 'area' as const, code }))).catch(() => undefined);
    return {
      event: new Map(types.map((type) => [type.id, pick(type.label, lang)])),
      area: new Map(shownAreas.map((code) => [code, knownLocation('area', code)?.name ?? code])),
    };
  }, [lang, list.data]);
  const waiting = unsent(useOutbox(user.id));

  return (
    <section>
      <div className="page-head">
        <h1>{t('nav-workqueue')}</h1>
        {user.scopes.includes('record.declare') && (
          <Link className="button primary" href="/declare">
            {t('new-declaration')}
          </Link>
        )}
      </div>
      {waiting.length > 0 && (
        <p className="notice">
          <Link href="/outbox">{t('waiting-on-device', { count: waiting.length })}</Link>
        </p>
      )}
      <nav className="tabs" aria-label={t('workqueues')}>
        {available.map((name) => (
          <Link key={name} href={`/queues/${name}`} aria-current={name === current ? 'page' : undefined}>
            {t(`queue-${name}` as TextKey)}
          </Link>
        ))}
      </nav>
      {list.error !== undefined && <ErrorNote error={list.error} retry={list.reload} />}
      {list.data && list.data.items.length === 0 && <p className="empty">{t('queue-empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="queue" aria-label={current ? t(`queue-${current}` as TextKey) : undefined}>
          <thead>
            <tr>
              <th scope="col">{t('tracking-id')}</th>
              <th scope="col">{t('event')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('area')}</th>
              <th scope="col">{t('updated')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((item) => (
              <tr key={item.id}>
                <td>
                  <Link href={`/records/${item.id}`}>{item.trackingId}</Link>
                </td>
                <td>{names.data?.event.get(item.eventType) ?? item.eventType}</td>
                <td>
                  <span className={`badge status-${item.status.toLowerCase()}`}>
                    {t(`status-${item.status}` as TextKey)}
                  </span>
                  {item.flags.includes('POTENTIAL_DUPLICATE') && (
                    <span className="badge flag">{t('flag-duplicate')}</span>
                  )}
                  {item.assignedTo === user.id && <span className="badge">{t('assigned-to-you')}</span>}
                </td>
                <td>{(item.area && names.data?.area.get(item.area)) ?? item.area ?? ''}</td>
                <td>{formatDateTime(item.updatedAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data && list.data.total > list.data.items.length && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t('show-more')}
        </button>
      )}
      {list.loading && !list.data && <p>{t('loading')}</p>}
    </section>
  );
}
