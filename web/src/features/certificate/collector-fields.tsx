/**
 * Who collects the certificate: the informant, the mother, the father or someone else, their name, and the identity
 * document they showed (required for someone else). The name is filled in from the declaration where it has one.
 */
import type { CertificateCollector } from '../../api/record-actions';
import type { Declaration } from '../../api/types';
import { useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';

export const COLLECTORS = ['informant', 'mother', 'father', 'other'] as const;
export const ID_TYPES = ['national-id', 'passport', 'birth-certificate', 'other'] as const;

export interface CollectorDraft {
  readonly type: (typeof COLLECTORS)[number];
  readonly name: string;
  readonly idType: string;
  readonly idNumber: string;
}

/** The collector as the server takes it, or the text key of what is missing. */
export function collectorOf(draft: CollectorDraft): CertificateCollector | { readonly missing: TextKey } {
  const name = draft.name.trim();
  const idNumber = draft.idNumber.trim();
  if (!name) return { missing: 'collector-name-required' };
  if (draft.type === 'other' && (!draft.idType || !idNumber)) return { missing: 'collector-id-required' };
  if (idNumber && !draft.idType) return { missing: 'collector-id-type-required' };
  return { type: draft.type, name, ...(idNumber ? { idType: draft.idType, idNumber } : {}) };
}

/** The name the declaration gives the person in `type`'s section, if any. */
export function nameFromDeclaration(data: Declaration, type: CollectorDraft['type']): string {
  const informantType = data.informant?.type;
  const section =
    type === 'informant'
      ? informantType === 'mother' || informantType === 'father'
        ? informantType
        : 'informant'
      : type;
  if (type === 'other') return '';
  const values = data[section] ?? {};
  return [values.firstNames, values.familyName].filter((part) => typeof part === 'string' && part).join(' ');
}

export function CollectorFields(props: {
  draft: CollectorDraft;
  data: Declaration;
  onChange: (draft: CollectorDraft) => void;
}) {
  const t = useT();
  const { draft } = props;
  return (
    <fieldset className="collector">
      <legend>{t('collector-type')}</legend>
      <label htmlFor="collector-type" className="visually-hidden">
        {t('collector-type')}
      </label>
      <select
        id="collector-type"
        value={draft.type}
        onChange={(event) => {
          const type = event.target.value as CollectorDraft['type'];
          props.onChange({ ...draft, type, name: nameFromDeclaration(props.data, type) || draft.name });
        }}
      >
        {COLLECTORS.map((type) => (
          <option key={type} value={type}>
            {t(`collector-${type}` as TextKey)}
          </option>
        ))}
      </select>
      <label htmlFor="collector-name">{t('collector-name')}</label>
      <input
        id="collector-name"
        value={draft.name}
        maxLength={200}
        autoComplete="off"
        onChange={(event) => props.onChange({ ...draft, name: event.target.value })}
      />
      <label htmlFor="collector-id-type">
        {t('collector-id-type')}
        {draft.type === 'other' && <span className="required"> *</span>}
      </label>
      <select
        id="collector-id-type"
        value={draft.idType}
        onChange={(event) => props.onChange({ ...draft, idType: event.target.value })}
      >
        <option value="">{t('choose')}</option>
        {ID_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`id-type-${type}` as TextKey)}
          </option>
        ))}
      </select>
      <label htmlFor="collector-id-number">
        {t('collector-id-number')}
        {draft.type === 'other' && <span className="required"> *</span>}
      </label>
      <input
        id="collector-id-number"
        value={draft.idNumber}
        maxLength={50}
        autoComplete="off"
        onChange={(event) => props.onChange({ ...draft, idNumber: event.target.value })}
      />
    </fieldset>
  );
}
