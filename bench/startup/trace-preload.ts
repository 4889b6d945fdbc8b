/**
 * The breakdown's preload module (node --import): it timestamps what a start does, without touching src/. It appends
 * one JSON record a line to $BENCH_TRACE_FILE: marks, outermost CommonJS loads by package, and database queries.
 */
export const TRACE_MODULE = (pgliteUrl: string, packageJson: string) => `
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const file = process.env.BENCH_TRACE_FILE;
const now = () => performance.timeOrigin + performance.now();
const write = (record) => appendFileSync(file, JSON.stringify(record) + '\\n');
const mark = (name) => write({ kind: 'mark', name, at: now() });
write({ kind: 'origin', at: performance.timeOrigin, bootstrapComplete: performance.nodeTiming.bootstrapComplete });
mark('preload');

const require = createRequire(${JSON.stringify(packageJson)});
const Module = require('node:module');
// Outermost CommonJS loads (an ESM import of a CommonJS package goes through Module._load too), by package.
const originalLoad = Module._load;
let depth = 0;
Module._load = function (request, parent, isMain) {
  if (depth > 0) return originalLoad.apply(this, arguments);
  const started = now();
  depth += 1;
  try {
    return originalLoad.apply(this, arguments);
  } finally {
    depth -= 1;
    const ms = now() - started;
    if (ms >= 2) write({ kind: 'cjs', request: String(request), at: started, ms });
  }
};

const timeQueries = (proto, label) => {
  const original = proto.query;
  proto.query = function (...args) {
    const started = now();
    const result = original.apply(this, args);
    if (result && typeof result.then === 'function') {
      result.then(() => write({ kind: 'query', db: label, at: started, ms: now() - started }), () => undefined);
    }
    return result;
  };
};

const { PGlite } = await import(${JSON.stringify(pgliteUrl)});
const create = PGlite.create;
PGlite.create = async function (...args) {
  mark('db.open.start');
  try {
    return await create.apply(this, args);
  } finally {
    mark('db.open.end');
  }
};
timeQueries(PGlite.prototype, 'pglite');

const pg = require('pg');
const connect = pg.Client.prototype.connect;
let firstConnect = true;
pg.Client.prototype.connect = function (...args) {
  const first = firstConnect;
  firstConnect = false;
  if (!first) return connect.apply(this, args);
  mark('db.open.start');
  const callback = args[args.length - 1];
  if (typeof callback === 'function') {
    args[args.length - 1] = function (...results) {
      mark('db.open.end');
      return callback.apply(this, results);
    };
  }
  const result = connect.apply(this, args);
  if (result && typeof result.then === 'function') result.then(() => mark('db.open.end'), () => undefined);
  return result;
};
timeQueries(pg.Client.prototype, 'postgres');

const http = require('node:http');
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  mark('listen.call');
  this.once('listening', () => mark('listening'));
  return listen.apply(this, args);
};
mark('preload.done');
`;
