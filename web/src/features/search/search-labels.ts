/** Names of event types and of the roles (form sections) people have in them, in the user's language. */
import type { EventTypeDefinition } from '../../api/types';
import { pick, type Translate } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { eventType, eventTypes } from '../shell/config-store';

export interface SearchLabels {
  readonly events: ReadonlyMap<string, string>;
  /** Section id → the person's role: the app's name for the usual ones (Mother), else the section's label. */
  readonly roles: ReadonlyMap<string, string>;
  /** Per event type: the sections that name a person, the subject's first. */
  readonly rolesOf: ReadonlyMap<string, readonly string[]>;
}

/** A section names a person when it has a name field (firstNames, familyName and the like). */
const namesAPerson = (fields: EventTypeDefinition['form']['sections'][number]['fields']) =>
  fields.some((field) => field.type === 'text' && /name/i.test(field.id) && !/reason|relationship/i.test(field.id));

export async function loadSearchLabels(lang: string, t: Translate): Promise<SearchLabels> {
  const types = await eventTypes();
  const definitions = await Promise.all(types.map((type) => eventType(type.id).catch(() => undefined)));
  const roles = new Map<string, string>();
  const rolesOf = new Map<string, string[]>();
  for (const definition of definitions) {
    if (!definition) continue;
    const subject = definition.subjectField.split('.')[0]!;
    const sections = definition.form.sections.filter((section) => namesAPerson(section.fields));
    sections.sort((a, b) => Number(b.id === subject) - Number(a.id === subject));
    rolesOf.set(
      definition.id,
      sections.map((section) => section.id),
    );
    for (const section of sections) {
      const key = `person-${section.id}` as TextKey;
      const own = t(key);
      if (!roles.has(section.id)) roles.set(section.id, own === key ? pick(section.label, lang) : own);
    }
  }
  return { events: new Map(types.map((type) => [type.id, pick(type.label, lang)])), roles, rolesOf };
}
