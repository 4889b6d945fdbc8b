/** The fields of a staff account (name, office, contact, language; username and role when creating). */
import { useLanguage, useT } from '../../i18n/language';
import { roleName, type AdminLookups } from './admin-data';
import { SelectField, TextField } from './text-field';

export interface UserFields {
  username: string;
  name: string;
  role: string;
  office: string;
  email: string;
  phone: string;
  language: string;
}

export const USER_FIELDS = ['username', 'name', 'role', 'office', 'email', 'phone', 'language'] as const;

export interface UserFormProps {
  readonly values: UserFields;
  readonly lookups: AdminLookups | undefined;
  readonly problems: Readonly<Record<string, string>>;
  /** Creating: username and role are asked; editing: they are changed elsewhere. */
  readonly creating: boolean;
  readonly disabled?: boolean;
  readonly onChange: (values: UserFields) => void;
}

export function UserForm({ values, lookups, problems, creating, disabled, onChange }: UserFormProps) {
  const t = useT();
  const lang = useLanguage();
  const set = (name: keyof UserFields) => (value: string) => onChange({ ...values, [name]: value });
  return (
    <fieldset disabled={disabled}>
      {creating && (
        <TextField
          id="user-username"
          label={t('username')}
          hint={t('admin-username-hint')}
          value={values.username}
          onChange={set('username')}
          problem={problems.username}
          autoComplete="off"
          autoCapitalize="none"
          required
        />
      )}
      <TextField
        id="user-name"
        label={t('admin-full-name')}
        value={values.name}
        onChange={set('name')}
        problem={problems.name}
        required
      />
      {creating && (
        <SelectField
          id="user-role"
          label={t('admin-role')}
          value={values.role}
          onChange={set('role')}
          problem={problems.role}
          required
          options={[
            { value: '', label: t('choose') },
            ...(lookups?.roles ?? []).map((entry) => ({
              value: entry.role,
              label: roleName(lookups, entry.role, lang, t),
            })),
          ]}
        />
      )}
      <SelectField
        id="user-office"
        label={t('admin-office')}
        value={values.office}
        onChange={set('office')}
        problem={problems.office}
        options={[
          { value: '', label: t('admin-national') },
          ...(lookups?.offices ?? []).map((office) => ({ value: office.code, label: office.name })),
        ]}
      />
      <TextField
        id="user-phone"
        label={t('admin-phone')}
        hint={t('admin-phone-hint')}
        type="tel"
        inputMode="tel"
        autoComplete="off"
        value={values.phone}
        onChange={set('phone')}
        problem={problems.phone}
      />
      <TextField
        id="user-email"
        label={t('admin-email')}
        type="email"
        autoComplete="off"
        value={values.email}
        onChange={set('email')}
        problem={problems.email}
      />
      <SelectField
        id="user-language"
        label={t('language')}
        value={values.language}
        onChange={set('language')}
        problem={problems.language}
        options={[
          { value: 'en', label: 'English' },
          { value: 'fr', label: 'Français' },
        ]}
      />
    </fieldset>
  );
}
