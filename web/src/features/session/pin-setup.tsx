/** Right after the first sign-in on a device: the PIN that unlocks it from now on (and encrypts what it keeps). */
import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/language';
import { PIN_LENGTH, PinInput } from './pin-input';
import { setPin, signOut, useSession } from './session';

export function PinSetup() {
  const t = useT();
  const session = useSession();
  const [pin, setPinValue] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pin.length < PIN_LENGTH.min) return setError(t('pin-too-short', { min: PIN_LENGTH.min }));
    if (/^(\d)\1+$/.test(pin) || '0123456789'.includes(pin) || '9876543210'.includes(pin)) {
      return setError(t('pin-too-simple'));
    }
    if (pin !== again) return setError(t('pin-mismatch'));
    setBusy(true);
    try {
      await setPin(pin);
    } catch {
      setError(t('error-unexpected'));
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={submit} noValidate>
        <h1>{t('pin-create-title')}</h1>
        <p>{t('pin-create-help', { name: session.user?.name ?? '' })}</p>
        <label htmlFor="pin">{t('pin')}</label>
        <PinInput id="pin" value={pin} onChange={setPinValue} autoFocus />
        <label htmlFor="pin-again">{t('pin-again')}</label>
        <PinInput id="pin-again" value={again} onChange={setAgain} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? t('please-wait') : t('pin-create')}
        </button>
        <button type="button" className="link" onClick={() => void signOut()}>
          {t('sign-out')}
        </button>
      </form>
    </main>
  );
}
