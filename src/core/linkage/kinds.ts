/**
 * What a column holds, which decides how two of its values are compared:
 * - `name`: a person's name (Jaro-Winkler, NYSIIS, given and family names swapped),
 * - `date`: a date (exact, one digit off, day and month swapped, year typed 1-3 years off),
 * - `text`: free text such as an address line,
 * - `code`: a short code such as a postcode, a house number or a state,
 * - `id`: an identity number,
 * - `ignore`: not compared.
 */
export const FIELD_KINDS = ['name', 'date', 'text', 'code', 'id', 'ignore'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];
export type ComparedKind = Exclude<FieldKind, 'ignore'>;

export interface FieldSpec {
  readonly column: string;
  readonly kind: FieldKind;
}

/** A problem with what the caller asked for (a field list, a column), worded for the person who typed it. */
export class LinkageInputError extends Error {}

export function isFieldKind(value: string): value is FieldKind {
  return (FIELD_KINDS as readonly string[]).includes(value);
}

/**
 * Reads `given_name:name,date_of_birth:date,soc_sec_id:ignore`. Columns of the file that are not listed keep the
 * kind they would have had (see `inferFieldKinds`).
 */
export function parseFieldSpecs(text: string): FieldSpec[] {
  const specs: FieldSpec[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const colon = item.lastIndexOf(':');
    const column = colon < 0 ? '' : item.slice(0, colon).trim();
    const kind = colon < 0 ? '' : item.slice(colon + 1).trim();
    if (column === '' || kind === '') {
      throw new LinkageInputError(`--fields: "${item}" is not <column>:<kind>`);
    }
    if (!isFieldKind(kind)) {
      throw new LinkageInputError(
        `--fields: "${kind}" (for ${column}) is not a kind; kinds: ${FIELD_KINDS.join(', ')}`,
      );
    }
    if (specs.some((spec) => spec.column === column)) {
      throw new LinkageInputError(`--fields: ${column} is listed twice`);
    }
    specs.push({ column, kind });
  }
  if (specs.length === 0) throw new LinkageInputError('--fields: list at least one <column>:<kind>');
  return specs;
}
