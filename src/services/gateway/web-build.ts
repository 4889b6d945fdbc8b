/**
 * The web app's build folder as the gateway sees it: loaded when first asked for, loaded again when
 * `npm run build:web` writes a new index.html (checked at most once a second), so a rebuild needs no restart.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../core/log.js';
import { loadWebFiles, type WebFile } from './web-files.js';

export interface WebBuild {
  /** The folder served, e.g. /opt/civitas/web/dist. */
  readonly dir: string;
  /** Its files by URL path, or undefined while it is not built. */
  files(): ReadonlyMap<string, WebFile> | undefined;
}

export function webBuild(dir: string, log: Logger, checkEveryMs = 1000): WebBuild {
  let loaded: { files: ReadonlyMap<string, WebFile> | undefined; stamp: number } | undefined;
  let checkedAt = 0;
  let saidMissing = false;
  const stampOf = () => {
    try {
      return statSync(join(dir, 'index.html')).mtimeMs;
    } catch {
      return -1;
    }
  };
  return {
    dir,
    files() {
      const now = Date.now();
      if (loaded && now - checkedAt < checkEveryMs) return loaded.files;
      checkedAt = now;
      const stamp = stampOf();
      if (loaded?.stamp === stamp) return loaded.files;
      const files = stamp < 0 ? undefined : loadWebFiles(dir);
      loaded = { files, stamp };
      if (!files && !saidMissing) {
        saidMissing = true;
        log.warn({ dir }, 'the web app is not built: run `npm run build:web`; until then / answers a page saying so');
      } else if (files) {
        saidMissing = false;
        log.info({ dir, files: files.size }, 'serving the web app');
      }
      return files;
    },
  };
}
