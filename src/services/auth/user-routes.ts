/** HTTP routes of staff administration: thin handlers; the scope checks with conditions live in the actions. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import {
  changeRole,
  changeUser,
  createUser,
  getUserFor,
  listUsersFor,
  resetPassword,
  setActive,
  type Acting,
  type UserAdminDeps,
} from './actions/manage-users.js';
import { NewUser, UserChangesRequest, UserView } from './model.js';
import { currentRoles } from './role-book.js';

const UserId = z.object({ id: z.uuid() });
const refusals = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

export function acting(request: FastifyRequest): Acting {
  // The access policy has run (the route has a scope), so the caller is known.
  return { caller: request.caller!, requestId: request.id, address: request.ip };
}

export function userRoutes(app: HttpApp, deps: UserAdminDeps): void {
  app.get(
    '/roles',
    {
      config: { scope: 'user.read' },
      schema: {
        tags: ['users'],
        summary: 'The roles in force (the country’s, or the built-in ones), their names and the scopes each grants',
        response: {
          200: z.array(
            z.object({
              role: z.string(),
              label: z.record(z.string(), z.string()).describe('Language code → the role’s name in it'),
              scopes: z.array(z.string()),
            }),
          ),
        },
      },
    },
    async () =>
      [...(await currentRoles(deps.db)).values()].map(({ name, label, scopes }) => ({
        role: name,
        label: { ...label },
        scopes: [...scopes],
      })),
  );

  app.get(
    '/users',
    {
      config: { scope: 'user.read' },
      schema: {
        tags: ['users'],
        summary: 'Staff accounts the caller may see (their office or area, or all for national scopes)',
        querystring: z
          .object({
            office: z.string().optional(),
            role: z.string().optional(),
            active: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          })
          .strict(),
        response: { 200: z.object({ items: z.array(UserView), total: z.number().int() }), ...refusals },
      },
    },
    async (request) => {
      const { active, ...filter } = request.query;
      return listUsersFor(deps, acting(request), {
        ...filter,
        active: active === undefined ? undefined : active === 'true',
      });
    },
  );

  app.get(
    '/users/:id',
    {
      config: { scope: 'user.read' },
      schema: {
        tags: ['users'],
        summary: 'One staff account',
        params: UserId,
        response: { 200: UserView, ...refusals },
      },
    },
    async (request) => getUserFor(deps, acting(request), request.params.id),
  );

  app.post(
    '/users',
    {
      config: { scope: 'user.create' },
      schema: {
        tags: ['users'],
        summary: 'Create a staff account; the user is sent a code to choose their password',
        body: NewUser,
        response: { 201: UserView, ...refusals, 409: ProblemSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(deps, acting(request), request.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { scope: 'user.update' },
      schema: {
        tags: ['users'],
        summary: 'Change name, office, phone, e-mail or language (a new office ends the user’s sessions)',
        params: UserId,
        body: UserChangesRequest,
        response: { 200: UserView, ...refusals },
      },
    },
    async (request) => changeUser(deps, acting(request), request.params.id, request.body),
  );

  app.put(
    '/users/:id/role',
    {
      config: { scope: 'user.role' },
      schema: {
        tags: ['users'],
        summary: 'Change the user’s role (ends their sessions, so new scopes apply at once)',
        params: UserId,
        body: z.object({ role: z.string().min(1) }).strict(),
        response: { 200: UserView, ...refusals },
      },
    },
    async (request) => changeRole(deps, acting(request), request.params.id, request.body.role),
  );

  for (const [path, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(
      `/users/:id/${path}`,
      {
        config: { scope: 'user.deactivate' },
        schema: {
          tags: ['users'],
          summary: active ? 'Reactivate an account' : 'Deactivate an account (ends its sessions at once)',
          params: UserId,
          response: { 200: UserView, ...refusals },
        },
      },
      async (request) => setActive(deps, acting(request), request.params.id, active),
    );
  }

  app.post(
    '/users/:id/reset-password',
    {
      config: { scope: 'user.reset-password' },
      schema: {
        tags: ['users'],
        summary: 'Clear the password and send the user a code to choose a new one (ends their sessions)',
        params: UserId,
        response: { 200: z.object({ expiresAt: z.iso.datetime() }), ...refusals, 409: ProblemSchema },
      },
    },
    async (request) => resetPassword(deps, acting(request), request.params.id),
  );
}
