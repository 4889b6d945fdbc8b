/** A PIN field: digits only, hidden, sized for a thumb. */
export function PinInput(props: { id: string; value: string; onChange: (value: string) => void; autoFocus?: boolean }) {
  return (
    <input
      id={props.id}
      className="pin"
      type="password"
      inputMode="numeric"
      autoComplete="off"
      pattern="[0-9]*"
      maxLength={6}
      value={props.value}
      autoFocus={props.autoFocus}
      onChange={(event) => props.onChange(event.target.value.replace(/\D/g, ''))}
    />
  );
}

export const PIN_LENGTH = { min: 4, max: 6 } as const;
