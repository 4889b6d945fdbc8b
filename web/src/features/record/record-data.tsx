/** A declaration as the reader sees it: each section of the form with the values given, labelled in their language. */
import { downloadDocument } from '../../api/records';
import type { Declaration, EventTypeDefinition, Field } from '../../api/types';
import { pick, useLanguage, useT, type Translate } from '../../i18n/language';
import { knownLocation } from '../locations/locations-client';
import { useKnownLocations } from '../locations/use-known-locations';
import { api } from '../session/session';
import type { Places } from '../shell/config-store';
import { formatDate } from '../shell/format';

export function displayValue(field: Field, value: unknown, lang: string, t: Translate, places?: Places): string {
  if (value === undefined || value === null || value === '') return '';
  switch (field.type) {
    case 'select':
    case 'radio':
      return pick(field.options?.find((option) => option.value === value)?.label, lang) || String(value);
    case 'checkbox':
      return value === true ? t('yes') : t('no');
    case 'date':
      return formatDate(String(value), lang);
    case 'area':
    case 'facility':
      return knownLocation(field.type, String(value))?.name ?? String(value);
    case 'office':
      return places?.office.find((place) => place.code === value)?.name ?? String(value);
    case 'document':
      return t('documents-count', { count: Array.isArray(value) ? value.length : 1 });
    default:
      return String(value);
  }
}

export function RecordData(props: { definition: EventTypeDefinition; data: Declaration; places?: Places }) {
  const t = useT();
  const lang = useLanguage();
  useKnownLocations(props.definition, props.data);
  return (
    <div className="record-data">
      {props.definition.form.sections.map((section) => {
        const values = props.data[section.id] ?? {};
        const given = section.fields.filter((field) => values[field.id] !== undefined && values[field.id] !== '');
        if (given.length === 0) return null;
        return (
          <section key={section.id} aria-labelledby={`section-${section.id}`}>
            <h3 id={`section-${section.id}`}>{pick(section.label, lang)}</h3>
            <dl>
              {given.map((field) => (
                <div key={field.id} className="pair">
                  <dt>{pick(field.label, lang)}</dt>
                  <dd>
                    {field.type === 'document' ? (
                      <DocumentLinks ids={[values[field.id]].flat() as string[]} />
                    ) : (
                      displayValue(field, values[field.id], lang, t, props.places)
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </div>
  );
}

function DocumentLinks({ ids }: { ids: readonly string[] }) {
  const t = useT();
  const open = async (id: string) => {
    const blob = await downloadDocument(api, id);
    window.open(URL.createObjectURL(blob), '_blank', 'noopener');
  };
  return (
    <ul className="plain">
      {ids.map((id, index) => (
        <li key={id}>
          <button type="button" className="link" onClick={() => void open(id)}>
            {t('document-n', { n: index + 1 })}
          </button>
        </li>
      ))}
    </ul>
  );
}
