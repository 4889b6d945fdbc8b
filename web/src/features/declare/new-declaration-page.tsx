/** Choosing what to declare: the event types the user's role lets them declare. */
import { pick, useLanguage, useT } from '../../i18n/language';
import { Link } from '../../router';
import { useAsync } from '../../use-async';
import { unlocked } from '../session/session';
import { eventTypes } from '../shell/config-store';
import { ErrorNote } from '../shell/error-note';

export function NewDeclarationPage() {
  const t = useT();
  const lang = useLanguage();
  const { user } = unlocked();
  const types = useAsync(() => eventTypes(), []);
  if (types.error !== undefined) return <ErrorNote error={types.error} retry={types.reload} />;
  const allowed = (types.data ?? []).filter((type) => user.declares === 'all' || user.declares.includes(type.id));
  return (
    <section>
      <h1>{t('new-declaration')}</h1>
      {!types.data && <p>{t('loading')}</p>}
      <ul className="choices">
        {allowed.map((type) => (
          <li key={type.id}>
            <Link className="button" href={`/declare/${type.id}`}>
              {t('declare-title', { event: pick(type.label, lang) })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
