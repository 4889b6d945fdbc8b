/** A record's history: every action in order, who took it (their role and office), and when. */
import type { HistoryEntry } from '../../api/types';
import { useLanguage, useT, type Translate } from '../../i18n/language';
import type { TextKey } from '../../i18n/texts';
import { formatDateTime } from '../shell/format';

export function roleLabel(t: Translate, role: string): string {
  const key = `role-${role}` as TextKey;
  const label = t(key);
  return label === key ? role.replace(/-/g, ' ') : label;
}

export function HistoryList({ entries, me }: { entries: readonly HistoryEntry[]; me: string }) {
  const t = useT();
  const lang = useLanguage();
  return (
    <table className="history" aria-label={t('history')}>
      <thead>
        <tr>
          <th scope="col">{t('when')}</th>
          <th scope="col">{t('what')}</th>
          <th scope="col">{t('who')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.seq}>
            <td>{formatDateTime(entry.at, lang)}</td>
            <td>
              {t(`action-${entry.type}` as TextKey)}
              {entry.reason && <div className="reason">{entry.reason}</div>}
            </td>
            <td>
              {entry.userId === me ? t('you') : roleLabel(t, entry.role)}
              {entry.office && <span className="muted"> · {entry.office}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
