/** Starts the app, and the service worker that keeps it working without a connection. */
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { languageReady } from './i18n/language';
import './styles.css';

void languageReady.then(() => createRoot(document.getElementById('root')!).render(<App />));

// A newer build replaced this one while the page was open: its parts are gone from the server; start afresh.
window.addEventListener('vite:preloadError', () => {
  if (sessionStorage.getItem('civitas.reloaded') === '1') return;
  sessionStorage.setItem('civitas.reloaded', '1');
  location.reload();
});
window.addEventListener('load', () => setTimeout(() => sessionStorage.removeItem('civitas.reloaded'), 10_000));

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  // After the first page is up, so installing it (and caching the app) does not slow the first start.
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('no service worker', error));
  });
}
