/**
 * An area chosen with the place picker, as a labelled field of the administration and statistics screens. A select
 * of every area would hold 100,000 wards and villages in a large country; the picker searches the device's copy.
 * Empty means "none chosen": for a filter, any area (or the whole country).
 */
import { LocationPicker } from './location-picker';

export interface AreaFieldProps {
  readonly id: string;
  readonly label: string;
  /** The chosen area's code, '' when none. */
  readonly value: string;
  readonly onChange: (code: string) => void;
  readonly problem?: string | undefined;
  readonly required?: boolean;
  /** Said under the box: what leaving it empty means ("the whole country"). */
  readonly hint?: string;
}

export function AreaField({ id, label, value, onChange, problem, required, hint }: AreaFieldProps) {
  const described = [problem ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <LocationPicker
        id={id}
        type="area"
        value={value || undefined}
        onChange={(code) => onChange(code ?? '')}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described || undefined}
        aria-required={required || undefined}
      />
      {hint && (
        <p className="muted" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p className="field-error" id={`${id}-error`}>
          {problem}
        </p>
      )}
    </div>
  );
}
