/**
 * Printing the certificate of a registered record: who collects it, in which language; the PDF opens in a new tab,
 * and its QR code shows here with the address it carries (anyone can check the certificate there).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { printCertificate } from '../../api/records';
import type { RecordView } from '../../api/types';
import { LANGUAGES, useLanguage, useT } from '../../i18n/language';
import { api } from '../session/session';
import { describeError } from '../shell/error-note';
import { qrCodeImage, verificationUrlOf } from './certificate-link';

const COLLECTORS = ['mother', 'father', 'informant', 'other'] as const;

interface Printed {
  readonly pdfUrl: string;
  readonly verificationUrl?: string;
  readonly qr?: string;
}

export function CertificatePanel({ record, onPrinted }: { record: RecordView; onPrinted: () => void }) {
  const t = useT();
  const lang = useLanguage();
  const [collector, setCollector] = useState<string>('mother');
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<string>(lang);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [printed, setPrinted] = useState<Printed>();
  useEffect(() => () => printed && URL.revokeObjectURL(printed.pdfUrl), [printed]);

  const print = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError(t('collector-name-required'));
    setBusy(true);
    setError(undefined);
    try {
      const pdf = await printCertificate(api, record.id, {
        version: record.version,
        language,
        collector: { type: collector, name: name.trim() },
      });
      const pdfUrl = URL.createObjectURL(pdf);
      const verificationUrl = await verificationUrlOf(pdf);
      const qr = verificationUrl ? await qrCodeImage(verificationUrl) : undefined;
      setPrinted({ pdfUrl, verificationUrl, qr });
      onPrinted();
    } catch (caught) {
      setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card certificate" aria-labelledby="certificate-title">
      <h2 id="certificate-title">{t('certificate')}</h2>
      <form onSubmit={print} className="stack">
        <label htmlFor="collector-type">{t('collector-type')}</label>
        <select id="collector-type" value={collector} onChange={(event) => setCollector(event.target.value)}>
          {COLLECTORS.map((type) => (
            <option key={type} value={type}>
              {t(`collector-${type}`)}
            </option>
          ))}
        </select>
        <label htmlFor="collector-name">{t('collector-name')}</label>
        <input id="collector-name" value={name} onChange={(event) => setName(event.target.value)} maxLength={200} />
        <label htmlFor="certificate-language">{t('certificate-language')}</label>
        <select id="certificate-language" value={language} onChange={(event) => setLanguage(event.target.value)}>
          {LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {code === 'en' ? 'English' : 'Français'}
            </option>
          ))}
        </select>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('please-wait') : t('print-certificate')}
        </button>
      </form>
      {printed && (
        <div className="printed">
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
