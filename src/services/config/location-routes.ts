/**
 * GET /locations: the locations feed (./location-feed.ts). A first read of a large country is megabytes of JSON, so
 * the answer is gzip-compressed when the client accepts it (browsers always do).
 */
import { promisify } from 'node:util';
import type { FastifyReply } from 'fastify';
import { gzip } from 'node:zlib';
import { z } from 'zod';
import { ProblemSchema } from '../../core/http/problem.js';
import type { HttpApp } from '../../core/http/server.js';
import { LocationPage, readLocationFeed } from './location-feed.js';
import type { ConfigDb } from './repository.js';

const gzipAsync = promisify(gzip);
/** Small answers (an incremental read with nothing new) are not worth compressing. */
const COMPRESS_FROM_BYTES = 1024;

export const MAX_LOCATIONS_PAGE = 10_000;

export function locationRoutes(app: HttpApp, db: ConfigDb): void {
  app.get(
    '/locations',
    {
      config: { scope: 'config.read' },
      schema: {
        tags: ['config'],
        summary: 'Areas, health facilities and offices: all of them, then only what changed since a cursor',
        description:
          'Without `cursor`, every location, a page at a time: follow `cursor` while `more`. The last page’s ' +
          '`cursor`, sent later, answers only the locations added or changed since (a few may come again: keep the ' +
          'last copy of each by type and code). The answer is gzip-compressed when `Accept-Encoding` allows; its ' +
          '`Feed-Cursor` and `Feed-More` headers repeat `cursor` and `more`, so the next page can be asked for ' +
          'before this one is read.',
        querystring: z
          .object({
            cursor: z.string().max(1000).optional().describe('From the previous answer; leave it out to read all'),
            limit: z.coerce.number().int().min(1).max(MAX_LOCATIONS_PAGE).default(5000),
          })
          .strict(),
        response: { 200: LocationPage, 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const page = await readLocationFeed(db, request.query.cursor, request.query.limit);
      // The cursor and whether more follows, also as headers: a client asks for the next page before parsing this one.
      void reply
        .header('cache-control', 'no-store')
        .header('vary', 'accept-encoding')
        .header('feed-cursor', page.cursor)
        .header('feed-more', String(page.more));
      const json = JSON.stringify(page);
      const accepts = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      if (!accepts || json.length < COMPRESS_FROM_BYTES) return page;
      // Sent as bytes: the page was checked by its type above, and serialising it twice would cost as much again.
      const raw: FastifyReply = reply;
      return raw
        .type('application/json')
        .header('content-encoding', 'gzip')
        .send(await gzipAsync(json, { level: 6 }));
    },
  );
}
