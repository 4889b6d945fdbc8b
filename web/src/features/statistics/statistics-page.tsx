/**
 * Statistics: registrations by month (on time, late, delayed) for the country or an area, registrations by the
 * areas below it, and completeness (events of the year registered against those expected). Loaded on first visit
 * only (see statistics-route.tsx): the charts are hand-drawn SVG, no chart library.
 */
import { useState } from 'react';
import { getArea, listAreasBelow } from '../../api/config';
import { getCompleteness, getRegistrationsByMonth, type Completeness } from '../../api/statistics';
import type { Place } from '../../api/types';
import { pick, useLanguage, useT } from '../../i18n/language';
import { useAsync } from '../../use-async';
import { SelectField } from '../admin/text-field';
import { AreaField } from '../locations/area-field';
import { knownLocation } from '../locations/locations-client';
import { api, unlocked } from '../session/session';
import { eventTypes } from '../shell/config-store';
import { ErrorNote } from '../shell/error-note';
import { AreaChart } from './area-chart';
import { count, percent } from './chart-scale';
import { EstimatesForm } from './estimates-form';
import { MonthChart } from './month-chart';
import './statistics.css';

const YEARS_BACK = 5;

/**
 * The chosen area and the areas just below it (the country's top level when none is chosen); a leaf area stands for
 * itself. One level is read at a time: a large country has too many areas to read them all.
 */
async function areaLevel(area: string): Promise<{ current: Place | undefined; below: Place[] }> {
  const [current, children] = await Promise.all([
    area ? getArea(api, area) : undefined,
    listAreasBelow(api, area || undefined),
  ]);
  const below = children.length > 0 || !current ? children : [current];
  return { current, below: [...below].sort((a, b) => a.name.localeCompare(b.name)) };
}

