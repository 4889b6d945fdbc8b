/**
 * Reads an event type definition from YAML, listing every problem as `file:line: path: message` so that a country's
 * author can fix them all in one pass.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { EventTypeDefinition } from './definition.js';

export type ParseEventTypeDefinitionResult =
  | { readonly definition: EventTypeDefinition; readonly problems?: undefined }
  | { readonly definition?: undefined; readonly problems: readonly string[] };

type Yaml = typeof import('yaml');
type Path = readonly PropertyKey[];

/**
 * Parses and checks one definition file. The definition returned is deeply frozen.
 *
 * @example
 * const result = parseEventTypeDefinition(readFileSync(file, 'utf8'), file);
 * if (result.problems) for (const problem of result.problems) console.error(problem);
 * // countries/demo/events/birth.yaml:42: form.sections[0].fields[3].visibleIf.field: there is no field child.kind in this form
 */
export function parseEventTypeDefinition(text: string, file: string): ParseEventTypeDefinitionResult {
  // Loaded on first use, like the config loader does: most processes never read a definition file.
  const yaml = createRequire(import.meta.url)('yaml') as Yaml;
  const lineCounter = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => {
        const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
        return `${file}:${line}: ${firstLine(error.message)}`;
      }),
    };
  }
  const input: unknown = document.toJS() ?? {};
  const parsed = EventTypeDefinition.safeParse(input);
  if (parsed.success) return { definition: deepFreeze(parsed.data) };
  const problems = flattenIssues(parsed.error.issues)
    .map((issue) =>
      issue.code !== 'custom' && isAbsent(input, issue.path) ? { ...issue, message: 'is required' } : issue,
    )
    .map((issue) => ({ ...issue, line: lineOf(yaml, document, lineCounter, issue.path) ?? 0 }))
    .sort((a, b) => a.line - b.line)
    .map((issue) => `${file}${issue.line ? `:${issue.line}` : ''}: ${formatPath(issue.path)}: ${issue.message}`);
  return { problems: [...new Set(problems)] };
}

/**
 * A union of object shapes (a condition) reports one vague issue; when the keys written pick exactly one shape, its
 * own issues say much more (and point at the right line).
 */
function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: Path = [],
): { path: Path; message: string; code: string }[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const candidates = issue.errors.filter(
        (branch) => !branch.some((inner) => inner.code === 'unrecognized_keys' && inner.path.length === 0),
      );
      if (candidates.length === 1) return flattenIssues(candidates[0]!, path);
    }
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: [...path, key], message: 'is not a known key', code: issue.code }));
    return [{ path, message: plainMessage(issue), code: issue.code }];
  });
}

function plainMessage(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/^Invalid (input|option): /, '');
}

/** Whether the key at the end of the path is missing from a mapping that exists (zod says "expected ...") */
function isAbsent(input: unknown, path: Path): boolean {
  let parent: unknown = input;
  for (const part of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return false;
    parent = (parent as Record<PropertyKey, unknown>)[part];
  }
  const key = path.at(-1);
  return (
    key !== undefined &&
    typeof parent === 'object' &&
    parent !== null &&
    !Array.isArray(parent) &&
    !Object.hasOwn(parent, key)
  );
}

/** `form.sections[0].fields[2].id` */
function formatPath(path: Path): string {
  if (path.length === 0) return '(file)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** The line of the deepest node the path reaches: the key itself for a mapping entry, the item for a list entry. */
function lineOf(yaml: Yaml, document: Document, lineCounter: LineCounter, path: Path): number | undefined {
  let node: unknown = document.contents;
  let offset = yaml.isNode(node) ? node.range?.[0] : undefined;
  for (const part of path) {
    if (yaml.isMap(node)) {
      const pair = node.items.find((item) => yaml.isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      offset = yaml.isNode(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (yaml.isSeq(node) && typeof part === 'number' && node.items[part] !== undefined) {
      node = node.items[part];
      offset = yaml.isNode(node) ? node.range?.[0] : offset;
    } else break;
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
