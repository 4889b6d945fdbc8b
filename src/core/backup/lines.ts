/**
 * Writing and reading the backup's gzip stream one line at a time, never holding more than a line and a buffer.
 * Both sides hash every line before the end line the same way, so the reader can compare with the writer's hash.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { BackupFileError } from './format.js';

const PIECE_CHARS = 64 * 1024;

/**
 * Writes lines to `<path>.partial` and renames it to `path` only once all is written and synced, so a backup that
 * failed half-way never looks like a backup.
 */
export class BackupWriter {
  readonly #gzip: Gzip;
  readonly #done: Promise<void>;
  readonly #hash: Hash = createHash('sha256');
  readonly #partial: string;
  #failed: unknown;
  #pending: string[] = [];
  #pendingLength = 0;

  constructor(private readonly path: string) {
    this.#partial = `${path}.partial`;
    this.#gzip = createGzip({ level: 6 });
    this.#done = pipeline(this.#gzip, createWriteStream(this.#partial, { flags: 'wx', mode: 0o600 }));
    this.#done.catch((error: unknown) => (this.#failed = error));
  }

  /** Writes one line (it must hold no newline) and counts it in the hash. */
  async write(line: string): Promise<void> {
    if (this.#failed) throw this.#failed;
    // Lines go to gzip in pieces of 64 KiB: a stream write per line would cost more than the compression itself.
    this.#pending.push(line);
    this.#pendingLength += line.length + 1;
    if (this.#pendingLength >= PIECE_CHARS) await this.#flush();
  }

  /** The SHA-256 of every line written so far: the end line's `sha256`. */
  digest(): string {
    // What waits is hashed and handed to gzip now (one piece past its high-water mark is harmless).
    const text = this.#hashPending();
    if (text) this.#gzip.write(text);
    return this.#hash.copy().digest('hex');
  }

  #hashPending(): string {
    if (this.#pending.length === 0) return '';
    const text = `${this.#pending.join('\n')}\n`;
    this.#pending = [];
    this.#pendingLength = 0;
    this.#hash.update(text);
    return text;
  }

  async #flush(): Promise<void> {
    const text = this.#hashPending();
    if (text && !this.#gzip.write(text)) await Promise.race([once(this.#gzip, 'drain'), this.#done]);
    if (this.#failed) throw this.#failed;
  }

  /** Flushes, syncs and gives the file its name; resolves with its compressed size. */
  async finish(): Promise<number> {
    await this.#flush();
    this.#gzip.end();
    await this.#done;
    const handle = await open(this.#partial, 'r');
    let size: number;
    try {
      await handle.sync();
      size = (await handle.stat()).size;
    } finally {
      await handle.close();
    }
    await rename(this.#partial, this.path);
    return size;
  }

  /** Gives up: removes the partial file. */
  async abort(): Promise<void> {
    this.#gzip.destroy();
    await this.#done.catch(() => undefined);
    await rm(this.#partial, { force: true });
  }
}

export interface BackupLine {
  readonly text: string;
  /** 1-based line number. */
  readonly number: number;
}

/**
 * The lines of a backup file in order, each with its number. A gzip error becomes a `BackupFileError` naming the
 * line where reading stopped: cut short (truncated) or damaged.
 */
export async function* readBackupLines(path: string): AsyncGenerator<BackupLine> {
  const gunzip = createGunzip();
  const source = createReadStream(path);
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  let number = 0;
  let rest: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let newline = data.indexOf(0x0a);
      while (newline >= 0) {
        number += 1;
        yield { text: data.subarray(0, newline).toString('utf8'), number };
        data = data.subarray(newline + 1);
        newline = data.indexOf(0x0a);
      }
      rest = Buffer.from(data);
    }
  } catch (error) {
    throw readError(path, number + 1, error as NodeJS.ErrnoException);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  if (rest.length > 0) {
    throw new BackupFileError(path, number + 1, 'the file ends in the middle of a line: it is truncated');
  }
}

function readError(path: string, line: number, error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'EISDIR') {
    return new Error(`cannot read ${path}: ${error.message}`);
  }
  if (error.code === 'Z_BUF_ERROR' || /unexpected end/i.test(error.message)) {
    return new BackupFileError(path, line, 'the file ends too early: it is truncated');
  }
  if (line === 1 && /header check/i.test(error.message)) {
    return new BackupFileError(path, 1, 'this is not a Civitas backup (it is not gzip-compressed)');
  }
  return new BackupFileError(path, line, `the file is damaged (${error.message})`);
}

/** The hash the reader keeps of the lines it has read, to compare with the end line. */
export function lineHash(): { add(text: string): void; digest(): string } {
  const hash = createHash('sha256');
  return {
    add: (text) => hash.update(`${text}\n`),
    digest: () => hash.copy().digest('hex'),
  };
}
