/**
 * The checks of an event type definition that span more than one part of it: unique ids, fields that conditions and
 * rules name, rules that suit the field's type, and texts in the same languages throughout.
 */
import type { z } from 'zod';
import { comparisons, type Condition } from './conditions.js';
import { blockingPart, type CompareMethod } from './deduplication.js';
import type { EventTypeDefinition } from './definition.js';
import { CHOICE_TYPES, FIELD_TYPES, TEXT_TYPES, type Field, type FieldType } from './field.js';
import type { Localized } from './localized.js';
import { registrationNumberProblems } from './registration-number.js';

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;
interface Located {
  readonly field: Field;
  readonly sectionId: string;
  readonly at: Path;
}

export function checkDefinition(definition: EventTypeDefinition, ctx: z.RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  const fields = indexFields(definition, report);
  checkTopLevelFields(definition, fields, report);
  for (const [s, section] of definition.form.sections.entries())
    for (const [f, field] of section.fields.entries())
      checkField(`${section.id}.${field.id}`, field, ['form', 'sections', s, 'fields', f], fields, report);
  for (const [s, section] of definition.form.sections.entries())
    if (section.visibleIf) {
      const at = ['form', 'sections', s, 'visibleIf'];
      checkCondition(section.visibleIf, at, fields, report, (target) =>
        target.sectionId === section.id ? 'a section cannot be shown or hidden by one of its own fields' : undefined,
      );
    }
  checkActions(definition, report);
  for (const problem of registrationNumberProblems(definition.registrationNumber.format))
    report(['registrationNumber', 'format'], problem);
  if (definition.registrationNumber.format.includes('{district}') && !definition.registrationNumber.areaLevel)
    report(['registrationNumber', 'areaLevel'], 'is required when the format uses {district}');
  checkLanguages(definition, report);
}

/** Fields by path; reports repeated section ids, and field ids repeated within a section (paths are unique). */
function indexFields(definition: EventTypeDefinition, report: Report): Map<string, Located> {
  const fields = new Map<string, Located>();
  const sections = new Set<string>();
  for (const [s, section] of definition.form.sections.entries()) {
    if (sections.has(section.id)) {
      report(['form', 'sections', s, 'id'], `section id "${section.id}" is used twice`);
      continue;
    }
    sections.add(section.id);
    for (const [f, field] of section.fields.entries()) {
      const at = ['form', 'sections', s, 'fields', f];
      const path = `${section.id}.${field.id}`;
      if (fields.has(path)) report([...at, 'id'], `field id "${field.id}" is used twice in section ${section.id}`);
      else fields.set(path, { field, sectionId: section.id, at });
    }
  }
  return fields;
}

function checkTopLevelFields(definition: EventTypeDefinition, fields: Map<string, Located>, report: Report): void {
  const named: [key: 'subjectField' | 'areaField' | 'dateField', types: FieldType[], alwaysRequired: boolean][] = [
    ['subjectField', ['text'], false],
    ['areaField', ['area'], true],
    ['dateField', ['date'], true],
  ];
  for (const [key, types, alwaysRequired] of named) {
    const target = expectField(definition[key], [key], types, fields, report);
    if (!target || !alwaysRequired) continue;
    const section = definition.form.sections.find((candidate) => candidate.id === target.sectionId);
    if (target.field.required !== true || target.field.visibleIf || section?.visibleIf)
      report([key], `${definition[key]} must be required and always shown: every record needs it`);
  }
  for (const [i, path] of definition.certificate?.fields.entries() ?? [])
    expectField(path, ['certificate', 'fields', i], FIELD_TYPES, fields, report);
  checkDeduplication(definition, fields, report);
}

/** What each comparison method and blocking transform can read. */
const COMPARABLE: Record<CompareMethod, readonly FieldType[]> = {
  exact: FIELD_TYPES,
  name: ['text'],
  'jaro-winkler': ['text', 'textarea'],
  levenshtein: ['text', 'textarea', 'phone', 'email', 'id-number'],
  phonetic: ['text'],
  date: ['date'],
  number: ['number'],
};

