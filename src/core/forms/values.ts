/**
 * Reading a declaration's values by path. A declaration is an object keyed by section, then by field:
 * `{ child: { firstNames: 'Ada' } }`, and a value is addressed as `sectionId.fieldId` (`child.firstNames`).
 */

/** A declaration's data: sections of fields. Values are whatever the client sent; `validateDeclaration` checks them. */
export type DeclarationData = Readonly<Record<string, Readonly<Record<string, unknown>> | null | undefined>>;

/**
 * The value at `sectionId.fieldId`, or `undefined` when the section or the field is absent.
 *
 * @example valueAt({ child: { firstNames: 'Ada' } }, 'child.firstNames') // 'Ada'
 */
export function valueAt(data: unknown, path: string): unknown {
  const [sectionId, fieldId] = splitPath(path);
  if (!isPlainObject(data)) return undefined;
  const section = data[sectionId];
  if (!isPlainObject(section)) return undefined;
  return Object.hasOwn(section, fieldId) ? section[fieldId] : undefined;
}

/**
 * Whether a value counts as not given: absent, null, a blank string, an empty list, or an unticked checkbox (`false`).
 * Required fields must not be empty; hidden fields must be.
 */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** `child.firstNames` → `['child', 'firstNames']`; anything else is a programming error. */
export function splitPath(path: string): [sectionId: string, fieldId: string] {
  const parts = path.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new Error(`"${path}" is not a field path (sectionId.fieldId)`);
  return [parts[0], parts[1]];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
