/**
 * One likely duplicate beside the record: the probability that both are the same person, whether relatives (twins,
 * siblings) explain them better, and each compared field with the two values, how they agree and its score (the
 * weight of that agreement: positive for "the same person", negative against).
 */
import type { ComparedField, DuplicateCandidate } from '../../api/duplicates';
import type { EventTypeDefinition, Field } from '../../api/types';
import { pick, useLanguage, useT, type Translate } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { Link } from '../../router';
import { useResolvedPlaces } from '../locations/use-known-locations';
import { displayValue } from '../record/record-data';

/** Agreement levels the app names in the user's language; any other is shown as the server names it. */
const LEVELS: Readonly<Record<string, TextKey>> = {
  exact: 'level-exact',
  different: 'level-different',
  missing: 'level-missing',
  phonetic: 'level-phonetic',
  swapped: 'level-swapped',
  'name left out': 'level-name-left-out',
  'a digit off': 'level-digit-off',
  'day/month swapped': 'level-day-month-swapped',
  'year 1-3 off': 'level-year-off',
};

export function levelLabel(t: Translate, level: string): string {
  const known = LEVELS[level];
  if (known) return t(known);
  if (level.startsWith('jw>=')) return t('level-similar', { at: level.slice(4) });
  return level;
}

function fieldAt(definition: EventTypeDefinition, path: string): Field | undefined {
  const [sectionId, fieldId] = path.split('.');
  return definition.form.sections.find((section) => section.id === sectionId)?.fields.find((f) => f.id === fieldId);
}

export function CandidateComparison(props: { candidate: DuplicateCandidate; definition: EventTypeDefinition }) {
  const { candidate, definition } = props;
  const t = useT();
  const lang = useLanguage();
  // The names of the places compared, in both records.
  useResolvedPlaces(
    candidate.fields.flatMap((compared) => {
      const type = fieldAt(definition, compared.field)?.type;
      if (type !== 'area' && type !== 'facility') return [];
      return compared.values.filter((value) => typeof value === 'string').map((code) => ({ type, code }));
    }),
  );
  const show = (compared: ComparedField, value: unknown) => {
    const field = fieldAt(definition, compared.field);
    if (value === null || value === undefined || value === '') return '—';
    return field ? displayValue(field, value, lang, t) : String(value);
  };
  const percent = Math.round(candidate.probability * 1000) / 10;

  return (
    <section
      className="card candidate"
      aria-labelledby={`candidate-${candidate.recordId}`}
      data-testid="duplicate-candidate"
      data-record={candidate.recordId}
    >
      <div className="page-head">
        <h2 id={`candidate-${candidate.recordId}`}>
          {t('duplicate-candidate')} <Link href={`/records/${candidate.recordId}`}>{candidate.trackingId}</Link>
        </h2>
        <span className={`badge ${candidate.likelyDuplicate ? 'flag' : ''}`} data-testid="duplicate-probability">
          {t('duplicate-probability', { percent })}
        </span>
      </div>
      <p className="muted">
        {t(`status-${candidate.status}` as TextKey)}
        {candidate.registrationNumber && ` · ${candidate.registrationNumber}`}
        {candidate.likelyRelatives && ` · ${t('duplicate-relatives')}`}
      </p>
      <table className="compare">
        <thead>
          <tr>
            <th scope="col">{t('field')}</th>
            <th scope="col">{t('duplicate-this-record')}</th>
            <th scope="col">{t('duplicate-candidate-record', { trackingId: candidate.trackingId })}</th>
            <th scope="col">{t('duplicate-agreement')}</th>
            <th scope="col">{t('duplicate-score')}</th>
          </tr>
        </thead>
        <tbody>
          {candidate.fields.map((compared) => {
            const field = fieldAt(definition, compared.field);
            const agree = compared.weight > 0;
            return (
              <tr key={compared.field} data-field={compared.field} className={agree ? 'agrees' : 'differs'}>
                <th scope="row">
                  {field ? pick(field.label, lang) : compared.field}
                  {compared.family && <span className="muted"> · {t('duplicate-family-value')}</span>}
                </th>
                <td>{show(compared, compared.values[0])}</td>
                <td>{show(compared, compared.values[1])}</td>
                <td>{levelLabel(t, compared.level)}</td>
                <td className="score" data-testid="field-score">
                  {compared.weight > 0 ? '+' : ''}
                  {compared.weight.toFixed(1)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
