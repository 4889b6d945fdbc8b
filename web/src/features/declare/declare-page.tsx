/**
 * Declaring a life event from its configured form: one section per step, then a review of everything before it is
 * sent. At any point it can be saved as a draft on this device. Sending puts it in the outbox, which sends it now
 * or, without a connection, as soon as there is one.
 */
import { useMemo, useState } from 'react';
import { DOCUMENT_TYPES } from '../../api/documents';
import type { Declaration, EventTypeDefinition } from '../../api/types';
import { pick, useLanguage, useT } from '../../i18n/language';
import {
  findOutboxItem,
  OutboxFullError,
  readPayload,
  saveToOutbox,
  type LocalFile,
  type OutboxItem,
} from '../../offline/outbox';
import { kickSync } from '../../offline/sync';
import { navigate } from '../../router';
import { useAsync } from '../../use-async';
import { unlocked } from '../session/session';
import { eventType as loadEventType, places, settings, type Places } from '../shell/config-store';
import { ErrorNote } from '../shell/error-note';
import { DocumentField } from './document-field';
import { FieldInput } from './field-input';
import { declarationToSend, fieldRequired, fieldShown, sectionShown, withValue } from './form-logic';
import { Review } from './review';
import { checkSections, problemText, type FieldProblem } from './validate-form';

interface Loaded {
  readonly definition: EventTypeDefinition;
  readonly places: Places;
  readonly limit: number;
  readonly item?: OutboxItem;
  readonly data: Declaration;
  readonly files: readonly LocalFile[];
}

export function DeclarePage(props: { eventType?: string; itemId?: string }) {
  const t = useT();
  const loaded = useAsync(async (): Promise<Loaded> => {
    const { key, user } = unlocked();
    const item = props.itemId ? await findOutboxItem(props.itemId) : undefined;
    if (props.itemId && (!item || item.userId !== user.id)) throw new Error(t('not-found'));
    const payload = item ? await readPayload(key, item) : { data: {}, files: [] };
    const [definition, known, limit] = await Promise.all([
      loadEventType(item?.eventType ?? props.eventType!),
      places(),
      settings().then((value) => value.offlineQueueLimit),
    ]);
    return { definition, places: known, limit, item, data: payload.data, files: payload.files };
  }, [props.itemId, props.eventType]);
  if (loaded.error !== undefined) return <ErrorNote error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <p>{t('loading')}</p>;
  return <DeclarationForm {...loaded.data} />;
}