export function StatisticsPage() {
  const t = useT();
  const lang = useLanguage();
  const { user } = unlocked();
  const now = new Date();
  const thisYear = now.getUTCFullYear();
  const [eventType, setEventType] = useState('');
  const [area, setArea] = useState('');
  const [year, setYear] = useState(thisYear);
  const types = useAsync(eventTypes, []);
  const level = useAsync(() => areaLevel(area), [area]);
  const type = eventType || types.data?.[0]?.id || '';
  const below = level.data?.below ?? [];
  const codes = below.map((place) => place.code);
  const from = `${year}-01`;
  const to = year === thisYear ? now.toISOString().slice(0, 7) : `${year}-12`;

  const stats = useAsync(async () => {
    if (!type || !level.data) return undefined;
    const [overall, byArea, complete] = await Promise.all([
      getRegistrationsByMonth(api, { eventType: type, from, to, ...(area ? { areas: [area] } : {}) }),
      codes.length > 0 ? getRegistrationsByMonth(api, { eventType: type, from, to, areas: codes }) : undefined,
      getCompleteness(api, { eventType: type, year, areas: area ? [area, ...codes] : codes }),
    ]);
    return { overall, byArea, complete };
  }, [type, area, year, level.data]);

  const name = (code: string) =>
    [level.data?.current, ...below].find((place) => place?.code === code)?.name ??
    knownLocation('area', code)?.name ??
    code;
  const months = stats.data?.overall.series[0]?.months ?? [];
  const total = months.reduce((sum, month) => sum + month.total, 0);
  const onTime = months.reduce((sum, month) => sum + month.onTime, 0);
  const where = area ? name(area) : t('stats-country');
  const typeLabel = pick(types.data?.find((entry) => entry.id === type)?.label, lang) || type;

  return (
    <section className="statistics" aria-labelledby="statistics-title">
      <h1 id="statistics-title">{t('nav-statistics')}</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()} aria-label={t('stats-choose')}>
        <SelectField
          id="stats-event"
          label={t('event')}
          value={type}
          onChange={setEventType}
          options={(types.data ?? []).map((entry) => ({ value: entry.id, label: pick(entry.label, lang) }))}
        />
        <AreaField id="stats-area" label={t('area')} value={area} onChange={setArea} hint={t('stats-area-hint')} />
        <SelectField
          id="stats-year"
          label={t('stats-year')}
          value={String(year)}
          onChange={(value) => setYear(Number(value))}
          options={Array.from({ length: YEARS_BACK }, (_, index) => String(thisYear - index)).map((value) => ({
            value,
            label: value,
          }))}
        />
      </form>
      {(stats.error ?? types.error ?? level.error) !== undefined && (
        <ErrorNote
          error={stats.error ?? types.error ?? level.error}
          retry={level.error ? level.reload : stats.reload}
        />
      )}
      {stats.loading && !stats.data && <p>{t('loading')}</p>}
      {stats.data && (
        <>
          <dl className="tiles" aria-label={t('stats-summary', { event: typeLabel, where, year })}>
            <div>
              <dt>{t('stats-registrations')}</dt>
              <dd data-testid="stats-total">{count(total, lang)}</dd>
            </div>
            <div>
              <dt>{t('stats-on-time-share')}</dt>
              <dd data-testid="stats-on-time">{percent(total > 0 ? onTime / total : null, lang)}</dd>
            </div>
            <div>
              <dt>{t('stats-completeness')}</dt>
              <dd data-testid="stats-completeness">{percent(overallCompleteness(stats.data.complete, area), lang)}</dd>
            </div>
          </dl>
          <p className="muted">{t('stats-explain')}</p>
          <MonthChart id="stats-months" title={t('stats-by-month', { where })} months={months} />
          {stats.data.byArea && (
            <AreaChart
              id="stats-areas"
              title={t('stats-by-area', { where })}
              description={t('stats-by-area-desc')}
              columns={[t('area'), t('stats-registrations')]}
              innerLabel={t('stats-on-time')}
              bars={stats.data.byArea.series.map((series) => {
                const sum = series.months.reduce((value, month) => value + month.total, 0);
                const inTime = series.months.reduce((value, month) => value + month.onTime, 0);
                return {
                  code: series.area ?? '',
                  label: name(series.area ?? ''),
                  value: sum,
                  inner: inTime,
                  text: `${count(sum, lang)} · ${t('stats-on-time-percent', { percent: percent(sum ? inTime / sum : null, lang) })}`,
                };
              })}
            />
          )}
          <AreaChart
            id="stats-completeness"
            title={t('stats-completeness-by-area', { year })}
            description={t('stats-completeness-desc')}
            columns={[t('area'), t('stats-completeness')]}
            innerLabel={t('stats-on-time')}
            reference={{ value: 1, label: percent(1, lang) }}
            bars={stats.data.complete.areas
              .filter((row) => codes.includes(row.area))
              .map((row) => ({
                code: row.area,
                label: name(row.area),
                value: row.completeness,
                inner: row.onTimeCompleteness,
                text:
                  row.expected === null
                    ? t('stats-no-estimate')
                    : t('stats-completeness-text', {
                        percent: percent(row.completeness, lang),
                        registered: count(row.total, lang),
                        expected: count(row.expectedToDate ?? 0, lang),
                      }),
              }))}
          />
          {user.scopes.includes('statistics.estimates.manage') && (
            <EstimatesForm
              eventType={type}
              year={year}
              areas={level.data?.current && below[0] !== level.data.current ? [level.data.current, ...below] : below}
              onSaved={stats.reload}
            />
          )}
        </>
      )}
    </section>
  );
}

/** The area's own completeness; for the whole country, the areas below with an estimate, added up. */
function overallCompleteness(complete: Completeness, area: string): number | null {
  if (area) return complete.areas.find((row) => row.area === area)?.completeness ?? null;
  const estimated = complete.areas.filter((row) => row.expectedToDate);
  const expected = estimated.reduce((sum, row) => sum + (row.expectedToDate ?? 0), 0);
  return expected > 0 ? estimated.reduce((sum, row) => sum + row.total, 0) / expected : null;
}
