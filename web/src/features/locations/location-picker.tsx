/**
 * The place fields of a form (an area, a health facility): a text box that suggests the device's places as the user
 * types, answered by the locations worker on every keystroke. A combobox (WAI-ARIA 1.2): arrows move through the
 * suggestions, Enter takes one, Escape closes them; the field's value is the code of the place taken.
 *
 * `data-query` on the list says which text its suggestions answer, `data-search-ms` how long the worker took to find
 * them (tests and the benchmark time keystrokes with them).
 */
import { memo, useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import './location-picker.css';
import { useT } from '../../i18n/language';
import {
  knownLocation,
  resolveLocations,
  searchLocations,
  useLocationsStatus,
  type LocationHit,
  type LocationType,
} from './locations-client';

export interface LocationPickerProps {
  readonly id: string;
  readonly type: LocationType;
  /** The code of the place chosen. */
  readonly value: string | undefined;
  readonly onChange: (code: string | undefined) => void;
  readonly 'aria-invalid'?: boolean;
  readonly 'aria-describedby'?: string;
  readonly 'aria-required'?: boolean;
}

export function LocationPicker(props: LocationPickerProps) {
  const t = useT();
  const status = useLocationsStatus();
  const listId = `${useId()}-places`;
  const [text, setText] = useState(() => (props.value && knownLocation(props.type, props.value)?.name) || '');
  const [open, setOpen] = useState(false);
  const [hits, setHits] = useState<readonly LocationHit[]>([]);
  const [answered, setAnswered] = useState('');
  const [searchMs, setSearchMs] = useState(0);
  const [active, setActive] = useState(-1);
  const asked = useRef(0);

  // A value set from elsewhere (a draft opened again): show its name once the device knows it.
  useEffect(() => {
    if (!props.value || knownLocation(props.type, props.value)?.name === text) return;
    let current = true;
    void resolveLocations([{ type: props.type, code: props.value }]).then(() => {
      const found = props.value && knownLocation(props.type, props.value);
      if (current) setText(found ? found.name : (props.value ?? ''));
    });
    return () => {
      current = false;
    };
  }, [props.value, props.type, status.phase]);

  // Each keystroke is answered; an answer to an older text is dropped.
  useEffect(() => {
    if (!open) return;
    const ask = ++asked.current;
    searchLocations(text, [props.type]).then(
      ({ hits: found, ms }) => {
        if (ask !== asked.current) return;
        // Shown in this task, not one scheduled after it: on a slow phone every task waits its turn.
        flushSync(() => {
          setHits(found);
          setAnswered(text);
          setSearchMs(ms);
          setActive(found.length > 0 ? 0 : -1);
        });
      },
      () => ask === asked.current && setHits([]),
    );
  }, [text, open, props.type, status.phase === 'ready']);

  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  // The same function on every render, so the suggestions are not drawn again while only the text changed.
  const choose = useCallback((hit: LocationHit) => {
    setText(hit.name);
    setOpen(false);
    onChange.current(hit.code);
  }, []);

  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (hits.length === 0 ? -1 : (index + step + hits.length) % hits.length));
    } else if (event.key === 'Enter' && open && hits[active]) {
      event.preventDefault();
      choose(hits[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const showing = open && text.trim() !== '';
  const note =
    status.phase === 'loading'
      ? t('places-loading', { count: status.count.toLocaleString() })
      : status.phase === 'error' && status.count === 0
        ? t('places-unavailable')
        : answered === text && hits.length === 0
          ? t('places-none')
          : undefined;

  return (
    <div className="location-picker" data-places={status.phase} data-places-worker-ms={status.workerMs?.toFixed(0)}>
      <input
        id={props.id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={showing}
        aria-controls={listId}
        aria-activedescendant={showing && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={props['aria-invalid']}
        aria-describedby={props['aria-describedby']}
        aria-required={props['aria-required']}
        data-code={props.value ?? ''}
        value={text}
        placeholder={t('places-placeholder')}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          if (props.value !== undefined) props.onChange(undefined);
        }}
        onKeyDown={keyDown}
        onFocus={() => text && setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      <ul
        id={listId}
        role="listbox"
        className="places"
        hidden={!showing}
        data-query={showing ? answered : ''}
        data-search-ms={searchMs.toFixed(1)}
      >
        {showing && <Suggestions hits={hits} active={active} listId={listId} onChoose={choose} />}
      </ul>
      {showing && note && (
        <p className="muted places-note" role="status">
          {note}
        </p>
      )}
    </div>
  );
}

/** The suggestions, drawn again only when they (or the one highlighted) change. */
const Suggestions = memo(function Suggestions(props: {
  hits: readonly LocationHit[];
  active: number;
  listId: string;
  onChoose: (hit: LocationHit) => void;
}) {
  return props.hits.map((hit, index) => (
    <li
      key={`${hit.type}:${hit.code}`}
      id={`${props.listId}-${index}`}
      role="option"
      aria-selected={index === props.active}
      data-code={hit.code}
      // Taken on mouse down, before the box loses focus and closes the list.
      onMouseDown={(event) => {
        event.preventDefault();
        props.onChoose(hit);
      }}
    >
      <span className="place-name">{hit.name}</span>
      {(hit.within || hit.kind) && (
        <span className="muted">
          {' · '}
          {[hit.kind, hit.within].filter(Boolean).join(', ')}
        </span>
      )}
    </li>
  ));
});
