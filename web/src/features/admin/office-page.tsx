/** Adding a registration office, or renaming one and moving it to another area (its staff follow it). */
import { useEffect, useState, type FormEvent } from 'react';
import { changeOffice, createOffice, getOffice } from '../../api/admin';
import { useT } from '../../i18n/language';
import { Link, navigate } from '../../router';
import { useAsync } from '../../use-async';
import { AreaField } from '../locations/area-field';
import { api } from '../session/session';
import { ErrorNote } from '../shell/error-note';
import { formProblems, type FormProblems } from './form-problems';
import { TextField } from './text-field';

const FIELDS = ['code', 'name', 'areaCode'];

export function OfficePage({ code }: { code?: string }) {
  const t = useT();
  const existing = useAsync(async () => (code ? getOffice(api, code) : undefined), [code]);
  const [values, setValues] = useState({ code: '', name: '', areaCode: '' });
  const [problems, setProblems] = useState<FormProblems>({ fields: {} });
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (existing.data)
      setValues({ code: existing.data.code, name: existing.data.name, areaCode: existing.data.areaCode });
  }, [existing.data]);

  if (existing.error !== undefined) return <ErrorNote error={existing.error} retry={existing.reload} />;
  if (code && !existing.data) return <p>{t('loading')}</p>;

  const set = (name: keyof typeof values) => (value: string) => setValues({ ...values, [name]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const missing: Record<string, string> = {};
    for (const name of FIELDS as (keyof typeof values)[]) {
      if (!values[name].trim()) missing[name] = t('problem-required');
    }
    if (Object.keys(missing).length > 0) return setProblems({ fields: missing });
    setBusy(true);
    setProblems({ fields: {} });
    try {
      if (code && existing.data) {
        const changes = {
          ...(values.name.trim() !== existing.data.name ? { name: values.name.trim() } : {}),
          ...(values.areaCode !== existing.data.areaCode ? { areaCode: values.areaCode } : {}),
        };
        await changeOffice(api, code, changes);
        setDone(t('admin-saved'));
      } else {
        const office = await createOffice(api, {
          code: values.code.trim(),
          name: values.name.trim(),
          areaCode: values.areaCode,
        });
        navigate(`/admin/offices/${encodeURIComponent(office.code)}`);
      }
    } catch (error) {
      setProblems(formProblems(error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="office-title">
      <p>
        <Link href="/admin/offices">← {t('admin-offices')}</Link>
      </p>
      <h2 id="office-title">{code ? existing.data?.name : t('admin-new-office')}</h2>
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      <form className="card admin-form" onSubmit={submit} noValidate>
        {problems.general !== undefined && <ErrorNote error={problems.general} />}
        <fieldset disabled={busy}>
          <TextField
            id="office-code"
            label={t('admin-code')}
            hint={code ? undefined : t('admin-office-code-hint')}
            value={values.code}
            onChange={set('code')}
            problem={problems.fields.code}
            readOnly={Boolean(code)}
            required
          />
          <TextField
            id="office-name"
            label={t('admin-office-name')}
            value={values.name}
            onChange={set('name')}
            problem={problems.fields.name}
            required
          />
          <AreaField
            id="office-area"
            label={t('area')}
            value={values.areaCode}
            onChange={set('areaCode')}
            problem={problems.fields.areaCode}
            required
          />
        </fieldset>
        <div className="row">
          <button className="primary" type="submit" disabled={busy}>
            {code ? t('admin-save') : t('admin-create-office')}
          </button>
          <Link href="/admin/offices">{t('cancel')}</Link>
        </div>
      </form>
    </section>
  );
}
