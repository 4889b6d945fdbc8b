/**
 * A document field: files attached from the device, or a photo taken with the camera (`capture`). They stay on the
 * device, encrypted, until the declaration is sent.
 */
import type { ChangeEvent } from 'react';
import { DOCUMENT_TYPES } from '../../api/documents';
import type { Field } from '../../api/types';
import { pick, useLanguage, useT } from '../../i18n/language';
import type { LocalFile } from '../../offline/outbox';
import { formatBytes } from '../shell/format';
import { inputId } from './field-input';

export function DocumentField(props: {
  field: Field;
  path: string;
  files: readonly LocalFile[];
  required: boolean;
  problem?: string;
  onAdd: (files: readonly File[]) => void;
  onRemove: (id: string) => void;
}) {
  const t = useT();
  const lang = useLanguage();
  const id = inputId(props.path);
  const add = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(event.target.files ?? [])];
    event.target.value = '';
    props.onAdd(chosen);
  };
  return (
    <fieldset className="field document" aria-describedby={props.problem ? `${id}-error` : undefined}>
      <legend>
        {pick(props.field.label, lang)}
        {props.required && <span className="required"> *</span>}
      </legend>
      {props.files.length > 0 && (
        <ul className="plain files">
          {props.files.map((file) => (
            <li key={file.id}>
              <span>
                {file.name} <span className="muted">({formatBytes(file.size)})</span>
              </span>
              <button type="button" className="link" onClick={() => props.onRemove(file.id)}>
                {t('remove')}
                <span className="visually-hidden"> {file.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <label className="button" htmlFor={`${id}-file`}>
          {t('attach-file')}
        </label>
        <input
          id={`${id}-file`}
          className="file-input"
          type="file"
          accept={DOCUMENT_TYPES.join(',')}
          multiple
          onChange={add}
        />
        <label className="button" htmlFor={`${id}-camera`}>
          {t('take-photo')}
        </label>
        <input
          id={`${id}-camera`}
          className="file-input"
          type="file"
          accept="image/*"
          capture="environment"
          onChange={add}
        />
      </div>
      {props.problem && (
        <p id={`${id}-error`} className="field-error">
          {props.problem}
        </p>
      )}
    </fieldset>
  );
}
