/** What every failure test of the lab asserts about its outcome: nothing acknowledged lost, nothing twice. */
import { expect } from 'vitest';
import type { Outcome } from './verify.js';

export function expectNothingLost(outcome: Outcome): void {
  expect(outcome.acknowledged).toBeGreaterThan(0);
  expect(outcome.lost).toBe(0);
  expect(outcome.duplicates).toBe(0);
  // Every registered child got exactly one identity number: the event reached identity once in effect.
  expect(outcome.withIdentity).toBe(outcome.acknowledged);
  expect(outcome.doubleIdentities).toBe(0);
}
