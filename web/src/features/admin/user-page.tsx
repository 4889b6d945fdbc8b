/**
 * One staff account: its details (name, office, contact, language), its role, and the account's state: deactivate,
 * reactivate, or reset the password (the user is sent a code). Each part shows only when the user's scopes allow it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { changeRole, changeUser, getUser, resetPassword, setActive, type StaffUser } from '../../api/admin';
import { useLanguage, useT } from '../../i18n/language';
import { Link, useQueryString } from '../../router';
import { useAsync } from '../../use-async';
import { api, unlocked } from '../session/session';
import { ErrorNote } from '../shell/error-note';
import { formatDateTime } from '../shell/format';
import { loadLookups, officeName, roleName } from './admin-data';
import { formProblems, type FormProblems } from './form-problems';
import { adminRights } from './rights';
import { SelectField } from './text-field';
import { USER_FIELDS, UserForm, type UserFields } from './user-form';
import { AccountBadge } from './users-page';

const fieldsOf = (user: StaffUser): UserFields => ({
  username: user.username,
  name: user.name,
  role: user.role,
  office: user.office ?? '',
  email: user.email ?? '',
  phone: user.phone ?? '',
  language: user.language,
});

export function UserPage({ id }: { id: string }) {
  const t = useT();
  const lang = useLanguage();
  const { user: me } = unlocked();
  const rights = adminRights(me.scopes);
  const created = new URLSearchParams(useQueryString()).has('created');
  const lookups = useAsync(loadLookups, []);
  const loaded = useAsync(() => getUser(api, id), [id]);
  const [user, setUser] = useState<StaffUser>();
  const [values, setValues] = useState<UserFields>();
  const [role, setRole] = useState('');
  const [problems, setProblems] = useState<FormProblems>({ fields: {} });
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!loaded.data) return;
    setUser(loaded.data);
    setValues(fieldsOf(loaded.data));
    setRole(loaded.data.role);
  }, [loaded.data]);

  if (loaded.error !== undefined) return <ErrorNote error={loaded.error} retry={loaded.reload} />;
  if (!user || !values) return <p>{t('loading')}</p>;

  /** Runs one change; its answer is the account as it is now. */
  const run = async (change: () => Promise<StaffUser | undefined>, message?: string) => {
    setBusy(true);
    setDone(undefined);
    setProblems({ fields: {} });
    try {
      const next = await change();
      if (next) {
        setUser(next);
        setValues(fieldsOf(next));
        setRole(next.role);
      }
      if (message) setDone(message);
    } catch (error) {
      setProblems(formProblems(error, USER_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const before = fieldsOf(user);
    const changes: Record<string, string | null> = {};
    if (values.name.trim() !== before.name) changes.name = values.name.trim();
    if (values.office !== before.office) changes.office = values.office || null;
    if (values.email.trim() !== before.email) changes.email = values.email.trim() || null;
    if (values.phone.trim() !== before.phone) changes.phone = values.phone.trim() || null;
    if (values.language !== before.language) changes.language = values.language;
    if (Object.keys(changes).length === 0) return setDone(t('admin-nothing-changed'));
    void run(() => changeUser(api, user.id, changes), t('admin-saved'));
  };

  const saveRole = (event: FormEvent) => {
    event.preventDefault();
    if (role === user.role) return setDone(t('admin-nothing-changed'));
    void run(() => changeRole(api, user.id, role), t('admin-role-changed'));
  };

  const toggleActive = () => {
    const question = user.active ? t('admin-deactivate-confirm', { name: user.name }) : undefined;
    if (question && !confirm(question)) return;
    void run(
      () => setActive(api, user.id, !user.active),
      user.active ? t('admin-deactivated-done') : t('admin-reactivated-done'),
    );
  };

  const reset = () => {
    if (!confirm(t('admin-reset-confirm', { name: user.name }))) return;
    void run(async () => {
      const { expiresAt } = await resetPassword(api, user.id);
      setDone(t('admin-reset-done', { when: formatDateTime(expiresAt, lang) }));
      return getUser(api, user.id);
    });
  };

  return (
    <section aria-labelledby="user-title">
      <p>
        <Link href="/admin/users">← {t('admin-users')}</Link>
      </p>
      <div className="page-head">
        <h2 id="user-title">{user.name}</h2>
        <AccountBadge user={user} t={t} />
      </div>
      <p className="muted">
        {user.username} · {roleName(lookups.data, user.role, lang, t)} ·{' '}
        {officeName(lookups.data, user.office) || t('admin-national')}
      </p>
      {created && !done && (
        <p className="success" role="status">
          {t('admin-created', { name: user.name })}
        </p>
      )}
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {problems.general !== undefined && <ErrorNote error={problems.general} />}

      <form className="card admin-form" onSubmit={save} noValidate aria-labelledby="details-title">
        <h3 id="details-title">{t('admin-details')}</h3>
        <UserForm
          values={values}
          lookups={lookups.data}
          problems={problems.fields}
          creating={false}
          disabled={busy || !rights.editUser}
          onChange={setValues}
        />
        {rights.editUser && (
          <button className="primary" type="submit" disabled={busy}>
            {t('admin-save')}
          </button>
        )}
      </form>

      {rights.changeRole && (
        <form className="card admin-form" onSubmit={saveRole} aria-labelledby="role-title">
          <h3 id="role-title">{t('admin-role')}</h3>
          <p className="muted">{t('admin-role-help')}</p>
          <SelectField
            id="user-new-role"
            label={t('admin-role')}
            value={role}
            onChange={setRole}
            disabled={busy}
            options={(lookups.data?.roles ?? [{ role: user.role, label: {}, scopes: [] }]).map((entry) => ({
              value: entry.role,
              label: roleName(lookups.data, entry.role, lang, t),
            }))}
          />
          <button type="submit" disabled={busy}>
            {t('admin-change-role')}
          </button>
        </form>
      )}

      {(rights.deactivate || rights.resetPassword) && (
        <div className="card admin-form" role="group" aria-labelledby="account-title">
          <h3 id="account-title">{t('admin-account')}</h3>
          <div className="row">
            {rights.resetPassword && user.active && (
              <button type="button" onClick={reset} disabled={busy}>
                {t('admin-reset-password')}
              </button>
            )}
            {rights.deactivate && user.id !== me.id && (
              <button type="button" className={user.active ? 'danger' : ''} onClick={toggleActive} disabled={busy}>
                {user.active ? t('admin-deactivate') : t('admin-reactivate')}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
