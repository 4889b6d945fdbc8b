/**
 * The signed-in app: the header (where to go, the connection, what waits to be sent, lock and sign out), the page
 * for the address, and the work that runs while unlocked: sending the outbox, renewing the session, idle lock.
 */
import { useEffect, type ReactNode } from 'react';
import { useT } from '../../i18n/language';
import { startSync } from '../../offline/sync';
import { pruneSent } from '../../offline/outbox';
import { Link, match, usePath } from '../../router';
import { DeclarePage } from '../declare/declare-page';
import { NewDeclarationPage } from '../declare/new-declaration-page';
import { OutboxPage } from '../outbox/outbox-page';
import { unsent, useOutbox } from '../outbox/use-outbox';
import { RecordPage } from '../record/record-page';
import { api, lock, renew, signOut, unlocked } from '../session/session';
import { WorkqueuePage } from '../workqueue/workqueue-page';
import { clearConfig, preloadConfig } from './config-store';
import { useIdleLock } from './idle-lock';
import { LanguageSwitch } from './language-switch';
import { useOnline } from './use-online';
import { syncFirstWaitMs, syncTimeoutMs } from './sync-tuning';

export function Shell() {
  const t = useT();
  const { key, user } = unlocked();
  const online = useOnline();
  const items = useOutbox(user.id);
  const waiting = unsent(items).length;
  const canDeclare = user.scopes.includes('record.declare');
  useIdleLock();

  useEffect(() => {
    preloadConfig();
    void pruneSent(user.id);
    const sync = startSync({
      api,
      key,
      userId: user.id,
      timeoutMs: syncTimeoutMs(),
      firstWaitMs: syncFirstWaitMs(),
      // The renewal has signed the user out by then, or will on its next try.
      onSignInNeeded: () => void renew().catch(() => undefined),
    });
    // The service worker took over (the first visit): fetch the configuration again through it, so it keeps a copy
    // for starts without a connection.
    const refetch = () => {
      clearConfig();
      preloadConfig();
    };
    navigator.serviceWorker?.addEventListener('controllerchange', refetch);
    return () => {
      sync.stop();
      navigator.serviceWorker?.removeEventListener('controllerchange', refetch);
    };
  }, [key, user.id]);

  return (
    <div className="shell">
      <header className="top">
        <Link href="/" className="brand">
          {t('app-name')}
        </Link>
        <nav aria-label={t('main-menu')}>
          <Link href="/">{t('nav-workqueue')}</Link>
          {canDeclare && <Link href="/declare">{t('nav-declare')}</Link>}
          {canDeclare && (
            <Link href="/outbox" className="outbox-link">
              {t('nav-outbox')}
              {waiting > 0 && (
                <span className="badge" aria-label={t('waiting-count', { count: waiting })}>
                  {waiting}
                </span>
              )}
            </Link>
          )}
        </nav>
        <div className="top-right">
          <span className={online ? 'status online' : 'status offline'} role="status">
            {online ? t('online') : t('offline')}
          </span>
          <LanguageSwitch />
          <span className="who" title={user.role}>
            {user.name}
          </span>
          <button type="button" onClick={lock}>
            {t('lock')}
          </button>
          <button
            type="button"
            onClick={() => {
              if (waiting > 0 && !confirm(t('sign-out-with-waiting', { count: waiting }))) return;
              clearConfig();
              void signOut();
            }}
          >
            {t('sign-out')}
          </button>
        </div>
      </header>
      <main className="page">{route(usePath())}</main>
    </div>
  );
}

function route(path: string): ReactNode {
  let params: Record<string, string> | undefined;
  if (path === '/' || path === '/index.html') return <WorkqueuePage />;
  if ((params = match('/queues/:queue', path))) return <WorkqueuePage queue={params.queue} />;
  if ((params = match('/records/:id', path))) return <RecordPage id={params.id!} />;
  if (path === '/declare') return <NewDeclarationPage />;
  if ((params = match('/declare/:eventType', path))) return <DeclarePage key={path} eventType={params.eventType!} />;
  if ((params = match('/outbox/:itemId', path))) return <DeclarePage key={path} itemId={params.itemId!} />;
  if (path === '/outbox') return <OutboxPage />;
  return <NotFound />;
}

function NotFound() {
  const t = useT();
  return (
    <section>
      <h1>{t('not-found')}</h1>
      <Link href="/">{t('nav-workqueue')}</Link>
    </section>
  );
}
