import { uuidv7 } from '../../../core/events/uuidv7.js';
import type { Message, NotificationRequest } from '../model.js';
import { render } from '../render.js';
import { findMessage, insertMessage, type NotifyDb } from '../repository.js';

/** Renders the message now (a bad template or a missing value is the caller's error) and queues it for sending. */
export async function queueNotification(
  deps: { db: NotifyDb; wake: () => void },
  request: NotificationRequest,
  traceId: string,
): Promise<Message> {
  const rendered = render(request);
  const id = uuidv7();
  await insertMessage(deps.db, {
    id,
    channel: request.channel,
    recipient: request.to,
    template: request.template,
    language: request.language,
    subject: rendered.subject,
    body: rendered.body,
    sensitive: rendered.sensitive,
    next_attempt_at: new Date(),
    trace_id: traceId,
  });
  deps.wake();
  return (await findMessage(deps.db, id)) as Message;
}
