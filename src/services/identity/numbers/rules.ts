/**
 * The rules a UIN or VID must follow: MOSIP's kernel ID generator filters (`UinFilterUtil`, `VidFilterUtils` in
 * mosip/commons), each a limit that 0 turns off. MOSIP applies all of them to UINs, and to VIDs only the start,
 * sequence, repeated digit, repeated block and restricted number filters; the defaults below do the same.
 *
 * @module
 */
import type { Config } from '../../../config/schema.js';

/** The limits of one kind of number. Frozen objects; build them with `uinRules` / `vidRules`. */
export interface NumberRules {
  /** Digits in the number, its Verhoeff check digit (the last one) included. */
  readonly length: number;
  /** Prefixes a number may not start with (MOSIP: 0 and 1). */
  readonly notStartWith: readonly string[];
  /** The shortest run of ascending or descending digits refused, wrap-around included (3: `123`, `901`, `109`). */
  readonly sequenceLimit: number;
  /** Equal digits may not be this close or closer (2: `11` and `1x1` are refused, `1xx1` is allowed). */
  readonly repeatingLimit: number;
  /** The shortest block of digits that may not appear twice (2: `48xx48` is refused, `4xx4` is allowed). */
  readonly repeatingBlockLimit: number;
  /** The shortest run of digits from 2, 4, 6, 8 refused (3: `246`, `848`; 0 is not counted as even, as in MOSIP). */
  readonly conjugativeEvenDigitsLimit: number;
  /**
   * The first half may not equal the last half, nor the last half reversed. MOSIP compares 5 digits of a 10-digit
   * UIN; for other lengths we compare ⌊length / 2⌋ digits, so the middle digit of an odd length is in neither half.
   */
  readonly distinctHalves: boolean;
  /** Numbers that may not appear anywhere inside (MOSIP: 786 and 666). */
  readonly restrictedNumbers: readonly string[];
  /**
   * Cyclic numbers that may not appear whole anywhere inside. As MOSIP does, only a whole cyclic number counts, so
   * of the defaults only 142857 fits in a 10-digit UIN (and with the default limits it breaks the even-digit rule
   * first, at 428); a window of a longer one (`7894736842` of 052631578947368421) is allowed, as by MOSIP.
   */
  readonly cyclicNumbers: readonly string[];
}

/** The full reptend cyclic numbers MOSIP refuses (the periods of 1/7, 1/17, 1/19, 1/23, 1/29, 1/47, 1/59, 1/61, 1/97). */
export const CYCLIC_NUMBERS: readonly string[] = Object.freeze([
  '142857',
  '0588235294117647',
  '052631578947368421',
  '0434782608695652173913',
  '0344827586206896551724137931',
  '0212765957446808510638297872340425531914893617',
  '0169491525423728813559322033898305084745762711864406779661',
  '016393442622950819672131147540983606557377049180327868852459',
  '010309278350515463917525773195876288659793814432989690721649484536082474226804123711340206185567',
]);

/** The configuration keys the rules are made from (`identity.*`). */
export type NumberRulesConfig = Pick<
  Config['identity'],
  | 'uinLength'
  | 'vidLength'
  | 'sequenceLimit'
  | 'repeatingLimit'
  | 'repeatingBlockLimit'
  | 'conjugativeEvenDigitsLimit'
  | 'restrictedNumbers'
>;

/** MOSIP's defaults, which are also the defaults of the `identity` configuration section. */
export const DEFAULT_NUMBER_CONFIG: NumberRulesConfig = Object.freeze({
  uinLength: 10,
  vidLength: 16,
  sequenceLimit: 3,
  repeatingLimit: 2,
  repeatingBlockLimit: 2,
  conjugativeEvenDigitsLimit: 3,
  restrictedNumbers: Object.freeze(['786', '666']) as string[],
});

/**
 * The UIN rules of a configuration: every MOSIP filter.
 *
 * @example checkUin(number, uinRules(config.identity))
 */
export function uinRules(config: NumberRulesConfig = DEFAULT_NUMBER_CONFIG): NumberRules {
  return Object.freeze({
    length: config.uinLength,
    notStartWith: Object.freeze(['0', '1']),
    sequenceLimit: config.sequenceLimit,
    repeatingLimit: config.repeatingLimit,
    repeatingBlockLimit: config.repeatingBlockLimit,
    conjugativeEvenDigitsLimit: config.conjugativeEvenDigitsLimit,
    distinctHalves: true,
    restrictedNumbers: Object.freeze([...config.restrictedNumbers]),
    cyclicNumbers: CYCLIC_NUMBERS,
  });
}

/**
 * The VID rules of a configuration: the filters MOSIP's VID generator applies (start, sequence, repeated digit,
 * repeated block, restricted numbers), with the same limits as UINs; no even-digit, halves or cyclic-number rule.
 * The sequence rule wraps around (`901`) for VIDs too, where MOSIP's VID filter does not: one meaning of "sequence",
 * and every VID made here also passes MOSIP's filter.
 */
export function vidRules(config: NumberRulesConfig = DEFAULT_NUMBER_CONFIG): NumberRules {
  return Object.freeze({
    ...uinRules(config),
    length: config.vidLength,
    conjugativeEvenDigitsLimit: 0,
    distinctHalves: false,
    cyclicNumbers: Object.freeze([]),
  });
}

/** MOSIP's UIN rules with their default limits. */
export const UIN_RULES: NumberRules = uinRules();
/** MOSIP's VID rules with their default limits. */
export const VID_RULES: NumberRules = vidRules();
