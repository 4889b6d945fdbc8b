/**
 * Shows the names of the places a declaration names: asks the device's copy for the areas and facilities of `data`
 * and renders again once their names are known (`knownLocation` then has them).
 */
import { useEffect, useState } from 'react';
import type { Declaration, EventTypeDefinition } from '../../api/types';
import { knownLocation, resolveLocations, useLocationsStatus, type LocationType } from './locations-client';

/** The areas and facilities a declaration names. */
export function placesIn(definition: EventTypeDefinition, data: Declaration): { type: LocationType; code: string }[] {
  const found: { type: LocationType; code: string }[] = [];
  for (const section of definition.form.sections) {
    for (const field of section.fields) {
      const value = data[section.id]?.[field.id];
      if ((field.type === 'area' || field.type === 'facility') && typeof value === 'string' && value) {
        found.push({ type: field.type, code: value });
      }
    }
  }
  return found;
}

/** Renders the caller again once the names of the places in `data` are known. */
export function useKnownLocations(definition: EventTypeDefinition | undefined, data: Declaration | undefined): void {
  useResolvedPlaces(definition && data ? placesIn(definition, data) : []);
}

/** Renders the caller again once the names of these places are known (`knownLocation` then has them). */
export function useResolvedPlaces(places: readonly { type: LocationType; code: string }[]): void {
  const [, setRound] = useState(0);
  const phase = useLocationsStatus().phase;
  const wanted = places.filter((place) => !knownLocation(place.type, place.code));
  const signature = wanted.map((place) => `${place.type}:${place.code}`).join(' ');
  useEffect(() => {
    if (wanted.length === 0) return;
    let current = true;
    resolveLocations(wanted).then(
      () => current && setRound((round) => round + 1),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [signature, phase]);
}