function checkDeduplication(definition: EventTypeDefinition, fields: Map<string, Located>, report: Report): void {
  const rules = definition.deduplication;
  if (!rules) return;
  for (const [i, rule] of rules.fields.entries()) {
    const at = ['deduplication', 'fields', i];
    expectField(rule.field, [...at, 'field'], COMPARABLE[rule.compare], fields, report);
    const options: [keyof typeof rule, CompareMethod][] = [
      ['similarity', 'jaro-winkler'],
      ['maxEdits', 'levenshtein'],
      ['withinDays', 'date'],
      ['maxDistance', 'number'],
    ];
    for (const [option, method] of options)
      if (rule[option] !== undefined && rule.compare !== method) report([...at, option], `applies to ${method} only`);
  }
  for (const [k, key] of rules.blocking.entries())
    for (const [p, part] of key.entries()) {
      const { field, transform } = blockingPart(part);
      const types: readonly FieldType[] =
        transform === 'year' ? ['date'] : transform === 'value' ? FIELD_TYPES : ['text'];
      expectField(field, ['deduplication', 'blocking', k, p], types, fields, report);
    }
}

function checkField(path: string, field: Field, at: Path, fields: Map<string, Located>, report: Report): void {
  const ownField = (target: Located) => (target.field === field ? `${path} cannot depend on its own value` : undefined);
  if (field.visibleIf) checkCondition(field.visibleIf, [...at, 'visibleIf'], fields, report, ownField);
  if (typeof field.required !== 'boolean')
    checkCondition(field.required, [...at, 'required'], fields, report, ownField);

  if (CHOICE_TYPES.has(field.type)) {
    if (!field.options) report([...at, 'options'], `a ${field.type} field needs options`);
    const seen = new Set<string>();
    for (const [o, option] of field.options?.entries() ?? []) {
      if (seen.has(option.value)) report([...at, 'options', o, 'value'], `option "${option.value}" is listed twice`);
      seen.add(option.value);
    }
  } else if (field.options) report([...at, 'options'], 'only select and radio fields have options');

  const rules = field.validation ?? {};
  const suits = (rule: keyof typeof rules, types: ReadonlySet<FieldType>, kind: string) => {
    if (rules[rule] !== undefined && !types.has(field.type))
      report([...at, 'validation', rule], `applies to ${kind} fields only, and this is ${article(field.type)} field`);
  };
  for (const rule of ['minLength', 'maxLength', 'pattern', 'patternMessage'] as const)
    suits(rule, TEXT_TYPES, [...TEXT_TYPES].join(', '));
  for (const rule of ['min', 'max'] as const) suits(rule, new Set(['number']), 'number');
  for (const rule of ['notInFuture', 'notBefore', 'notAfter', 'minAgeYears'] as const)
    suits(rule, new Set(['date']), 'date');

  if (rules.minLength !== undefined && rules.maxLength !== undefined && rules.minLength > rules.maxLength)
    report([...at, 'validation', 'minLength'], 'is more than maxLength');
  if (rules.min !== undefined && rules.max !== undefined && rules.min > rules.max)
    report([...at, 'validation', 'min'], 'is more than max');
  if (rules.pattern !== undefined) {
    try {
      new RegExp(rules.pattern);
    } catch (error) {
      report([...at, 'validation', 'pattern'], `is not a regular expression: ${(error as Error).message}`);
    }
    if (!rules.patternMessage)
      report([...at, 'validation', 'pattern'], 'needs a patternMessage, to tell the user what is expected');
  } else if (rules.patternMessage) report([...at, 'validation', 'patternMessage'], 'is given without a pattern');

  const dates: [Path, string | undefined][] = [
    [['notBefore'], rules.notBefore],
    [['notAfter'], rules.notAfter],
    [['minAgeYears', 'relativeTo'], rules.minAgeYears?.relativeTo],
  ];
  for (const [rule, target] of dates) {
    if (target === undefined) continue;
    if (target === path) report([...at, 'validation', ...rule], `${path} cannot be compared with itself`);
    else expectField(target, [...at, 'validation', ...rule], ['date'], fields, report);
  }
}

