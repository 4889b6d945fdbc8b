/** Creating a staff account: the user is sent a code to choose their password (an invitation). */
import { useState, type FormEvent } from 'react';
import { createUser } from '../../api/admin';
import { useT } from '../../i18n/language';
import { Link, navigate } from '../../router';
import { useAsync } from '../../use-async';
import { api } from '../session/session';
import { ErrorNote } from '../shell/error-note';
import { loadLookups } from './admin-data';
import { formProblems, type FormProblems } from './form-problems';
import { USER_FIELDS, UserForm, type UserFields } from './user-form';

const EMPTY: UserFields = { username: '', name: '', role: '', office: '', email: '', phone: '', language: 'en' };

export function NewUserPage() {
  const t = useT();
  const lookups = useAsync(loadLookups, []);
  const [values, setValues] = useState(EMPTY);
  const [problems, setProblems] = useState<FormProblems>({ fields: {} });
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!values.username.trim()) missing.username = t('problem-required');
    if (!values.name.trim()) missing.name = t('problem-required');
    if (!values.role) missing.role = t('problem-required');
    if (Object.keys(missing).length > 0) return setProblems({ fields: missing });
    setBusy(true);
    try {
      const user = await createUser(api, {
        username: values.username.trim(),
        name: values.name.trim(),
        role: values.role,
        office: values.office || null,
        email: values.email.trim() || null,
        phone: values.phone.trim() || null,
        language: values.language,
      });
      navigate(`/admin/users/${user.id}?created=1`);
    } catch (error) {
      setProblems(formProblems(error, USER_FIELDS));
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="new-user-title">
      <p>
        <Link href="/admin/users">← {t('admin-users')}</Link>
      </p>
      <h2 id="new-user-title">{t('admin-new-user')}</h2>
      <p className="muted">{t('admin-invite-help')}</p>
      <form className="card admin-form" onSubmit={submit} noValidate>
        {problems.general !== undefined && <ErrorNote error={problems.general} />}
        <UserForm
          values={values}
          lookups={lookups.data}
          problems={problems.fields}
          creating
          disabled={busy}
          onChange={setValues}
        />
        <div className="row">
          <button className="primary" type="submit" disabled={busy}>
            {t('admin-create-user')}
          </button>
          <Link href="/admin/users">{t('cancel')}</Link>
        </div>
      </form>
    </section>
  );
}
