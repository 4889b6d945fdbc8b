/**
 * Registrations per month as stacked bars: on time, late, delayed, and those whose timeliness is not known (no
 * event date). Hand-drawn SVG that scales to its box; the same numbers follow as a table for screen readers.
 */
import type { MonthCounts } from '../../api/statistics';
import { useLanguage, useT } from '../../i18n/language';
import { count, monthLabel, niceCeiling, ticks } from './chart-scale';
import { Legend, SERIES, unknownOf } from './legend';
import { useWidth } from './use-width';

const HEIGHT = 240;
const LEFT = 44;
const BOTTOM = 26;
const TOP = 10;

export function MonthChart({ id, title, months }: { id: string; title: string; months: readonly MonthCounts[] }) {
  const t = useT();
  const lang = useLanguage();
  const { ref, width: WIDTH } = useWidth<HTMLDivElement>(640);
  const top = niceCeiling(Math.max(0, ...months.map((month) => month.total)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(1, months.length);
  const barWidth = Math.max(4, slot * 0.62);
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const total = months.reduce((sum, month) => sum + month.total, 0);
  // Too narrow for every month's name: every other one.
  const labelEvery = slot < 30 ? 2 : 1;

  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <h3>{title}</h3>
      </figcaption>
      <div ref={ref}>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          data-testid={`${id}-svg`}
        >
          <desc id={`${id}-desc`}>{t('stats-month-chart-desc', { total: count(total, lang) })}</desc>
          {ticks(top).map((value) => (
            <g key={value} className="grid">
              <line x1={LEFT} x2={WIDTH} y1={y(value)} y2={y(value)} />
              <text x={LEFT - 6} y={y(value) + 4} textAnchor="end">
                {count(value, lang)}
              </text>
            </g>
          ))}
          {months.map((month, index) => {
            const x = LEFT + index * slot + (slot - barWidth) / 2;
            let base = 0;
            return (
              <g key={month.month} data-month={month.month} data-total={month.total}>
                <title>{`${monthLabel(month.month, lang)}: ${count(month.total, lang)}`}</title>
                {SERIES.map((series) => {
                  const value = series.key === 'unknown' ? unknownOf(month) : month[series.key];
                  if (value === 0) return null;
                  const rect = (
                    <rect
                      key={series.key}
                      className={`bar ${series.key}`}
                      x={x}
                      width={barWidth}
                      y={y(base + value)}
                      height={y(base) - y(base + value)}
                    />
                  );
                  base += value;
                  return rect;
                })}
                {index % labelEvery === 0 && (
                  <text className="axis" x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle">
                    {monthLabel(month.month, lang)}
                  </text>
                )}
              </g>
            );
          })}
          <line className="baseline" x1={LEFT} x2={WIDTH} y1={y(0)} y2={y(0)} />
        </svg>
      </div>
      <Legend />
      <details>
        <summary>{t('stats-as-table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('stats-month')}</th>
              <th scope="col">{t('stats-total')}</th>
              <th scope="col">{t('stats-on-time')}</th>
              <th scope="col">{t('stats-late')}</th>
              <th scope="col">{t('stats-delayed')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((month) => (
              <tr key={month.month}>
                <th scope="row">{monthLabel(month.month, lang)}</th>
                <td>{count(month.total, lang)}</td>
                <td>{count(month.onTime, lang)}</td>
                <td>{count(month.late, lang)}</td>
                <td>{count(month.delayed, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
