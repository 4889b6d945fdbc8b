/** Everything the declaration says, section by section, with what is missing or wrong, before it is sent. */
import type { Declaration, EventTypeDefinition, Section } from '../../api/types';
import { pick, useLanguage, useT } from '../../i18n/language';
import type { LocalFile } from '../../offline/outbox';
import { useKnownLocations } from '../locations/use-known-locations';
import { displayValue } from '../record/record-data';
import type { Places } from '../shell/config-store';
import { fieldShown } from './form-logic';

export function Review(props: {
  definition: EventTypeDefinition;
  sections: readonly Section[];
  data: Declaration;
  files: readonly LocalFile[];
  places: Places;
  problemOf: (path: string, step: number) => string | undefined;
  onChange: (step: number) => void;
}) {
  const t = useT();
  const lang = useLanguage();
  useKnownLocations(props.definition, props.data);
  return (
    <div className="review">
      <h2>{t('review-title')}</h2>
      {props.sections.map((section, index) => (
        <section key={section.id} className="card" aria-labelledby={`review-${section.id}`}>
          <div className="page-head">
            <h3 id={`review-${section.id}`}>{pick(section.label, lang)}</h3>
            <button type="button" className="link" onClick={() => props.onChange(index)}>
              {t('change')}
              <span className="visually-hidden"> {pick(section.label, lang)}</span>
            </button>
          </div>
          <dl>
            {section.fields
              .filter((field) => fieldShown(section, field, props.data))
              .map((field) => {
                const path = `${section.id}.${field.id}`;
                const problem = props.problemOf(path, index);
                const attached = props.files.filter((file) => file.path === path);
                const shown =
                  field.type === 'document'
                    ? attached.map((file) => file.name).join(', ')
                    : displayValue(field, props.data[section.id]?.[field.id], lang, t, props.places);
                if (!shown && !problem) return null;
                return (
                  <div key={path} className={problem ? 'pair has-problem' : 'pair'}>
                    <dt>{pick(field.label, lang)}</dt>
                    <dd>
                      {shown}
                      {problem && <span className="field-error"> {problem}</span>}
                    </dd>
                  </div>
                );
              })}
          </dl>
        </section>
      ))}
    </div>
  );
}
