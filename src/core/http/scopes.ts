/**
 * Scopes with parameters. A role grants scopes such as `user.read`, `record.declare[event=birth|death]` or
 * `user.create[office=mine,role=field-agent|registration-agent]`: a name, and optionally conditions on the thing acted
 * on. A route declares the bare name it needs (checked before the handler runs); the handler then asks `may()` with
 * the target's attributes, so a local registrar's token passes the door of `record.register` but not for a record of
 * another district.
 *
 * Two values depend on the caller rather than on the scope: `office=mine` (the target belongs to the caller's office)
 * and `area=my-jurisdiction` (the target lies in the caller's office's area or below it).
 */
import { DomainError } from '../errors.js';

export interface ParsedScope {
  readonly name: string;
  /** Condition key → the values it allows; empty when the scope has no conditions. */
  readonly conditions: ReadonlyMap<string, readonly string[]>;
}

const SCOPE = /^([a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)*)(?:\[([^\]\s]+)\])?$/;
const CONDITION = /^([a-z][a-z0-9-]*)=([A-Za-z0-9_.:-]+(?:\|[A-Za-z0-9_.:-]+)*)$/;

/** Parses one scope; throws with the reason when it is malformed (roles are checked with this at load). */
export function parseScope(scope: string): ParsedScope {
  const match = SCOPE.exec(scope);
  if (!match) throw new Error(`"${scope}" is not a scope: write name.part or name.part[key=value|value,key=value]`);
  const conditions = new Map<string, string[]>();
  for (const condition of match[2]?.split(',') ?? []) {
    const parts = CONDITION.exec(condition);
    if (!parts) throw new Error(`"${scope}": the condition "${condition}" is not key=value or key=value|value`);
    if (conditions.has(parts[1]!)) throw new Error(`"${scope}": the condition ${parts[1]} appears twice`);
    conditions.set(parts[1]!, parts[2]!.split('|'));
  }
  return { name: match[1]!, conditions };
}

/** The bare name of a scope, without its conditions. */
export const scopeName = (scope: string): string => scope.split('[', 1)[0]!;

/** Who is calling, as an access token says; what scope checks need. */
export interface Caller {
  readonly sub: string;
  readonly kind: 'user' | 'client';
  readonly role: string;
  readonly scope: readonly string[];
  /** The caller's office code, for `office=mine`; null for national staff and API clients. */
  readonly office: string | null;
  /** The caller's office's area and the areas above it, innermost first, for `area=my-jurisdiction`. */
  readonly jurisdiction: readonly string[];
  /** The session (sign-in, or API client) the token belongs to; ending it stops the token. */
  readonly sid?: string;
  /** Only the open access policy of development mode without an auth service: every check passes. */
  readonly unrestricted?: boolean;
}

/**
 * What a scope's conditions are checked against. `area` is the target's area path (its area and every area above it),
 * `office` its office; other keys are plain values (e.g. `event: 'birth'`, `role: 'field-agent'`).
 */
export type ScopeTarget = Readonly<Record<string, string | readonly string[] | null | undefined>>;

const parsedCache = new Map<string, ParsedScope>();
function parsed(scope: string): ParsedScope | undefined {
  let found = parsedCache.get(scope);
  if (!found) {
    try {
      found = parseScope(scope);
    } catch {
      return undefined; // a malformed scope in a token grants nothing
    }
    if (parsedCache.size < 10_000) parsedCache.set(scope, found);
  }
  return found;
}

/**
 * The caller's scopes of `name`, parsed, each with its conditions: for code that turns grants into a query (a list
 * kept to what the caller may read) rather than asking `may` of one target. Malformed scopes grant nothing.
 */
export function grantsOf(caller: Pick<Caller, 'scope'>, name: string): ParsedScope[] {
  return caller.scope.flatMap((scope) => {
    const grant = parsed(scope);
    return grant?.name === name ? [grant] : [];
  });
}

/** Whether any of the caller's scopes grants `name` at all: what a route checks before its handler runs. */
export function holdsScope(caller: Pick<Caller, 'scope' | 'unrestricted'>, name: string): boolean {
  if (caller.unrestricted) return true;
  return caller.scope.some((scope) => parsed(scope)?.name === name);
}

/** Whether the caller may do `name` to `target`: some scope of that name has every one of its conditions met. */
export function may(caller: Caller, name: string, target: ScopeTarget = {}): boolean {
  if (caller.unrestricted) return true;
  return caller.scope.some((scope) => {
    const grant = parsed(scope);
    if (grant?.name !== name) return false;
    for (const [key, allowed] of grant.conditions) {
      if (!conditionMet(caller, key, allowed, target[key])) return false;
    }
    return true;
  });
}

function conditionMet(
  caller: Caller,
  key: string,
  allowed: readonly string[],
  value: string | readonly string[] | null | undefined,
): boolean {
  // A condition on something the target does not have is not met: unknown is never inside a jurisdiction.
  if (value === undefined || value === null) return false;
  const values = typeof value === 'string' ? [value] : value;
  return allowed.some((option) => {
    if (key === 'office' && option === 'mine') return caller.office !== null && values.includes(caller.office);
    if (key === 'area' && option === 'my-jurisdiction') {
      const home = caller.jurisdiction[0];
      return home !== undefined && values.includes(home);
    }
    return values.includes(option);
  });
}

/** `may`, or a FORBIDDEN problem that says which scope and condition was missing. */
export function demand(caller: Caller | undefined, name: string, target: ScopeTarget = {}, what = 'this'): void {
  if (!caller) throw new DomainError('UNAUTHENTICATED', 'Send an access token: Authorization: Bearer <token>.');
  if (!may(caller, name, target)) {
    throw new DomainError('FORBIDDEN', `Your scopes do not allow ${name} on ${what}.`);
  }
}
