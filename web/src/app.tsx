/** The app's top: which screen the session's phase calls for. Everything past sign-in loads as a second part. */
import { lazy, Suspense, useEffect } from 'react';
import { LoginPage } from './features/login/login-page';
import { PinLock } from './features/session/pin-lock';
import { PinSetup } from './features/session/pin-setup';
import { startSession, useSession } from './features/session/session';
import { setAccountLanguage, useT } from './i18n/language';
import { usePath } from './router';

const loadShell = () => import('./features/shell/shell');
const Shell = lazy(() => loadShell().then((module) => ({ default: module.Shell })));
const ForgotPasswordPage = lazy(() =>
  import('./features/login/forgot-password-page').then((module) => ({ default: module.ForgotPasswordPage })),
);

export function App() {
  const session = useSession();
  const path = usePath();
  const t = useT();
  useEffect(() => {
    void startSession();
  }, []);
  useEffect(() => {
    if (session.user && 'language' in session.user) setAccountLanguage(session.user.language);
  }, [session.user]);
  useEffect(() => {
    // Fetch the rest of the app while the user types their password.
    if (session.phase === 'signed-out' || session.phase === 'enter-pin') {
      const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
      idle(() => void loadShell());
    }
  }, [session.phase]);

  switch (session.phase) {
    case 'starting':
      return <p className="splash">{t('loading')}</p>;
    case 'signed-out':
      return path === '/forgot-password' ? (
        <Suspense fallback={<p className="splash">{t('loading')}</p>}>
          <ForgotPasswordPage />
        </Suspense>
      ) : (
        <LoginPage notice={session.notice} />
      );
    case 'set-pin':
      return <PinSetup />;
    case 'enter-pin':
      return <PinLock />;
    case 'ready':
      return (
        <Suspense fallback={<p className="splash">{t('loading')}</p>}>
          <Shell />
        </Suspense>
      );
  }
}
