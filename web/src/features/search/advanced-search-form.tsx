/** The criteria of the advanced search; every input labelled, date ranges grouped under their legend. */
import type { FormEvent } from 'react';
import { useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { useAsync } from '../../use-async';
import { SelectField, TextField } from '../admin/text-field';
import { AreaField } from '../locations/area-field';
import { offices } from '../shell/config-store';
import { EMPTY_CRITERIA, type CriteriaForm } from './criteria-url';
import type { SearchLabels } from './search-labels';

const STATUSES = ['DECLARED', 'VALIDATED', 'REGISTERED', 'REJECTED', 'ARCHIVED'] as const;
const MOST_PEOPLE = 3;

type RangeKey = 'event' | 'registered' | 'declared';

export interface AdvancedSearchFormProps {
  readonly form: CriteriaForm;
  readonly labels: SearchLabels | undefined;
  readonly onChange: (form: CriteriaForm) => void;
  readonly onSubmit: (event: FormEvent) => void;
}

export function AdvancedSearchForm({ form, labels, onChange, onSubmit }: AdvancedSearchFormProps) {
  const t = useT();
  const officeList = useAsync(offices, []);
  const set = <K extends keyof CriteriaForm>(key: K, value: CriteriaForm[K]) => onChange({ ...form, [key]: value });
  const any = { value: '', label: t('admin-any') };
  const roles = form.eventType
    ? (labels?.rolesOf.get(form.eventType) ?? [])
    : [...new Set([...(labels?.rolesOf.values() ?? [])].flat())];
  const setName = (index: number, change: Partial<{ role: string; name: string }>) =>
    set(
      'names',
      form.names.map((entry, position) => (position === index ? { ...entry, ...change } : entry)),
    );

  const range = (key: RangeKey, legend: TextKey) => (
    <fieldset className="range">
      <legend>{t(legend)}</legend>
      <TextField
        id={`search-${key}-from`}
        label={t('search-from')}
        type="date"
        value={form[`${key}From`]}
        onChange={(value) => set(`${key}From`, value)}
      />
      <TextField
        id={`search-${key}-to`}
        label={t('search-to')}
        type="date"
        value={form[`${key}To`]}
        onChange={(value) => set(`${key}To`, value)}
      />
    </fieldset>
  );

  return (
    <form className="card advanced-search" onSubmit={onSubmit} noValidate aria-label={t('search-advanced')}>
      <div className="grid">
        <SelectField
          id="search-event"
          label={t('event')}
          value={form.eventType}
          onChange={(value) => set('eventType', value)}
          options={[any, ...[...(labels?.events ?? [])].map(([value, label]) => ({ value, label }))]}
        />
        <SelectField
          id="search-status"
          label={t('status')}
          value={form.status}
          onChange={(value) => set('status', value)}
          options={[any, ...STATUSES.map((status) => ({ value: status, label: t(`status-${status}`) }))]}
        />
      </div>
      <fieldset className="people">
        <legend>{t('search-people')}</legend>
        {form.names.map((entry, index) => (
          <div className="person" key={index}>
            <SelectField
              id={`search-role-${index}`}
              label={t('search-role')}
              value={entry.role}
              onChange={(role) => setName(index, { role })}
              options={[
                { value: '', label: labels?.roles.get(roles[0] ?? '') ?? t('choose') },
                ...roles.slice(1).map((role) => ({ value: role, label: labels?.roles.get(role) ?? role })),
              ]}
            />
            <TextField
              id={`search-name-${index}`}
              label={t('search-name')}
              value={entry.name}
              autoComplete="off"
              onChange={(name) => setName(index, { name })}
            />
            {form.names.length > 1 && (
              <button
                type="button"
                className="link"
                aria-label={t('search-remove-person', { n: index + 1 })}
                onClick={() =>
                  set(
                    'names',
                    form.names.filter((_, position) => position !== index),
                  )
                }
              >
                {t('remove')}
              </button>
            )}
          </div>
        ))}
        {form.names.length < MOST_PEOPLE && (
          <button type="button" onClick={() => set('names', [...form.names, { role: '', name: '' }])}>
            {t('search-add-person')}
          </button>
        )}
      </fieldset>
      <div className="grid">
        {range('event', 'search-event-date')}
        {range('registered', 'search-registered')}
        {range('declared', 'search-declared')}
      </div>
      <div className="grid">
        <AreaField
          id="search-area"
          label={t('search-place')}
          value={form.area}
          onChange={(value) => set('area', value)}
        />
        <SelectField
          id="search-office"
          label={t('admin-office')}
          value={form.office}
          onChange={(value) => set('office', value)}
          options={[any, ...(officeList.data ?? []).map((office) => ({ value: office.code, label: office.name }))]}
        />
      </div>
      <div className="field checkbox">
        <input
          id="search-duplicates"
          type="checkbox"
          checked={form.duplicates}
          onChange={(event) => set('duplicates', event.target.checked)}
        />
        <label htmlFor="search-duplicates">{t('search-duplicates-only')}</label>
      </div>
      <div className="row">
        <button className="primary" type="submit">
          {t('search')}
        </button>
        <button type="button" onClick={() => onChange(EMPTY_CRITERIA)}>
          {t('search-clear')}
        </button>
      </div>
    </form>
  );
}
