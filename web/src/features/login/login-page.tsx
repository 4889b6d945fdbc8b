/** Signing in: username and password, then the one-time code sent to the user's phone or e-mail. */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/http';
import type { LoginChallenge } from '../../api/types';
import { useT, type Translate } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { Link } from '../../router';
import { beginLogin, finishLogin } from '../session/session';
import { LanguageSwitch } from '../shell/language-switch';

export function LoginPage({ notice }: { notice?: string }) {
  const t = useT();
  const [challenge, setChallenge] = useState<LoginChallenge>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (!challenge) {
        setChallenge(await beginLogin(username.trim(), password));
        setPassword('');
      } else {
        await finishLogin(challenge.challengeId, code.trim());
      }
    } catch (caught) {
      setError(loginError(t, caught));
      // An expired or used-up challenge cannot take another code: start again.
      if (caught instanceof ApiError && challenge && caught.status === 401 && /again|expired/i.test(caught.message)) {
        setChallenge(undefined);
        setCode('');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <div className="auth-top">
        <LanguageSwitch />
      </div>
      <form className="card auth-card" onSubmit={submit} noValidate>
        <h1>{t('app-name')}</h1>
        {notice && <p className="notice">{t(`notice-${notice}` as TextKey)}</p>}
        {!challenge ? (
          <>
            <h2>{t('sign-in')}</h2>
            <label htmlFor="username">{t('username')}</label>
            <input
              id="username"
              autoComplete="username"
              autoCapitalize="none"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              required
            />
            <label htmlFor="password">{t('password')}</label>
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              required
            />
          </>
        ) : (
          <>
            <h2>{t('code-title')}</h2>
            <p>{t(`code-sent-${challenge.channel}`)}</p>
            <label htmlFor="code">{t('code')}</label>
            <input
              id="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              required
              autoFocus
            />
          </>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? t('please-wait') : challenge ? t('verify') : t('continue')}
        </button>
        {challenge ? (
          <button type="button" className="link" onClick={() => setChallenge(undefined)}>
            {t('start-again')}
          </button>
        ) : (
          <Link href="/forgot-password">{t('forgot-password')}</Link>
        )}
      </form>
    </main>
  );
}

function loginError(t: Translate, error: unknown): string {
  if (!(error instanceof ApiError)) return t('error-unexpected');
  if (error.kind !== 'http') return t('error-offline-login');
  if (error.status === 429) return t('error-too-many', { seconds: Math.ceil((error.retryAfterMs ?? 60_000) / 1000) });
  return error.message;
}
