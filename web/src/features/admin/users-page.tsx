/** Staff accounts the user may see, filtered by office, role and status, a page at a time. */
import { useState } from 'react';
import { listUsers, type StaffUser } from '../../api/admin';
import { useLanguage, useT, type Translate } from '../../i18n/language';
import { Link } from '../../router';
import { useAsync } from '../../use-async';
import { api, unlocked } from '../session/session';
import { ErrorNote } from '../shell/error-note';
import { loadLookups, officeName, roleName } from './admin-data';
import { adminRights } from './rights';
import { SelectField } from './text-field';

const PAGE = 50;

export function UsersPage() {
  const t = useT();
  const lang = useLanguage();
  const rights = adminRights(unlocked().user.scopes);
  const [office, setOffice] = useState('');
  const [role, setRole] = useState('');
  const [status, setStatus] = useState('active');
  const [shown, setShown] = useState(PAGE);
  const lookups = useAsync(loadLookups, []);
  const users = useAsync(
    () =>
      listUsers(api, {
        limit: shown,
        offset: 0,
        ...(office ? { office } : {}),
        ...(role ? { role } : {}),
        ...(status === 'all' ? {} : { active: status === 'active' }),
      }),
    [office, role, status, shown],
  );
  const any = { value: '', label: t('admin-any') };

  return (
    <section aria-labelledby="users-title">
      <div className="page-head">
        <h2 id="users-title">{t('admin-users')}</h2>
        {rights.createUser && (
          <Link className="button primary" href="/admin/users/new">
            {t('admin-new-user')}
          </Link>
        )}
      </div>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label={t('admin-filter-users')}>
        <SelectField
          id="filter-office"
          label={t('admin-office')}
          value={office}
          onChange={setOffice}
          options={[any, ...(lookups.data?.offices ?? []).map((entry) => ({ value: entry.code, label: entry.name }))]}
        />
        <SelectField
          id="filter-role"
          label={t('admin-role')}
          value={role}
          onChange={setRole}
          options={[
            any,
            ...(lookups.data?.roles ?? []).map((entry) => ({
              value: entry.role,
              label: roleName(lookups.data, entry.role, lang, t),
            })),
          ]}
        />
        <SelectField
          id="filter-status"
          label={t('status')}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: t('admin-active') },
            { value: 'inactive', label: t('admin-deactivated') },
            { value: 'all', label: t('admin-any') },
          ]}
        />
      </form>
      {users.error !== undefined && <ErrorNote error={users.error} retry={users.reload} />}
      {users.data && users.data.items.length === 0 && <p className="empty">{t('admin-no-users')}</p>}
      {users.data && users.data.items.length > 0 && (
        <table className="queue" aria-labelledby="users-title">
          <thead>
            <tr>
              <th scope="col">{t('admin-name')}</th>
              <th scope="col">{t('username')}</th>
              <th scope="col">{t('admin-role')}</th>
              <th scope="col">{t('admin-office')}</th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((user) => (
              <tr key={user.id}>
                <td>
                  <Link href={`/admin/users/${user.id}`}>{user.name}</Link>
                </td>
                <td>{user.username}</td>
                <td>{roleName(lookups.data, user.role, lang, t)}</td>
                <td>{officeName(lookups.data, user.office) || t('admin-national')}</td>
                <td>
                  <AccountBadge user={user} t={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {users.data && users.data.total > users.data.items.length && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t('show-more')}
        </button>
      )}
      {users.loading && !users.data && <p>{t('loading')}</p>}
    </section>
  );
}

export function AccountBadge({ user, t }: { user: StaffUser; t: Translate }) {
  if (!user.active) return <span className="badge flag">{t('admin-deactivated')}</span>;
  if (user.lockedUntil) return <span className="badge flag">{t('admin-locked')}</span>;
  if (!user.passwordSet) return <span className="badge">{t('admin-invited')}</span>;
  return <span className="badge status-registered">{t('admin-active')}</span>;
}
