/** The timeliness series every chart colours the same way, and their legend. */
import type { Counts } from '../../api/statistics';
import { useT } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';

export const SERIES = [
  { key: 'onTime', text: 'stats-on-time' },
  { key: 'late', text: 'stats-late' },
  { key: 'delayed', text: 'stats-delayed' },
  { key: 'unknown', text: 'stats-unknown' },
] as const satisfies readonly { key: string; text: TextKey }[];

/** Registrations whose timeliness is not known (no event date). */
export const unknownOf = (counts: Counts) => counts.total - counts.onTime - counts.late - counts.delayed;

export function Legend() {
  const t = useT();
  return (
    <ul className="legend">
      {SERIES.map((series) => (
        <li key={series.key}>
          <span className={`swatch ${series.key}`} />
          {t(series.text)}
        </li>
      ))}
    </ul>
  );
}