function DeclarationForm(props: Loaded) {
  const t = useT();
  const lang = useLanguage();
  const { key, user } = unlocked();
  const { definition } = props;
  const [data, setData] = useState<Declaration>(props.data);
  const [files, setFiles] = useState<readonly LocalFile[]>(props.files);
  const [blobs] = useState(() => new Map<string, Blob>());
  const [itemId, setItemId] = useState(props.item?.id);
  const [step, setStep] = useState(0);
  const [attempted, setAttempted] = useState<ReadonlySet<number>>(new Set());
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // What the server refused, until the field is changed.
  const [serverProblems, setServerProblems] = useState<ReadonlyMap<string, FieldProblem>>(
    () =>
      new Map(
        (props.item?.state === 'needs-user' ? (props.item.lastError?.fields ?? []) : []).map((problem) => [
          problem.field.replace(/^data\./, ''),
          { code: 'server', server: problem.message },
        ]),
      ),
  );

  const sections = definition.form.sections.filter((section) => sectionShown(section, data));
  const reviewing = step >= sections.length;
  const section = sections[Math.min(step, sections.length - 1)]!;
  const problems = useMemo(() => checkSections(definition, sections, data, files), [definition, sections, data, files]);
  const problemOf = (path: string, stepIndex: number) => {
    const server = serverProblems.get(path);
    if (server) return problemText(t, lang, definition, server);
    const problem = problems.get(path);
    return problem && (attempted.has(stepIndex) || reviewing) ? problemText(t, lang, definition, problem) : undefined;
  };

  const change = (path: string, value: unknown) => {
    setData((current) => withValue(current, path, value));
    setMessage(undefined);
    if (serverProblems.has(path)) {
      const next = new Map(serverProblems);
      next.delete(path);
      setServerProblems(next);
    }
  };

  const addFiles = (path: string, chosen: readonly File[]) => {
    const accepted = chosen.filter((file) => (DOCUMENT_TYPES as readonly string[]).includes(file.type));
    if (accepted.length < chosen.length) setError(t('file-type-refused'));
    else setError(undefined);
    const added = accepted.map((file) => {
      const local: LocalFile = { id: crypto.randomUUID(), path, name: file.name, type: file.type, size: file.size };
      blobs.set(local.id, file);
      return local;
    });
    setFiles((current) => [...current, ...added]);
  };

  const save = async (send: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const item = await saveToOutbox({
        key,
        userId: user.id,
        eventType: definition.id,
        id: itemId,
        data: send ? declarationToSend(definition, data) : data,
        files: send ? files.filter((file) => fieldShownAt(definition, data, file.path)) : files,
        blobs,
        send,
        limit: props.limit,
      });
      blobs.clear();
      setItemId(item.id);
      if (send) {
        kickSync();
        navigate('/outbox');
      } else {
        // The address stays: changing it would open the saved item afresh and lose this page's state. The outbox
        // lists the draft, and opens it from there.
        setMessage(t('draft-saved'));
      }
    } catch (caught) {
      setError(caught instanceof OutboxFullError ? t('outbox-full', { limit: caught.limit }) : String(caught));
    } finally {
      setBusy(false);
    }
  };

  const next = () => {
    const sectionProblems = section.fields.some((field) => problems.has(`${section.id}.${field.id}`));
    setAttempted(new Set(attempted).add(step));
    if (!sectionProblems) {
      setStep(step + 1);
      window.scrollTo(0, 0);
    } else {
      focusFirstProblem();
    }
  };

  const send = () => {
    if (problems.size > 0 || serverProblems.size > 0) {
      setAttempted(new Set(sections.map((_, index) => index)));
      setError(t('fix-before-sending', { count: problems.size + serverProblems.size }));
      return;
    }
    void save(true);
  };

  return (
    <section className="declare">
      <div className="page-head">
        <h1>{t('declare-title', { event: pick(definition.label, lang) })}</h1>
        <button type="button" onClick={() => void save(false)} disabled={busy}>
          {t('save-draft')}
        </button>
      </div>
      {props.item?.state === 'needs-user' && props.item.lastError && (
        <div className="error" role="alert">
          <strong>{t('needs-user-title')}</strong> {props.item.lastError.message}
        </div>
      )}
      <ol className="steps" aria-label={t('steps')}>
        {sections.map((candidate, index) => (
          <li key={candidate.id} aria-current={index === step ? 'step' : undefined}>
            <button type="button" className="link" onClick={() => setStep(index)}>
              {pick(candidate.label, lang)}
            </button>
          </li>
        ))}
        <li aria-current={reviewing ? 'step' : undefined}>
          <button type="button" className="link" onClick={() => setStep(sections.length)}>
            {t('review')}
          </button>
        </li>
      </ol>
      {reviewing ? (
        <Review
          definition={definition}
          sections={sections}
          data={data}
          files={files}
          places={props.places}
          problemOf={problemOf}
          onChange={setStep}
        />
      ) : (
        <form
          className="card form-section"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            next();
          }}
        >
          <h2>{pick(section.label, lang)}</h2>
          {section.fields
            .filter((field) => fieldShown(section, field, data))
            .map((field) => {
              const path = `${section.id}.${field.id}`;
              const required = fieldRequired(section, field, data);
              const problem = problemOf(path, step);
              return field.type === 'document' ? (
                <DocumentField
                  key={path}
                  field={field}
                  path={path}
                  required={required}
                  problem={problem}
                  files={files.filter((file) => file.path === path)}
                  onAdd={(chosen) => addFiles(path, chosen)}
                  onRemove={(id) => {
                    blobs.delete(id);
                    setFiles(files.filter((file) => file.id !== id));
                  }}
                />
              ) : (
                <FieldInput
                  key={path}
                  field={field}
                  path={path}
                  value={data[section.id]?.[field.id]}
                  required={required}
                  problem={problem}
                  places={props.places}
                  onChange={(value) => change(path, value)}
                />
              );
            })}
          <div className="row">
            {step > 0 && (
              <button type="button" onClick={() => setStep(step - 1)}>
                {t('back')}
              </button>
            )}
            <button type="submit" className="primary">
              {t('continue')}
            </button>
          </div>
        </form>
      )}
      {message && (
        <p className="success" role="status">
          {message}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {reviewing && (
        <div className="row">
          <button type="button" onClick={() => setStep(sections.length - 1)}>
            {t('back')}
          </button>
          <button type="button" className="primary" onClick={send} disabled={busy}>
            {busy ? t('please-wait') : t('send-declaration')}
          </button>
        </div>
      )}
    </section>
  );
}

function fieldShownAt(definition: EventTypeDefinition, data: Declaration, path: string): boolean {
  const [sectionId, fieldId] = path.split('.');
  const section = definition.form.sections.find((candidate) => candidate.id === sectionId);
  const field = section?.fields.find((candidate) => candidate.id === fieldId);
  return section !== undefined && field !== undefined && fieldShown(section, field, data);
}

function focusFirstProblem(): void {
  requestAnimationFrame(() => {
    const invalid = document.querySelector<HTMLElement>('[aria-invalid="true"], .field-error');
    invalid?.focus();
    invalid?.scrollIntoView({ block: 'center' });
  });
}
