/**
 * The advanced search's criteria in the address (`/search/advanced?event=birth&status=REGISTERED&...`), so that a
 * search can be reloaded, shared with a colleague and gone back to from a record.
 */
import type { AdvancedCriteria, DateRange } from '../../api/search';

/** What the form edits: every criterion as text, '' when not given. */
export interface CriteriaForm {
  eventType: string;
  status: string;
  names: { role: string; name: string }[];
  eventFrom: string;
  eventTo: string;
  registeredFrom: string;
  registeredTo: string;
  declaredFrom: string;
  declaredTo: string;
  area: string;
  office: string;
  duplicates: boolean;
}

export const EMPTY_CRITERIA: CriteriaForm = {
  eventType: '',
  status: '',
  names: [{ role: '', name: '' }],
  eventFrom: '',
  eventTo: '',
  registeredFrom: '',
  registeredTo: '',
  declaredFrom: '',
  declaredTo: '',
  area: '',
  office: '',
  duplicates: false,
};

const PLAIN = [
  ['event', 'eventType'],
  ['status', 'status'],
  ['eventFrom', 'eventFrom'],
  ['eventTo', 'eventTo'],
  ['registeredFrom', 'registeredFrom'],
  ['registeredTo', 'registeredTo'],
  ['declaredFrom', 'declaredFrom'],
  ['declaredTo', 'declaredTo'],
  ['area', 'area'],
  ['office', 'office'],
] as const;

export function formToQuery(form: CriteriaForm): string {
  const query = new URLSearchParams();
  for (const [param, key] of PLAIN) if (form[key]) query.set(param, form[key]);
  for (const { role, name } of form.names) if (name.trim()) query.append('name', `${role}:${name.trim()}`);
  if (form.duplicates) query.set('duplicates', '1');
  return query.toString();
}

export function queryToForm(search: string): CriteriaForm {
  const query = new URLSearchParams(search);
  const form: CriteriaForm = { ...EMPTY_CRITERIA, names: [] };
  for (const [param, key] of PLAIN) form[key] = query.get(param) ?? '';
  for (const entry of query.getAll('name')) {
    const split = entry.indexOf(':');
    form.names.push(
      split < 0 ? { role: '', name: entry } : { role: entry.slice(0, split), name: entry.slice(split + 1) },
    );
  }
  if (form.names.length === 0) form.names.push({ role: '', name: '' });
  form.duplicates = query.get('duplicates') === '1';
  return form;
}

const range = (from: string, to: string): DateRange | undefined =>
  from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined;

/** The criteria the API takes; a name whose role was not chosen is looked for in `defaultRole` (the subject). */
export function formToCriteria(form: CriteriaForm, defaultRole: string): AdvancedCriteria {
  const names = form.names
    .filter((entry) => entry.name.trim() && (entry.role || defaultRole))
    .map((entry) => ({ role: entry.role || defaultRole, name: entry.name.trim() }));
  const criteria: Record<string, unknown> = {
    eventType: form.eventType || undefined,
    status: form.status ? [form.status] : undefined,
    names: names.length > 0 ? names : undefined,
    eventDate: range(form.eventFrom, form.eventTo),
    registeredAt: range(form.registeredFrom, form.registeredTo),
    declaredAt: range(form.declaredFrom, form.declaredTo),
    area: form.area || undefined,
    office: form.office || undefined,
    potentialDuplicate: form.duplicates || undefined,
  };
  return Object.fromEntries(Object.entries(criteria).filter(([, value]) => value !== undefined)) as AdvancedCriteria;
}

/** Whether the form holds any criterion at all (an empty search is not sent). */
export const hasCriteria = (form: CriteriaForm) => formToQuery(form) !== '';
