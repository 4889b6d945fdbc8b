/**
 * Every file of a deployment, rendered from its topology: a pure function (same inventory, same bytes), then a
 * writer that refuses a non-empty folder unless told to write over it.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderCivitasConfig } from './civitas-config.js';
import { renderMakeCerts } from './certs.js';
import { renderEtcdEnv } from './etcd.js';
import { renderHaproxy } from './haproxy.js';
import { renderInstall } from './install.js';
import { renderNats } from './nats.js';
import { renderPatroni, renderPostBootstrap } from './patroni.js';
import { renderReadme } from './readme.js';
import { renderMakeSecrets } from './secrets.js';
import { renderCivitasUnit, renderEtcdUnit, renderNatsUnit, renderPatroniUnit } from './systemd.js';
import type { Topology } from './topology.js';

export interface RenderedFile {
  /** Relative to the output folder, with / separators. */
  readonly path: string;
  readonly content: string;
  /** 0o755 for scripts, 0o644 otherwise (nothing rendered is secret). */
  readonly mode: number;
}

export function renderDeployment(topology: Topology): RenderedFile[] {
  const files: RenderedFile[] = [];
  const add = (path: string, content: string, mode = 0o644) => files.push({ path, content, mode });
  for (const node of topology.nodes) {
    const at = (name: string) => `${node.name}/${name}`;
    if (node.infra.includes('postgres')) {
      add(at('patroni.yml'), renderPatroni(topology, node));
      add(at('post-bootstrap.sh'), renderPostBootstrap(topology), 0o755);
      add(at('systemd/patroni.service'), renderPatroniUnit(topology, node));
    }
    if (node.infra.includes('etcd')) {
      add(at('etcd.env'), renderEtcdEnv(topology, node));
      add(at('systemd/etcd.service'), renderEtcdUnit(topology, node));
    }
    if (node.infra.includes('nats')) {
      add(at('nats.conf'), renderNats(topology, node));
      add(at('systemd/nats.service'), renderNatsUnit(topology, node));
    }
    for (const process of node.processes) add(at(`${process.id}.yaml`), renderCivitasConfig(topology, node, process));
    if (node.processes.length > 0) {
      const unit = renderCivitasUnit(topology, node);
      add(at(`systemd/${unit.name}`), unit.text);
    }
    add(at('install.sh'), renderInstall(topology, node), 0o755);
  }
  add('haproxy/haproxy.cfg', renderHaproxy(topology));
  add('certs/make-certs.sh', renderMakeCerts(topology), 0o755);
  add('secrets/make-secrets.sh', renderMakeSecrets(topology), 0o755);
  add('README.txt', renderReadme(topology));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export class OutputNotEmptyError extends Error {}

/**
 * Writes the files under `out`. A folder that already holds anything is refused unless `force`: then the rendered
 * files are written over and everything else (certificates and secrets made since, data) is left as it is.
 */
export function writeDeployment(out: string, files: readonly RenderedFile[], force: boolean): void {
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new OutputNotEmptyError(`${out} is a file, not a folder`);
    const entries = readdirSync(out);
    if (entries.length > 0 && !force) {
      throw new OutputNotEmptyError(
        `${out} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}): ` +
          'choose an empty folder, or pass --force to write the rendered files over the ones there',
      );
    }
  }
  for (const file of files) {
    const path = join(out, ...file.path.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content, { mode: file.mode });
    chmodSync(path, file.mode); // writeFileSync keeps the mode of a file it writes over
  }
}
