/**
 * Administration: staff accounts and registration offices, each tab shown when the user's scopes allow it.
 * Loaded on first visit only (see admin-route.tsx), so it adds nothing to the app's first load.
 */
import type { ReactNode } from 'react';
import { useT } from '../../i18n/language';
import { Link, match } from '../../router';
import { unlocked } from '../session/session';
import './admin.css';
import { NewUserPage } from './new-user-page';
import { OfficePage } from './office-page';
import { OfficesPage } from './offices-page';
import { adminRights } from './rights';
import { UserPage } from './user-page';
import { UsersPage } from './users-page';

export function AdminScreens({ path }: { path: string }) {
  const t = useT();
  const rights = adminRights(unlocked().user.scopes);
  const tab = path.startsWith('/admin/offices') || (path === '/admin' && !rights.users) ? 'offices' : 'users';
  return (
    <section className="admin" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('nav-admin')}</h1>
      <nav className="tabs" aria-label={t('nav-admin')}>
        {rights.users && (
          <Link href="/admin/users" aria-current={tab === 'users' ? 'page' : undefined}>
            {t('admin-users')}
          </Link>
        )}
        {rights.offices && (
          <Link href="/admin/offices" aria-current={tab === 'offices' ? 'page' : undefined}>
            {t('admin-offices')}
          </Link>
        )}
      </nav>
      {screen(path, rights.users, rights.offices) ?? <p>{t('admin-not-allowed')}</p>}
    </section>
  );
}

function screen(path: string, users: boolean, offices: boolean): ReactNode {
  let params: Record<string, string> | undefined;
  if (users) {
    if (path === '/admin' || path === '/admin/users') return <UsersPage />;
    if (path === '/admin/users/new') return <NewUserPage />;
    if ((params = match('/admin/users/:id', path))) return <UserPage key={params.id} id={params.id!} />;
  }
  if (offices) {
    if (path === '/admin' || path === '/admin/offices') return <OfficesPage />;
    if (path === '/admin/offices/new') return <OfficePage key="new" />;
    if ((params = match('/admin/offices/:code', path))) {
      return <OfficePage key={params.code} code={params.code!} />;
    }
  }
  return undefined;
}
