/** A logger whose output a test can read, to prove what never reaches the log. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/core/log.js';

export function captureLog(level = 'debug'): { log: Logger; text: () => string } {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  return { log: createLogger({ level }, sink), text: () => written };
}
