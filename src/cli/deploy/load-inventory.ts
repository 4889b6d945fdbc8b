/**
 * Reads an inventory file: YAML → `${name}` variables filled in (from `vars:`, then `--set`) → the zod schema →
 * the whole-deployment checks of `planTopology`. Every problem is listed at once, each with its path and line.
 */
import { LineCounter, parse, parseDocument, type Document } from 'yaml';
import { checkCivitasConfig } from './civitas-config.js';
import { Inventory } from './inventory.js';
import { planTopology, type Problem, type Topology } from './topology.js';

export type LoadResult =
  | { readonly ok: true; readonly topology: Topology; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

type Scalar = string | number | boolean;

/**
 * Parses `name=value[,name=value...]` as given to `--set`. Values are read as YAML scalars, so `tls=false` is a
 * boolean and `port=9000` a number.
 *
 * @example parseSets('dataRoot=/tmp/lab,tls=false') // { dataRoot: '/tmp/lab', tls: false }
 */
export function parseSets(text: string | undefined): Record<string, Scalar> {
  const sets: Record<string, Scalar> = {};
  if (!text) return sets;
  for (const pair of text.split(',')) {
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals).trim();
    if (equals < 1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`--set: "${pair}" is not name=value (names are letters, digits and _)`);
    }
    sets[name] = scalar(pair.slice(equals + 1).trim());
  }
  return sets;
}

function scalar(text: string): Scalar {
  try {
    const value: unknown = parse(text);
    if (typeof value === 'number' || typeof value === 'boolean') return value;
  } catch {
    // not a YAML scalar: taken as the string it is
  }
  return text;
}

/** Reads and checks an inventory given as text; `source` names it in messages. */
export function loadInventory(text: string, source: string, sets: Record<string, Scalar> = {}): LoadResult {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const at = error.linePos?.[0];
        const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return `${source}${at ? ` line ${at.line}` : ''}: ${message}`;
      }),
    };
  }
  const raw: unknown = document.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [`${source}: must be a mapping with cluster:, nodes: and haproxy:`] };
  }
  const where = (path: readonly (string | number)[]) => describe(path, document, lines);

  const rawVars = (raw as { vars?: unknown }).vars;
  const vars: Record<string, Scalar> = {
    ...(rawVars && typeof rawVars === 'object' ? (rawVars as Record<string, Scalar>) : {}),
    ...sets,
  };
  const substitution: Problem[] = [];
  const filled = substitute(raw, [], vars, substitution) as Record<string, unknown>;
  filled.vars = rawVars;
  if (substitution.length > 0) {
    return { ok: false, problems: substitution.map((problem) => `${where(problem.path)}: ${problem.message}`) };
  }

  const parsed = Inventory.safeParse(filled);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        // zod's words for a missing key are about types; an operator wants to hear that it is missing.
        const missing = issue.code === 'invalid_type' && / received undefined$/.test(issue.message);
        return `${where(issue.path as (string | number)[])}: ${missing ? 'is required' : issue.message}`;
      }),
    };
  }
  const plan = planTopology(parsed.data);
  if (!plan.ok)
    return { ok: false, problems: plan.problems.map((problem) => `${where(problem.path)}: ${problem.message}`) };
  const civitasProblems = checkCivitasConfig(plan.topology);
  if (civitasProblems.length > 0) {
    return { ok: false, problems: civitasProblems.map((problem) => `${where(problem.path)}: ${problem.message}`) };
  }
  const warnings = plan.topology.idleServices.length
    ? [`no process runs ${plan.topology.idleServices.join(', ')}: their routes will answer 404`]
    : [];
  return { ok: true, topology: plan.topology, warnings };
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills `${name}` in every string value. A value that is only `${name}` takes the variable's type, so
 * `tls: ${tls}` can be a boolean and `http: ${port}` a number.
 */
function substitute(
  value: unknown,
  path: (string | number)[],
  vars: Record<string, Scalar>,
  problems: Problem[],
): unknown {
  if (Array.isArray(value)) return value.map((item, index) => substitute(item, [...path, index], vars, problems));
  if (value && typeof value === 'object') {
    if (path.length === 0) {
      const { vars: _vars, ...rest } = value as Record<string, unknown>;
      value = rest;
    }
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [
        key,
        substitute(item, [...path, key], vars, problems),
      ]),
    );
  }
  if (typeof value !== 'string' || !value.includes('${')) return value;
  const missing = [...value.matchAll(VARIABLE)].map((match) => match[1]!).filter((name) => !(name in vars));
  if (missing.length > 0) {
    problems.push({
      path,
      message: `\${${missing[0]}} is not defined: add it under vars: or pass --set ${missing[0]}=<value>`,
    });
    return value;
  }
  const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
  if (whole) return vars[whole[1]!];
  return value.replace(VARIABLE, (_match, name: string) => String(vars[name]));
}

/** `nodes[1].ports.http (line 23)`: the nearest line the file has for that path. */
function describe(path: readonly (string | number)[], document: Document, lines: LineCounter): string {
  const text = path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
  for (let length = path.length; length > 0; length -= 1) {
    const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      return `${text || '(top)'} (line ${lines.linePos(node.range[0]).line})`;
    }
  }
  return text || '(top)';
}
