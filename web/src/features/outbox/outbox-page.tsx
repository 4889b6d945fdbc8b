/**
 * What this device holds for the user: drafts, declarations waiting to be sent (with their state, their last error
 * and when they are tried again), those the server refused (the user must act), and those sent today.
 */
import { useEffect, useState } from 'react';
import { pick, useLanguage, useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { deleteOutboxItem, readPayload, type OutboxItem } from '../../offline/outbox';
import { kickSync, retryNow } from '../../offline/sync';
import { Link } from '../../router';
import { useAsync } from '../../use-async';
import { valueAt } from '../declare/form-logic';
import { unlocked } from '../session/session';
import { eventType, eventTypes } from '../shell/config-store';
import { formatDateTime } from '../shell/format';
import { useOnline } from '../shell/use-online';
import { useOutbox } from './use-outbox';

export function OutboxPage() {
  const t = useT();
  const { user } = unlocked();
  const items = useOutbox(user.id);
  const online = useOnline();
  return (
    <section>
      <div className="page-head">
        <h1>{t('nav-outbox')}</h1>
        <Link className="button primary" href="/declare">
          {t('new-declaration')}
        </Link>
      </div>
      <p className="muted">{online ? t('outbox-help-online') : t('outbox-help-offline')}</p>
      {items.length === 0 ? (
        <p className="empty">{t('outbox-empty')}</p>
      ) : (
        <ul className="outbox plain">
          {items.map((item) => (
            <OutboxEntry key={item.id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function OutboxEntry({ item }: { item: OutboxItem }) {
  const t = useT();
  const lang = useLanguage();
  const { key } = unlocked();
  const now = useNow(item.state === 'waiting');
  const details = useAsync(async () => {
    const [types, payload] = await Promise.all([eventTypes(), readPayload(key, item)]);
    const definition = await eventType(item.eventType).catch(() => undefined);
    const [section] = (definition?.subjectField ?? 'x.y').split('.');
    const subject = [
      valueAt(payload.data, `${section}.firstNames`),
      definition && valueAt(payload.data, definition.subjectField),
    ]
      .filter((part) => typeof part === 'string' && part)
      .join(' ');
    return { label: pick(types.find((type) => type.id === item.eventType)?.label, lang), subject };
  }, [item.sealed, lang]);
  const editable = item.state === 'draft' || item.state === 'needs-user' || item.state === 'waiting';
  const wait = Math.max(0, Math.ceil((item.nextAttemptAt - now) / 1000));

  return (
    <li className={`card outbox-item state-${item.state}`} data-testid="outbox-item" data-state={item.state}>
      <div className="page-head">
        <strong>
          {details.data?.label ?? item.eventType}
          {details.data?.subject ? ` · ${details.data.subject}` : ''}
        </strong>
        <span className={`badge outbox-${item.state}`} data-testid="outbox-state">
          {t(`outbox-state-${item.state}` as TextKey)}
        </span>
      </div>
      <p className="muted">
        {t('saved-at', { when: formatDateTime(item.updatedAt, lang) })}
        {item.trackingId && (
          <>
            {' · '}
            {t('tracking-id')} <span data-testid="outbox-tracking-id">{item.trackingId}</span>
          </>
        )}
        {item.attempts > 0 && item.state !== 'sent' && ` · ${t('attempts', { count: item.attempts })}`}
      </p>
      {item.lastError && item.state !== 'sent' && (
        <div className={item.state === 'needs-user' ? 'error' : 'warning'} data-testid="outbox-error">
          {item.state === 'needs-user' && <strong>{t('needs-user-title')} </strong>}
          {item.lastError.kind === 'sign-in' ? t('outbox-sign-in') : item.lastError.message}
          {item.lastError.status ? ` (${item.lastError.status})` : ''}
          {item.state === 'waiting' && wait > 0 && <span> · {t('retry-in', { seconds: wait })}</span>}
          {item.lastError.fields && (
            <ul>
              {item.lastError.fields.map((problem) => (
                <li key={problem.field}>
                  {problem.field.replace(/^data\./, '')}: {problem.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="row">
        {(item.state === 'waiting' || item.state === 'needs-user') && (
          <button
            type="button"
            onClick={() => {
              void retryNow(item.id).then(kickSync);
            }}
          >
            {t('retry-now')}
          </button>
        )}
        {editable && (
          <Link className="button" href={`/outbox/${item.id}`}>
            {item.state === 'needs-user' ? t('fix') : t('edit')}
          </Link>
        )}
        {(item.state === 'draft' || item.state === 'needs-user') && (
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (confirm(t('discard-confirm'))) void deleteOutboxItem(item.id);
            }}
          >
            {t('discard')}
          </button>
        )}
        {item.state === 'sent' && item.recordId && (
          <Link className="button" href={`/records/${item.recordId}`}>
            {t('open-record')}
          </Link>
        )}
      </div>
    </li>
  );
}

/** The time, ticking each second while `live` (to count down to the next try). */
function useNow(live: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  return now;
}
