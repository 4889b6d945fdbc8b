/**
 * Where the team's shared test data is (`../shared/data` beside the checkout, see its README): next to this
 * checkout, or where CIVITAS_SHARED_DATA says (a clean clone elsewhere, as CI makes, sets it or finds /work/shared).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function sharedDataDir(): string {
  const candidates = [process.env.CIVITAS_SHARED_DATA, join(ROOT, '..', 'shared', 'data'), '/work/shared/data'].filter(
    (path): path is string => Boolean(path),
  );
  const found = candidates.find((path) => existsSync(join(path, 'febrl')));
  if (!found) {
    throw new Error(`the shared test data is not in ${candidates.join(' or ')}: set CIVITAS_SHARED_DATA`);
  }
  return found;
}
