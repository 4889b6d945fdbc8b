/** Locks the screen after a while without a touch or a key (a shared device left on a desk). */
import { useEffect } from 'react';
import { lock } from '../session/session';

export const IDLE_LOCK_MS = 10 * 60_000;

export function useIdleLock(idleMs = IDLE_LOCK_MS): void {
  useEffect(() => {
    let timer = setTimeout(lock, idleMs);
    const activity = () => {
      clearTimeout(timer);
      timer = setTimeout(lock, idleMs);
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    events.forEach((name) => window.addEventListener(name, activity, { passive: true }));
    return () => {
      clearTimeout(timer);
      events.forEach((name) => window.removeEventListener(name, activity));
    };
  }, [idleMs]);
}
