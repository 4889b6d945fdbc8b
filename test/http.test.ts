/** The HTTP contract every route shares: problem+json errors with the field, request ids, health, metrics, OpenAPI. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { newArea } from './helpers/http.js';

describe('HTTP', () => {
  let civitas: TestCivitas;
  beforeAll(async () => {
    civitas = await startTestCivitas();
  });
  afterAll(async () => {
    await civitas.close();
  });

  const areaCount = async () =>
    (await civitas.app.inject({ url: '/api/v1/areas?limit=1' })).json<{ total: number }>().total;
  const post = (payload: string, contentType = 'application/json') =>
    civitas.app.inject({ method: 'POST', url: '/api/v1/areas', payload, headers: { 'content-type': contentType } });

  it('answers a malformed body with MALFORMED_BODY and writes nothing', async () => {
    const before = await areaCount();
    const response = await post('{"code": "A1", "name": ');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'MALFORMED_BODY', status: 400, instance: '/api/v1/areas' });
    expect(await areaCount()).toBe(before);
  });

  it('names the wrong field and lists every problem, writing nothing', async () => {
    const before = await areaCount();
    const response = await post(JSON.stringify({ code: 'bad code!', name: '', kind: 'district', parentCode: null }));
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code' });
    expect(problem.errors.map((error: { field: string }) => error.field)).toEqual(['code', 'name']);
    expect(await areaCount()).toBe(before);
  });

  it('refuses unknown fields instead of ignoring them', async () => {
    const response = await post(JSON.stringify({ ...newArea('U1'), colour: 'blue' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/colour/);
  });

  it('answers a wrong content type with 415', async () => {
    const response = await post('code=A1', 'application/x-www-form-urlencoded');
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a domain rule with its own code and field: unknown parent, duplicate code', async () => {
    const orphan = await post(JSON.stringify(newArea('ORPHAN', 'NOWHERE')));
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json()).toMatchObject({ code: 'CONFIG_PARENT_NOT_FOUND', field: 'parentCode' });
    expect((await post(JSON.stringify(newArea('TWICE')))).statusCode).toBe(201);
    const twice = await post(JSON.stringify(newArea('TWICE')));
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'CONFIG_AREA_EXISTS', field: 'code' });
  });

  it('answers unknown routes with a problem, not an HTML page', async () => {
    const response = await civitas.app.inject({ url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('echoes a given request id and makes one otherwise', async () => {
    const given = await civitas.app.inject({ url: '/api/v1/areas/NOPE', headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers['x-request-id']).toBe('trace-123');
    expect(given.json().requestId).toBe('trace-123');
    const made = await civitas.app.inject({ url: '/health/live' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports readiness of database, bus and migrations', async () => {
    const response = await civitas.app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      ready: true,
      checks: { database: { ok: true }, bus: { ok: true }, migrations: { ok: true } },
    });
  });

  it('serves Prometheus metrics with request latency, outbox and consumer lag, pool use', async () => {
    await civitas.app.inject({ url: '/api/v1/areas' });
    const text = (await civitas.app.inject({ url: '/metrics' })).body;
    expect(text).toMatch(/civitas_http_request_duration_seconds_bucket\{.*route="\/api\/v1\/areas"/);
    expect(text).toMatch(/civitas_outbox_pending_events\{schema="config"\}/);
    expect(text).toMatch(/civitas_consumer_lag_events\{consumer="metrics.count-events"\}/);
    expect(text).toMatch(/civitas_db_pool_connections\{state="total"\}/);
    expect(text).toMatch(/civitas_events_dead_lettered_total|civitas_events_consumed_total/);
  });

  it('publishes an OpenAPI 3.1 document that shows each route and its scope', async () => {
    const document = (await civitas.app.inject({ url: '/openapi.json' })).json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/v1/areas'].post.security).toEqual([{ bearer: ['config.area.create'] }]);
    expect(document.paths['/api/v1/areas'].post.description).toMatch(/Required scope: `config.area.create`/);
    expect((await civitas.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });
});
