import { describe, expect, it } from 'vitest';
import { demand, holdsScope, may, parseScope, type Caller } from './scopes.js';

const caller = (scope: string[], office: string | null = 'IBO-1', jurisdiction = ['CEN-IBO', 'CEN']): Caller => ({
  sub: 'u1',
  kind: 'user',
  role: 'test',
  scope,
  office,
  jurisdiction,
});

describe('scopes with conditions', () => {
  it('parses names and conditions, and refuses malformed scopes with the reason', () => {
    const scope = parseScope('user.create[office=mine,role=field-agent|registration-agent]');
    expect(scope.name).toBe('user.create');
    expect([...scope.conditions]).toEqual([
      ['office', ['mine']],
      ['role', ['field-agent', 'registration-agent']],
    ]);
    expect(parseScope('config.read').conditions.size).toBe(0);
    expect(() => parseScope('User.Create')).toThrow(/not a scope/);
    expect(() => parseScope('record.declare[event]')).toThrow(/condition "event"/);
    expect(() => parseScope('record.declare[event=birth,event=death]')).toThrow(/appears twice/);
    expect(() => parseScope('record.declare[event=birth')).toThrow(/not a scope/);
  });

  it('lets a bare scope do anything of that name, and nothing else', () => {
    const national = caller(['record.register']);
    expect(may(national, 'record.register', { area: ['STH-1', 'STH'] })).toBe(true);
    expect(may(national, 'record.declare')).toBe(false);
    expect(holdsScope(national, 'record.register')).toBe(true);
  });

  it('checks listed values', () => {
    const agent = caller(['record.declare[event=birth|death]']);
    expect(holdsScope(agent, 'record.declare')).toBe(true);
    expect(may(agent, 'record.declare', { event: 'birth' })).toBe(true);
    expect(may(agent, 'record.declare', { event: 'marriage' })).toBe(false);
    expect(may(agent, 'record.declare', {})).toBe(false);
  });

  it('bounds my-jurisdiction to the caller area and the areas below it', () => {
    const local = caller(['record.register[area=my-jurisdiction]']);
    expect(may(local, 'record.register', { area: ['CEN-IBO', 'CEN'] })).toBe(true);
    expect(may(local, 'record.register', { area: ['CEN-IBO-V3', 'CEN-IBO', 'CEN'] })).toBe(true);
    expect(may(local, 'record.register', { area: ['CEN-CHI', 'CEN'] })).toBe(false);
    expect(may(local, 'record.register', { area: ['CEN'] })).toBe(false);
    expect(may(caller(['record.register[area=my-jurisdiction]'], null, []), 'record.register', { area: ['CEN'] })).toBe(
      false,
    );
  });

  it('bounds office=mine to the caller office, and needs every condition of one scope', () => {
    const admin = caller(['user.create[office=mine,role=field-agent]', 'user.create[role=performance-manager]']);
    expect(may(admin, 'user.create', { office: 'IBO-1', role: 'field-agent' })).toBe(true);
    expect(may(admin, 'user.create', { office: 'IBO-2', role: 'field-agent' })).toBe(false);
    expect(may(admin, 'user.create', { office: 'IBO-1', role: 'local-registrar' })).toBe(false);
    expect(may(admin, 'user.create', { office: 'IBO-2', role: 'performance-manager' })).toBe(true);
    expect(may(caller(['user.create[office=mine]'], null), 'user.create', { office: 'IBO-1' })).toBe(false);
  });

  it('grants nothing for a malformed scope in a token, and says what is missing when refusing', () => {
    expect(may(caller(['user.create[office']), 'user.create', { office: 'IBO-1' })).toBe(false);
    expect(() => demand(caller([]), 'user.read', {}, 'this user')).toThrow(/user.read on this user/);
    expect(() => demand(undefined, 'user.read')).toThrow(/access token/);
  });
});
