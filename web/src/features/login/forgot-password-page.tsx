/** "Forgot password": a code is sent to the user's phone or e-mail; with it they choose a new password. */
import { useState, type FormEvent } from 'react';
import { completePasswordReset, requestPasswordReset } from '../../api/auth';
import { ApiError } from '../../api/http';
import { useT } from '../../i18n/language';
import { Link, navigate } from '../../router';

export function ForgotPasswordPage() {
  const t = useT();
  const [username, setUsername] = useState('');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      if (!sent) {
        await requestPasswordReset(username.trim());
        setSent(true);
      } else {
        await completePasswordReset(username.trim(), code.trim(), password);
        setDone(true);
      }
    } catch (caught) {
      setError(caught instanceof ApiError && caught.kind === 'http' ? caught.message : t('error-offline-login'));
    }
  };

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={submit} noValidate>
        <h1>{t('forgot-password')}</h1>
        {done ? (
          <>
            <p>{t('password-changed')}</p>
            <button className="primary" type="button" onClick={() => navigate('/', { replace: true })}>
              {t('sign-in')}
            </button>
          </>
        ) : (
          <>
            <label htmlFor="reset-username">{t('username')}</label>
            <input
              id="reset-username"
              autoComplete="username"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              disabled={sent}
            />
            {sent && (
              <>
                <p>{t('reset-code-sent')}</p>
                <label htmlFor="reset-code">{t('reset-code')}</label>
                <input id="reset-code" value={code} onChange={(event) => setCode(event.target.value)} />
                <label htmlFor="new-password">{t('new-password')}</label>
                <input
                  id="new-password"
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                />
              </>
            )}
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <button className="primary" type="submit">
              {sent ? t('set-password') : t('send-code')}
            </button>
            <Link href="/">{t('back-to-sign-in')}</Link>
          </>
        )}
      </form>
    </main>
  );
}
