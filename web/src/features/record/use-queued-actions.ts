/** The actions on a record waiting on this device (or on every record), kept up to date as they are sent. */
import { useEffect, useState } from 'react';
import { listActions, onActionsChange, type QueuedAction } from '../../offline/assigned-actions';

export function useQueuedActions(userId: string, recordId?: string): readonly QueuedAction[] {
  const [actions, setActions] = useState<readonly QueuedAction[]>([]);
  useEffect(() => {
    let current = true;
    const load = () => void listActions(userId, recordId).then((list) => current && setActions(list));
    load();
    const stop = onActionsChange(load);
    return () => {
      current = false;
      stop();
    };
  }, [userId, recordId]);
  return actions;
}
