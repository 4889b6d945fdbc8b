/**
 * Printing the certificate of a registered record: who collects it (with the identity document they showed), in
 * which language. The PDF the server made shows here as a preview, with a link to open or save it, and its QR code
 * with the address it carries (anyone can check the certificate there).
 *
 * Without a connection (a record downloaded because it is assigned to the user), the print waits on the device with
 * its collector and is made when the connection returns; its PDF is then kept, encrypted, to open from the record.
 */
import { useEffect, useState, type FormEvent } from 'react';
import './certificate.css';
import { ApiError } from '../../api/http';
import { printWithCollector, type CertificateCollector } from '../../api/record-actions';
import type { RecordView } from '../../api/types';
import { LANGUAGES, useLanguage, useT } from '../../i18n/language';
import { queueAction } from '../../offline/assigned-actions';
import { kickAssigned } from '../../offline/assigned-sync';
import { api, unlocked } from '../session/session';
import { settings } from '../shell/config-store';
import { describeError } from '../shell/error-note';
import { qrCodeImage, verificationUrlOf } from './certificate-link';
import { collectorOf, CollectorFields, nameFromDeclaration, type CollectorDraft } from './collector-fields';

interface Printed {
  readonly pdfUrl: string;
  readonly verificationUrl?: string;
  readonly qr?: string;
}

export function CertificatePanel(props: {
  record: RecordView;
  /** Read from the device's copy: the print waits on the device. */
  offline?: boolean;
  /** An action on this record already waits on the device. */
  queued?: boolean;
  onPrinted: (message?: string) => void;
}) {
  const { record } = props;
  const t = useT();
  const lang = useLanguage();
  const { key, user } = unlocked();
  const [draft, setDraft] = useState<CollectorDraft>(() => ({
    type: 'mother',
    name: nameFromDeclaration(record.data, 'mother'),
    idType: '',
    idNumber: '',
  }));
  const [language, setLanguage] = useState<string>(lang);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [printed, setPrinted] = useState<Printed>();
  useEffect(() => () => printed && URL.revokeObjectURL(printed.pdfUrl), [printed]);

  const queuePrint = async (collector: CertificateCollector) => {
    await queueAction({
      key,
      userId: user.id,
      recordId: record.id,
      trackingId: record.trackingId,
      type: 'print',
      version: record.version,
      details: { language, collector },
      limit: (await settings()).offlineQueueLimit,
    });
    kickAssigned();
    props.onPrinted(t('queued-print-saved'));
  };

  const print = async (event: FormEvent) => {
    event.preventDefault();
    const collector = collectorOf(draft);
    if ('missing' in collector) return setError(t(collector.missing));
    setBusy(true);
    setError(undefined);
    try {
      if (props.offline || navigator.onLine === false) return await queuePrint(collector);
      const pdf = await printWithCollector(api, record.id, { version: record.version, language, collector });
      const pdfUrl = URL.createObjectURL(pdf);
      const verificationUrl = await verificationUrlOf(pdf);
      const qr = verificationUrl ? await qrCodeImage(verificationUrl) : undefined;
      setPrinted({ pdfUrl, verificationUrl, qr });
      props.onPrinted();
    } catch (caught) {
      // No answer: the print may or may not have been made. It waits on the device, which finds out which.
      if (caught instanceof ApiError && caught.kind !== 'http') {
        await queuePrint(collector).catch((failed: unknown) => setError(describeError(t, failed)));
      } else setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card certificate" aria-labelledby="certificate-title">
      <h2 id="certificate-title">{t('certificate')}</h2>
      {props.queued ? (
        <p className="muted">{t('queued-wait-first')}</p>
      ) : (
        <form onSubmit={print} className="stack">
          <CollectorFields draft={draft} data={record.data} onChange={setDraft} />
          <label htmlFor="certificate-language">{t('certificate-language')}</label>
          <select id="certificate-language" value={language} onChange={(event) => setLanguage(event.target.value)}>
            {LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {code === 'en' ? 'English' : 'Français'}
              </option>
            ))}
          </select>
          {props.offline && <p className="notice">{t('print-offline-note')}</p>}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('please-wait') : t('print-certificate')}
          </button>
        </form>
      )}
      {printed && (
        <div className="printed">
          <object
            data={printed.pdfUrl}
            type="application/pdf"
            className="pdf-preview"
            aria-label={t('certificate-preview')}
            data-testid="certificate-preview"
          >
            <p>{t('certificate-preview-unavailable')}</p>
          </object>
          <p>
            <a href={printed.pdfUrl} target="_blank" rel="noopener" download={`${record.registrationNumber}.pdf`}>
              {t('open-certificate')}
            </a>
          </p>
          {printed.qr && printed.verificationUrl && (
            <figure className="qr">
              <img src={printed.qr} alt={t('qr-alt')} width={180} height={180} />
              <figcaption>
                {t('qr-caption')}{' '}
                <a href={printed.verificationUrl} target="_blank" rel="noopener" className="verification-url">
                  {printed.verificationUrl}
                </a>
              </figcaption>
            </figure>
          )}
        </div>
      )}
    </section>
  );
}
