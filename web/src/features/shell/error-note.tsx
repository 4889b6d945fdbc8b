/** An error as a user reads it: what went wrong, in their language, and a way to try again. */
import { ApiError } from '../../api/http';
import { useT, type Translate } from '../../i18n/language';

export function describeError(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.kind === 'network') return t('error-network');
    if (error.kind === 'timeout') return t('error-timeout');
    return error.message;
  }
  return error instanceof Error ? error.message : t('error-unexpected');
}

export function ErrorNote({ error, retry }: { error: unknown; retry?: () => void }) {
  const t = useT();
  return (
    <div className="error" role="alert">
      <span>{describeError(t, error)}</span>
      {retry && (
        <button type="button" onClick={retry}>
          {t('try-again')}
        </button>
      )}
    </div>
  );
}
