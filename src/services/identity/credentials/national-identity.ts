/**
 * The one credential this issuer offers: `national-identity`, an SD-JWT VC of a person's identity and birth
 * registration. Everything personal is selectively disclosable, one claim at a time and, inside `place_of_birth` and
 * `age_equal_or_over`, one member at a time; the issuer, type, validity, holder key and status always show.
 */
import type { JWK } from 'jose';
import type { IdentityView } from '../api.js';
import { ageEqualOrOver, nextAgeChange } from './age-claims.js';
import { disclosable, type JsonObject } from './disclosures.js';

export const NATIONAL_IDENTITY = 'national-identity';

/** The SD-JWT VC media type (`typ`) and credential format; verifiers also accept the older `vc+sd-jwt`. */
export const SD_JWT_VC_TYPE = 'dc+sd-jwt';
export const ACCEPTED_VC_TYPES = [SD_JWT_VC_TYPE, 'vc+sd-jwt'] as const;

export const vctOf = (issuer: string) => `${issuer}/identity/vct/${NATIONAL_IDENTITY}`;

const DAY_MS = 86_400_000;

/**
 * When a credential issued `now` expires: after `validityDays`, or earlier, the day one of its age statements would
 * stop being true (a "not yet 18" must not outlive the 18th birthday).
 */
export function credentialExpiry(
  birthDate: string,
  now: Date,
  options: { validityDays: number; ageThresholds: readonly number[] },
): Date {
  const limit = now.getTime() + options.validityDays * DAY_MS;
  const change = nextAgeChange(birthDate, now, options.ageThresholds)?.getTime() ?? Infinity;
  return new Date(Math.min(limit, change));
}

/** The district (the birth area) and the province (the top of its path); the district only below a province. */
export function placeOfBirth(birthPlace: IdentityView['birthPlace']): { district?: string; province?: string } {
  const path = birthPlace.areaPath.filter((area) => area !== '');
  const province = path.at(-1) ?? (birthPlace.area || undefined);
  const district = path.length > 1 ? path[0] : undefined;
  return { ...(district ? { district } : {}), ...(province ? { province } : {}) };
}

export function nationalIdentityClaims(
  person: IdentityView,
  issue: {
    readonly issuer: string;
    readonly now: Date;
    readonly expiresAt: Date;
    readonly holderJwk: JWK;
    readonly status: { readonly idx: number; readonly uri: string };
    readonly ageThresholds: readonly number[];
    readonly issuingCountry?: string | undefined;
  },
): JsonObject {
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
  const place = placeOfBirth(person.birthPlace);
  const ages = ageEqualOrOver(person.birthDate, issue.now, issue.ageThresholds);
  return {
    iss: issue.issuer,
    vct: vctOf(issue.issuer),
    iat: seconds(issue.now),
    nbf: seconds(issue.now),
    exp: seconds(issue.expiresAt),
    cnf: { jwk: issue.holderJwk },
    status: { status_list: issue.status },
    ...(issue.issuingCountry ? { issuing_country: issue.issuingCountry } : {}),
    uin: disclosable(person.uin),
    given_name: disclosable(person.givenNames),
    family_name: disclosable(person.familyName),
    birthdate: disclosable(person.birthDate),
    sex: disclosable(person.sex),
    ...(Object.keys(place).length > 0
      ? {
          place_of_birth: disclosable(
            Object.fromEntries(Object.entries(place).map(([name, value]) => [name, disclosable(value)])),
          ),
        }
      : {}),
    age_equal_or_over: disclosable(
      Object.fromEntries(Object.entries(ages).map(([years, reached]) => [years, disclosable(reached)])),
    ),
  };
}
