import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEventTypeDefinition } from './parse.js';
import { DEMO_EVENTS_FOLDER, demoEventFile } from './test-definitions.js';

/** A small valid definition; each test breaks one thing in it. Line numbers below refer to this text. */
const ADOPTION = `id: adoption
version: 1
label: { en: Adoption, fr: Adoption }
subjectField: child.familyName
areaField: child.area
dateField: child.adoptionDate
registrationNumber: { format: 'A{year}-{district}-{seq:5}', areaLevel: district }
legalPeriods: { onTimeDays: 30, lateDays: 365 }
fees: { currency: XDC, onTime: 0, late: 5, delayed: 10 }
form:
  sections:
    - id: child
      label: { en: Child, fr: Enfant }
      fields:
        - id: familyName
          type: text
          label: { en: Last name, fr: Nom de famille }
          required: true
        - id: adoptionDate
          type: date
          label: { en: Date of the adoption order, fr: Date du jugement d'adoption }
          required: true
        - id: area
          type: area
          label: { en: District, fr: District }
          required: true
        - id: hasGuardian
          type: checkbox
          label: { en: Has a guardian, fr: A un tuteur }
        - id: guardianName
          type: text
          label: { en: Guardian, fr: Tuteur }
          visibleIf: { field: child.hasGuardian, equals: true }
`;

function problemsOf(text: string): readonly string[] {
  const result = parseEventTypeDefinition(text, 'adoption.yaml');
  return result.problems ?? [];
}

describe('parseEventTypeDefinition', () => {
  it('reads every demo event type without a problem', () => {
    const files = readdirSync(DEMO_EVENTS_FOLDER).filter((name) => name.endsWith('.yaml'));
    expect(files.sort()).toEqual(['birth.yaml', 'death.yaml', 'marriage.yaml']);
    for (const name of files) {
      const { text, file } = demoEventFile(name.replace(/\.yaml$/, ''));
      const result = parseEventTypeDefinition(text, file);
      expect(result.problems, file).toBeUndefined();
      expect(result.definition?.id).toBe(name.replace(/\.yaml$/, ''));
    }
  });

  it('fills defaults and freezes the definition', () => {
    const { definition } = parseEventTypeDefinition(ADOPTION, 'adoption.yaml');
    expect(definition?.workflow).toEqual({ requiresValidation: true });
    expect(definition?.customActions).toEqual([]);
    expect(definition?.form.sections[0]?.fields[0]?.required).toBe(true);
    expect(definition?.form.sections[0]?.fields[3]?.required).toBe(false);
    expect(Object.isFrozen(definition?.form.sections[0]?.fields[0])).toBe(true);
  });

  it('reports broken YAML with the file and line', () => {
    const problems = problemsOf(ADOPTION.replace('label: { en: Child, fr: Enfant }', 'label: { en: Child, fr: Enfant'));
    // The unclosed { is on line 13; the parser notices on the next line, where the mapping should have ended.
    expect(problems).toEqual([
      'adoption.yaml:14: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });

  it('reports a key written twice in a mapping', () => {
    expect(problemsOf(ADOPTION.replace('version: 1\n', 'version: 1\nversion: 2\n'))).toEqual([
      'adoption.yaml:3: Map keys must be unique',
    ]);
  });

  it('reports a field id used twice in a section at the line of the second one', () => {
    expect(problemsOf(ADOPTION.replace('- id: adoptionDate', '- id: familyName'))).toContain(
      'adoption.yaml:19: form.sections[0].fields[1].id: field id "familyName" is used twice in section child',
    );
  });

  it('reports a condition on a field the form does not have', () => {
    expect(problemsOf(ADOPTION.replace('field: child.hasGuardian', 'field: child.hasTutor'))).toEqual([
      'adoption.yaml:33: form.sections[0].fields[4].visibleIf.field: there is no field child.hasTutor in this form',
    ]);
  });

  it('reports a label without one of the languages of the event label', () => {
    expect(problemsOf(ADOPTION.replace('{ en: Guardian, fr: Tuteur }', '{ en: Guardian }'))).toEqual([
      "adoption.yaml:32: form.sections[0].fields[4].label: missing fr: every text must be in en, fr, like the event's label",
    ]);
  });

  it('reports an unknown key, a missing key and a wrong type at their lines, all together', () => {
    const text = ADOPTION.replace(
      '          required: true\n        - id: area',
      '          requred: true\n        - id: area',
    )
      .replace('version: 1', 'version: one')
      .replace('          type: area\n', '');
    expect(problemsOf(text)).toEqual([
      'adoption.yaml:2: version: expected number, received string',
      'adoption.yaml:22: form.sections[0].fields[1].requred: is not a known key',
      'adoption.yaml:23: form.sections[0].fields[2].type: is required',
    ]);
  });

  it('points into a nested condition when its keys say which kind it is', () => {
    const text = ADOPTION.replace(
      '{ field: child.hasGuardian, equals: true }',
      '{ all: [{ field: child.hasGuardian, equals: true }, { field: child.area, in: [] }] }',
    );
    expect(problemsOf(text)).toEqual([
      'adoption.yaml:33: form.sections[0].fields[4].visibleIf.all[1].in: Too small: expected array to have >=1 items',
    ]);
  });

  it('checks that compared values suit the field, and that rules suit the field type', () => {
    const text = ADOPTION.replace('equals: true }', "equals: 'yes' }").replace(
      '          label: { en: District, fr: District }\n',
      '          label: { en: District, fr: District }\n          validation: { notInFuture: true, maxLength: 3 }\n',
    );
    expect(problemsOf(text)).toEqual([
      'adoption.yaml:26: form.sections[0].fields[2].validation.maxLength: applies to text, textarea, phone, email, id-number fields only, and this is an area field',
      'adoption.yaml:26: form.sections[0].fields[2].validation.notInFuture: applies to date fields only, and this is an area field',
      'adoption.yaml:34: form.sections[0].fields[4].visibleIf.equals: child.hasGuardian is a checkbox: compare it with true or false',
    ]);
  });

  it('checks the event-level fields, the registration number and the workflow', () => {
    const text = ADOPTION.replace('areaField: child.area', 'areaField: child.familyName')
      .replace("'A{year}-{district}-{seq:5}', areaLevel: district", "'A{year}-{district}-{sequence}'")
      .replace('fees:', 'workflow: { lateRegistrationApproval: approve-late }\nfees:');
    expect(problemsOf(text)).toEqual([
      'adoption.yaml:5: areaField: child.familyName is a text field, and this needs an area field',
      'adoption.yaml:7: registrationNumber.format: {sequence} is not a token: use {year}, {office}, {district} or {seq:N} (N from 1 to 20)',
      'adoption.yaml:7: registrationNumber.format: must contain {seq:N} exactly once, so that every number is different',
      'adoption.yaml:7: registrationNumber.areaLevel: is required when the format uses {district}',
      'adoption.yaml:9: workflow.lateRegistrationApproval: there is no custom action "approve-late" in customActions',
    ]);
  });

  it('names the file alone when the problem has no line', () => {
    expect(problemsOf('')).toContain('adoption.yaml: id: is required');
  });
});
