/**
 * The signed-in app: the header (where to go, the connection, what waits to be sent, lock and sign out), the page
 * for the address, and the work that runs while unlocked: sending the outbox, renewing the session, idle lock.
 */
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { useT } from '../../i18n/language';
import { startSync } from '../../offline/sync';
import { pruneSent } from '../../offline/outbox';
import { pruneSentActions } from '../../offline/assigned-actions';
import { startAssignedSync } from '../../offline/assigned-sync';
import { Link, match, usePath } from '../../router';
import { AdminRoute } from '../admin/admin-route';
import { canAdminister } from '../admin/rights';
import { DeclarePage } from '../declare/declare-page';
import { keepLocationsUpdated } from '../locations/locations-client';
import { NewDeclarationPage } from '../declare/new-declaration-page';
import { OutboxPage } from '../outbox/outbox-page';
import { unsent, useOutbox } from '../outbox/use-outbox';
import { OfflineRecordsPage } from '../record/offline-records-page';
import { RecordPage } from '../record/record-page';
import { QuickSearch } from '../search/quick-search';
import { SearchRoute } from '../search/search-route';
import { api, lock, renew, signOut, unlocked } from '../session/session';
import { StatisticsRoute } from '../statistics/statistics-route';
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
    const stopLocations = user.scopes.includes('config.read') ? keepLocationsUpdated(api) : undefined;
    void pruneSentActions(user.id);
    const assigned = user.scopes.includes('record.read')
      ? startAssignedSync({
          api,
          key,
          userId: user.id,
          timeoutMs: syncTimeoutMs(),
          firstWaitMs: syncFirstWaitMs(),
          onSignInNeeded: () => void renew().catch(() => undefined),
        })
      : undefined;
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
      stopLocations?.();
      assigned?.stop();
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
          {(user.scopes.includes('record.validate') || user.scopes.includes('record.print')) && (
            <Link href="/offline-records">{t('nav-offline-records')}</Link>
          )}
          {user.scopes.includes('statistics.read') && <Link href="/statistics">{t('nav-statistics')}</Link>}
          {canAdminister(user.scopes) && <Link href="/admin">{t('nav-admin')}</Link>}
        </nav>
        {user.scopes.includes('record.read') && <QuickSearch />}
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
  if ((params = match('/records/:id', path))) return <RecordPage key={path} id={params.id!} />;
  if ((params = match('/records/:id/duplicates', path))) return <LazyPage page={DuplicateReviewPage} id={params.id!} />;
  if ((params = match('/records/:id/correct', path))) return <LazyPage page={RequestCorrectionPage} id={params.id!} />;
  if (path === '/offline-records') return <OfflineRecordsPage />;
  if (path === '/declare') return <NewDeclarationPage />;
  if ((params = match('/declare/:eventType', path))) return <DeclarePage key={path} eventType={params.eventType!} />;
  if ((params = match('/outbox/:itemId', path))) return <DeclarePage key={path} itemId={params.itemId!} />;
  if (path === '/outbox') return <OutboxPage />;
  if (path === '/search' || path === '/search/advanced') return <SearchRoute path={path} />;
  if (path === '/statistics') return <StatisticsRoute />;
  if (path === '/admin' || path.startsWith('/admin/')) return <AdminRoute path={path} />;
  return <NotFound />;
}

/** Pages used now and then (duplicate review, corrections) load when first opened. */
const DuplicateReviewPage = lazy(() =>
  import('../duplicates/duplicate-review-page').then((module) => ({ default: module.DuplicateReviewPage })),
);
const RequestCorrectionPage = lazy(() =>
  import('../corrections/request-correction-page').then((module) => ({ default: module.RequestCorrectionPage })),
);

function LazyPage({ page: Page, id }: { page: ComponentType<{ id: string }>; id: string }) {
  const t = useT();
  return (
    <Suspense fallback={<p>{t('loading')}</p>}>
      <Page key={id} id={id} />
    </Suspense>
  );
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
