/** The expected numbers of events per area for a year, that completeness is measured against (administrators). */
import { useEffect, useState, type FormEvent } from 'react';
import { getEstimates, saveEstimates } from '../../api/statistics';
import type { Place } from '../../api/types';
import { useT } from '../../i18n/language';
import { useAsync } from '../../use-async';
import { api } from '../session/session';
import { ErrorNote } from '../shell/error-note';

export interface EstimatesFormProps {
  readonly eventType: string;
  readonly year: number;
  readonly areas: readonly Place[];
  readonly onSaved: () => void;
}

export function EstimatesForm({ eventType, year, areas, onSaved }: EstimatesFormProps) {
  const t = useT();
  const stored = useAsync(() => getEstimates(api, eventType, year), [eventType, year]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [state, setState] = useState<{ busy?: boolean; done?: boolean; error?: unknown }>({});

  useEffect(() => {
    if (stored.data) setValues(Object.fromEntries(stored.data.items.map((item) => [item.area, String(item.expected)])));
  }, [stored.data]);

  const invalid = areas.filter((area) => values[area.code] && !/^\d+$/.test(values[area.code]!.trim()));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid.length > 0 || areas.length === 0) return;
    setState({ busy: true });
    try {
      await saveEstimates(api, {
        eventType,
        year,
        estimates: areas.map((area) => {
          const text = values[area.code]?.trim() ?? '';
          return { area: area.code, expected: text === '' ? null : Number(text) };
        }),
      });
      setState({ done: true });
      onSaved();
    } catch (error) {
      setState({ error });
    }
  };

  return (
    <form className="card estimates" onSubmit={submit} noValidate aria-labelledby="estimates-title">
      <h2 id="estimates-title">{t('stats-estimates', { year })}</h2>
      <p className="muted">{t('stats-estimates-help')}</p>
      {stored.error !== undefined && <ErrorNote error={stored.error} retry={stored.reload} />}
      <fieldset disabled={state.busy}>
        <legend className="visually-hidden">{t('stats-estimates', { year })}</legend>
        {areas.map((area) => {
          const id = `estimate-${area.code}`;
          const wrong = invalid.includes(area);
          return (
            <div className="field estimate" key={area.code}>
              <label htmlFor={id}>{area.name}</label>
              <input
                id={id}
                inputMode="numeric"
                value={values[area.code] ?? ''}
                aria-invalid={wrong || undefined}
                aria-describedby={wrong ? `${id}-error` : undefined}
                onChange={(event) => setValues({ ...values, [area.code]: event.target.value })}
              />
              {wrong && (
                <p className="field-error" id={`${id}-error`}>
                  {t('stats-estimate-number')}
                </p>
              )}
            </div>
          );
        })}
      </fieldset>
      {state.error !== undefined && <ErrorNote error={state.error} />}
      {state.done && (
        <p className="success" role="status">
          {t('stats-estimates-saved')}
        </p>
      )}
      <button className="primary" type="submit" disabled={state.busy || areas.length === 0}>
        {t('stats-save-estimates')}
      </button>
    </form>
  );
}
