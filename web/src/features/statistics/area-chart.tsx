/**
 * One horizontal bar per area, its name above it (readable on a narrow phone), with an inner bar for the part that
 * was on time, and an optional reference line (100 % for completeness). Hand-drawn SVG; a table follows for screen
 * readers and for copying the numbers.
 */
import { useT } from '../../i18n/language';
import { niceCeiling } from './chart-scale';
import { useWidth } from './use-width';

export interface AreaBar {
  readonly code: string;
  readonly label: string;
  /** null: nothing to draw (e.g. no estimate), `text` says why. */
  readonly value: number | null;
  /** The on-time part of `value`. */
  readonly inner: number | null;
  readonly text: string;
}

const BAR = 16;

export interface AreaChartProps {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly bars: readonly AreaBar[];
  /** Draws a line at this value and labels it (e.g. 1 with "100 %"). */
  readonly reference?: { readonly value: number; readonly label: string };
  readonly columns: readonly [string, string];
  readonly innerLabel: string;
}

export function AreaChart({ id, title, description, bars, reference, columns, innerLabel }: AreaChartProps) {
  const t = useT();
  const { ref, width: WIDTH } = useWidth<HTMLDivElement>(640);
  const top =
    Math.max(
      reference?.value ?? 0,
      reference
        ? Math.max(0, ...bars.map((bar) => bar.value ?? 0))
        : niceCeiling(Math.max(0, ...bars.map((bar) => bar.value ?? 0))),
    ) || 1;
  // On a phone the value goes on a line of its own, under the area's name.
  const narrow = WIDTH < 480;
  const row = narrow ? 62 : 46;
  const barAt = narrow ? 36 : 20;
  const height = Math.max(1, bars.length) * row + (reference ? 18 : 4);
  const x = (value: number) => (value / top) * (WIDTH - 4);

  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>
        <h3>{title}</h3>
      </figcaption>
      <div ref={ref}>
        {bars.length === 0 ? (
          <p className="empty">{t('stats-nothing')}</p>
        ) : (
          <svg
            viewBox={`0 0 ${WIDTH} ${height}`}
            role="img"
            aria-labelledby={`${id}-title ${id}-desc`}
            data-testid={`${id}-svg`}
          >
            <desc id={`${id}-desc`}>{description}</desc>
            {bars.map((bar, index) => {
              const y = index * row + (reference ? 16 : 0);
              return (
                <g key={bar.code} data-area={bar.code} data-value={bar.value ?? ''}>
                  <text className="label" x={0} y={y + 14}>
                    {bar.label}
                    {!narrow && (
                      <tspan className="value" dx={8}>
                        {bar.text}
                      </tspan>
                    )}
                  </text>
                  {narrow && (
                    <text className="label" x={0} y={y + 31}>
                      <tspan className="value">{bar.text}</tspan>
                    </text>
                  )}
                  <rect className="track" x={0} y={y + barAt} width={WIDTH} height={BAR} />
                  {bar.value !== null && bar.value > 0 && (
                    <rect className="bar total" x={0} y={y + barAt} width={x(bar.value)} height={BAR} />
                  )}
                  {bar.inner !== null && bar.inner > 0 && (
                    <rect className="bar onTime" x={0} y={y + barAt} width={x(bar.inner)} height={BAR} />
                  )}
                </g>
              );
            })}
            {reference && (
              <g className="reference">
                <line x1={x(reference.value)} x2={x(reference.value)} y1={12} y2={height} />
                <text x={x(reference.value)} y={10} textAnchor={reference.value / top > 0.9 ? 'end' : 'middle'}>
                  {reference.label}
                </text>
              </g>
            )}
          </svg>
        )}
      </div>
      <ul className="legend">
        <li>
          <span className="swatch onTime" />
          {innerLabel}
        </li>
        <li>
          <span className="swatch total" />
          {columns[1]}
        </li>
      </ul>
      <details>
        <summary>{t('stats-as-table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{columns[0]}</th>
              <th scope="col">{columns[1]}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.code}>
                <th scope="row">{bar.label}</th>
                <td>{bar.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
