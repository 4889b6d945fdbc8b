/** One field of a configured form, as the input its type calls for, with its label, and its problem beside it. */
import type { Field } from '../../api/types';
import { pick, useLanguage, useT } from '../../i18n/language';
import { LocationPicker } from '../locations/location-picker';
import type { Places } from '../shell/config-store';

export interface FieldInputProps {
  readonly field: Field;
  readonly path: string;
  readonly value: unknown;
  readonly required: boolean;
  readonly problem?: string;
  readonly places?: Places;
  readonly onChange: (value: unknown) => void;
}

export const inputId = (path: string) => `field-${path.replace('.', '-')}`;

export function FieldInput(props: FieldInputProps) {
  const lang = useLanguage();
  const t = useT();
  const { field, path } = props;
  const id = inputId(path);
  const errorId = `${id}-error`;
  const label = pick(field.label, lang);
  const common = {
    id,
    'aria-invalid': props.problem ? true : undefined,
    'aria-describedby': props.problem ? errorId : undefined,
    'aria-required': props.required || undefined,
  };
  const text = typeof props.value === 'string' || typeof props.value === 'number' ? String(props.value) : '';
  const setText = (value: string) => props.onChange(value === '' ? undefined : value);
  let input;
  switch (field.type) {
    case 'textarea':
      input = <textarea {...common} value={text} onChange={(event) => setText(event.target.value)} />;
      break;
    case 'number':
      input = (
        <input
          {...common}
          inputMode="decimal"
          value={text}
          onChange={(event) => {
            const raw = event.target.value.replace(',', '.');
            const number = Number(raw);
            props.onChange(raw.trim() === '' ? undefined : Number.isFinite(number) ? number : raw);
          }}
        />
      );
      break;
    case 'date':
      input = <input {...common} type="date" value={text} onChange={(event) => setText(event.target.value)} />;
      break;
    case 'checkbox':
      return (
        <div className="field checkbox">
          <input
            {...common}
            type="checkbox"
            checked={props.value === true}
            onChange={(event) => props.onChange(event.target.checked ? true : undefined)}
          />
          <label htmlFor={id}>{label}</label>
          {props.problem && <Problem id={errorId} text={props.problem} />}
        </div>
      );
    case 'radio':
      return (
        <fieldset className="field" aria-describedby={common['aria-describedby']}>
          <legend>
            {label}
            {props.required && <span className="required"> *</span>}
          </legend>
          {field.options?.map((option) => (
            <label key={option.value} className="choice">
              <input
                type="radio"
                name={id}
                value={option.value}
                checked={props.value === option.value}
                onChange={() => props.onChange(option.value)}
              />
              {pick(option.label, lang)}
            </label>
          ))}
          {props.problem && <Problem id={errorId} text={props.problem} />}
        </fieldset>
      );
    case 'area':
    case 'facility':
      input = <LocationPicker {...common} type={field.type} value={text || undefined} onChange={props.onChange} />;
      break;
    case 'select':
    case 'office': {
      const options =
        field.type === 'select'
          ? (field.options ?? []).map((option) => ({ value: option.value, label: pick(option.label, lang) }))
          : [...(props.places?.office ?? [])]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((place) => ({ value: place.code, label: place.name }));
      input = (
        <select {...common} value={text} onChange={(event) => setText(event.target.value)}>
          <option value="">{t('choose')}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
      break;
    }
    default:
      input = (
        <input
          {...common}
          type={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'text'}
          inputMode={field.type === 'phone' ? 'tel' : field.type === 'id-number' ? 'numeric' : undefined}
          placeholder={field.type === 'phone' ? '+260 97 123 4567' : undefined}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {props.required && <span className="required"> *</span>}
      </label>
      {input}
      {props.problem && <Problem id={errorId} text={props.problem} />}
    </div>
  );
}

function Problem({ id, text }: { id: string; text: string }) {
  return (
    <p id={id} className="field-error">
      {text}
    </p>
  );
}
