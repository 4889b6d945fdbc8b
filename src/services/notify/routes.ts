/** HTTP routes of the notify service. */
import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import { queueNotification } from './actions/queue-notification.js';
import { Message, NotificationRequest } from './model.js';
import { findMessage, type NotifyDb } from './repository.js';

export const NotifyScopes = { send: 'notification.send', read: 'notification.read' } as const;

export function notifyRoutes(app: HttpApp, deps: { db: NotifyDb; wake: () => void }): void {
  app.post(
    '/notifications',
    {
      config: { scope: NotifyScopes.send },
      schema: {
        tags: ['notify'],
        summary: 'Queue an SMS or e-mail from a template; it is sent in the background, with retries',
        body: NotificationRequest,
        response: { 202: Message, 400: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const message = await queueNotification(deps, request.body, request.id);
      return reply.status(202).header('location', `/api/v1/notifications/${message.id}`).send(message);
    },
  );

  app.get(
    '/notifications/:id',
    {
      config: { scope: NotifyScopes.read },
      schema: {
        tags: ['notify'],
        summary: 'Where a queued message stands: pending, sent or failed, with attempts and the last error',
        params: z.object({ id: z.uuid() }),
        response: { 200: Message, 404: ProblemSchema },
      },
    },
    async (request) => {
      const message = await findMessage(deps.db, request.params.id);
      if (!message)
        throw new DomainError('NOTIFY_MESSAGE_NOT_FOUND', `No message has id ${request.params.id}.`, { field: 'id' });
      return message;
    },
  );
}