/** Reports a missing field or one of the wrong type; returns the field when it exists. */
function expectField(
  path: string,
  at: Path,
  types: readonly FieldType[],
  fields: Map<string, Located>,
  report: Report,
): Located | undefined {
  const target = fields.get(path);
  if (!target) report(at, `there is no field ${path} in this form`);
  else if (!types.includes(target.field.type))
    report(at, `${path} is ${article(target.field.type)} field, and this needs ${article(types.join(' or '))} field`);
  return target;
}

function checkCondition(
  condition: Condition,
  at: Path,
  fields: Map<string, Located>,
  report: Report,
  refuse: (target: Located) => string | undefined,
): void {
  for (const { condition: comparison, at: inner } of comparisons(condition)) {
    const where = [...at, ...inner];
    const target = fields.get(comparison.field);
    if (!target) {
      report([...where, 'field'], `there is no field ${comparison.field} in this form`);
      continue;
    }
    const refused = refuse(target);
    if (refused) report([...where, 'field'], refused);
    const values = 'equals' in comparison ? [comparison.equals] : 'in' in comparison ? comparison.in : [];
    const key = 'equals' in comparison ? 'equals' : 'in';
    const { type, options } = target.field;
    for (const value of values) {
      if (CHOICE_TYPES.has(type) && !options?.some((option) => option.value === value))
        report([...where, key], `${JSON.stringify(value)} is not an option of ${comparison.field}`);
      else if (type === 'checkbox' && typeof value !== 'boolean')
        report([...where, key], `${comparison.field} is a checkbox: compare it with true or false`);
      else if (type === 'number' && typeof value !== 'number')
        report([...where, key], `${comparison.field} is a number field: compare it with a number`);
      else if (type !== 'checkbox' && type !== 'number' && typeof value !== 'string')
        report([...where, key], `${comparison.field} holds text: compare it with a string`);
    }
  }
}

function checkActions(definition: EventTypeDefinition, report: Report): void {
  const ids = new Set<string>();
  for (const [i, action] of definition.customActions.entries()) {
    if (ids.has(action.id)) report(['customActions', i, 'id'], `action id "${action.id}" is used twice`);
    ids.add(action.id);
  }
  const approval = definition.workflow.lateRegistrationApproval;
  if (approval !== undefined && !ids.has(approval))
    report(['workflow', 'lateRegistrationApproval'], `there is no custom action "${approval}" in customActions`);
}

/** Every text must come in the languages of the event's own label: a form half in French helps nobody. */
function checkLanguages(definition: EventTypeDefinition, report: Report): void {
  const expected = Object.keys(definition.label).sort();
  const texts: [Path, Localized][] = [];
  for (const [i, action] of definition.customActions.entries())
    texts.push([['customActions', i, 'label'], action.label]);
  for (const [s, section] of definition.form.sections.entries()) {
    texts.push([['form', 'sections', s, 'label'], section.label]);
    for (const [f, field] of section.fields.entries()) {
      const at = ['form', 'sections', s, 'fields', f];
      texts.push([[...at, 'label'], field.label]);
      for (const [o, option] of field.options?.entries() ?? [])
        texts.push([[...at, 'options', o, 'label'], option.label]);
      if (field.validation?.patternMessage)
        texts.push([[...at, 'validation', 'patternMessage'], field.validation.patternMessage]);
    }
  }
  if (definition.certificate) texts.push([['certificate', 'template'], definition.certificate.template]);

  for (const [at, text] of texts) {
    const languages = Object.keys(text);
    const missing = expected.filter((language) => !languages.includes(language));
    const extra = languages.filter((language) => !expected.includes(language));
    if (missing.length > 0 || extra.length > 0) {
      const what = [
        missing.length > 0 ? `missing ${missing.join(', ')}` : '',
        extra.length > 0 ? `has ${extra.join(', ')} too` : '',
      ].filter(Boolean);
      report(at, `${what.join(' and ')}: every text must be in ${expected.join(', ')}, like the event's label`);
    }
  }
}

/** "an area", "a date" */
function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}
