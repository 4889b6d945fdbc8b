/** UUIDv7 (RFC 9562): a millisecond timestamp then random bits, so ids sort by creation time. */
import { randomFillSync } from 'node:crypto';

/**
 * A generator of UUIDv7s with its own clock and counter: ids from one generator strictly increase. The process uses
 * one (`uuidv7`); a test makes its own, so that the ids other code made before it cannot move its clock.
 */
export function uuidv7Generator(): (now?: number) => string {
  const bytes = new Uint8Array(16);
  let lastMs = 0;
  let sequence = 0;
  return (now = Date.now()) => {
    randomFillSync(bytes);
    // Within one millisecond a 12-bit counter in rand_a keeps ids from one process strictly increasing.
    if (now <= lastMs) {
      sequence = (sequence + 1) & 0xfff;
      if (sequence === 0) lastMs += 1;
      now = lastMs;
    } else {
      lastMs = now;
      sequence = bytes[6]! & 0x07;
    }
    bytes[0] = Math.floor(now / 2 ** 40) & 0xff;
    bytes[1] = Math.floor(now / 2 ** 32) & 0xff;
    bytes[2] = (now >>> 24) & 0xff;
    bytes[3] = (now >>> 16) & 0xff;
    bytes[4] = (now >>> 8) & 0xff;
    bytes[5] = now & 0xff;
    bytes[6] = 0x70 | ((sequence >>> 8) & 0x0f);
    bytes[7] = sequence & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = Buffer.from(bytes).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

export const uuidv7 = uuidv7Generator();
