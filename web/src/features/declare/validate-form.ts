/**
 * The form's checks in the browser, so the user learns what is wrong beside the field, in their language, before
 * sending: the same rules the server applies (src/core/forms/value-checks.ts), with the same codes.
 */
import type { Declaration, EventTypeDefinition, Field, Section } from '../../api/types';
import { pick, type Translate } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import type { LocalFile } from '../../offline/outbox';
import { fieldRequired, fieldShown, isEmpty, valueAt } from './form-logic';

export interface FieldProblem {
  readonly code: string;
  readonly params?: Readonly<Record<string, string | number>>;
  /** The configured message of a pattern, per language. */
  readonly custom?: Readonly<Record<string, string>>;
  /** A message the server wrote (English). */
  readonly server?: string;
}

const PHONE = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isRealDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Today in the user's time zone, YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  const offset = now.getTimezoneOffset() * 60_000;
  return new Date(now.getTime() - offset).toISOString().slice(0, 10);
}

function ageInYears(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

export function checkField(
  definition: EventTypeDefinition,
  section: Section,
  field: Field,
  data: Declaration,
  files: readonly LocalFile[],
  today: string,
): FieldProblem | undefined {
  if (!fieldShown(section, field, data)) return undefined;
  const path = `${section.id}.${field.id}`;
  const value = field.type === 'document' ? files.filter((file) => file.path === path) : valueAt(data, path);
  if (isEmpty(value)) return fieldRequired(section, field, data) ? { code: 'required' } : undefined;
  const rules = field.validation ?? {};
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { code: 'invalid-number' };
      if (rules.min !== undefined && value < rules.min) return { code: 'min', params: { min: rules.min } };
      if (rules.max !== undefined && value > rules.max) return { code: 'max', params: { max: rules.max } };
      return undefined;
    case 'date': {
      if (typeof value !== 'string' || !isRealDate(value)) return { code: 'invalid-date' };
      if (rules.notInFuture && value > today) return { code: 'in-future' };
      const other = (otherPath: string | undefined) => {
        const date = otherPath ? valueAt(data, otherPath) : undefined;
        return typeof date === 'string' && isRealDate(date) ? { date, path: otherPath! } : undefined;
      };
      const before = other(rules.notBefore);
      if (before && value < before.date) return { code: 'before', params: { field: before.path } };
      const after = other(rules.notAfter);
      if (after && value > after.date) return { code: 'after', params: { field: after.path } };
      if (rules.minAgeYears) {
        const on = rules.minAgeYears.relativeTo ? other(rules.minAgeYears.relativeTo)?.date : today;
        if (on && ageInYears(value, on) < rules.minAgeYears.years) {
          return { code: 'too-young', params: { years: rules.minAgeYears.years } };
        }
      }
      return undefined;
    }
    case 'phone':
      if (typeof value !== 'string' || !PHONE.test(value.trim())) return { code: 'invalid-phone' };
      break;
    case 'email':
      if (typeof value !== 'string' || !EMAIL.test(value.trim())) return { code: 'invalid-email' };
      break;
    case 'select':
    case 'radio':
      if (!field.options?.some((option) => option.value === value)) return { code: 'not-an-option' };
      return undefined;
    default:
      break;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    const length = [...text].length;
    if (rules.minLength !== undefined && length < rules.minLength) {
      return { code: 'too-short', params: { n: rules.minLength } };
    }
    if (rules.maxLength !== undefined && length > rules.maxLength) {
      return { code: 'too-long', params: { n: rules.maxLength } };
    }
    if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`).test(text)) {
      return { code: 'pattern', ...(rules.patternMessage ? { custom: rules.patternMessage } : {}) };
    }
  }
  return undefined;
}

/** The problems of the fields shown in these sections, by path. */
export function checkSections(
  definition: EventTypeDefinition,
  sections: readonly Section[],
  data: Declaration,
  files: readonly LocalFile[],
  today = localToday(),
): Map<string, FieldProblem> {
  const problems = new Map<string, FieldProblem>();
  for (const section of sections) {
    for (const field of section.fields) {
      const problem = checkField(definition, section, field, data, files, today);
      if (problem) problems.set(`${section.id}.${field.id}`, problem);
    }
  }
  return problems;
}

/** The problem in words, in the user's language. */
export function problemText(
  t: Translate,
  lang: string,
  definition: EventTypeDefinition,
  problem: FieldProblem,
): string {
  if (problem.server) return problem.server;
  if (problem.custom) return pick(problem.custom, lang);
  const params = { ...problem.params };
  if (typeof params.field === 'string') {
    const [sectionId, fieldId] = params.field.split('.');
    const section = definition.form.sections.find((candidate) => candidate.id === sectionId);
    const field = section?.fields.find((candidate) => candidate.id === fieldId);
    if (section && field) params.field = `${pick(section.label, lang)}: ${pick(field.label, lang)}`;
  }
  return t(`problem-${problem.code}` as TextKey, params);
}
