/** The locked screen: the PIN opens the app again without signing in; nothing of the user's work shows here. */
import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/language';
import { PIN_LENGTH, PinInput } from './pin-input';
import { forgetPin, signOut, unlock, useSession } from './session';

export function PinLock() {
  const t = useT();
  const session = useSession();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmForget, setConfirmForget] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pin.length < PIN_LENGTH.min) return;
    setBusy(true);
    try {
      await unlock(pin);
    } finally {
      setPin('');
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={submit} noValidate>
        <h1>{t('locked-title')}</h1>
        <p>{t(session.afterLogin ? 'pin-after-login' : 'locked-help', { name: session.user?.name ?? '' })}</p>
        <label htmlFor="unlock-pin">{t('pin')}</label>
        <PinInput id="unlock-pin" value={pin} onChange={setPin} autoFocus />
        {session.notice === 'wrong-pin' && (
          <p className="error" role="alert">
            {t('pin-wrong', { left: session.attemptsLeft ?? 0 })}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy || pin.length < PIN_LENGTH.min}>
          {busy ? t('please-wait') : t('unlock')}
        </button>
        {session.afterLogin ? (
          confirmForget ? (
            <div className="warning">
              <p>{t('forget-pin-warning')}</p>
              <button type="button" className="danger" onClick={() => void forgetPin()}>
                {t('forget-pin-confirm')}
              </button>
            </div>
          ) : (
            <button type="button" className="link" onClick={() => setConfirmForget(true)}>
              {t('forgot-pin')}
            </button>
          )
        ) : (
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('sign-in-with-password')}
          </button>
        )}
      </form>
    </main>
  );
}
