/** The user's outbox items, kept up to date as they are saved and sent (in this tab or another). */
import { useEffect, useState } from 'react';
import { listOutbox, onOutboxChange, type OutboxItem } from '../../offline/outbox';

export function useOutbox(userId: string): readonly OutboxItem[] {
  const [items, setItems] = useState<readonly OutboxItem[]>([]);
  useEffect(() => {
    let current = true;
    const load = () => void listOutbox(userId).then((list) => current && setItems(list));
    load();
    const stop = onOutboxChange(load);
    return () => {
      current = false;
      stop();
    };
  }, [userId]);
  return items;
}

export const unsent = (items: readonly OutboxItem[]) => items.filter((item) => item.state !== 'sent');
