/**
 * Files kept outside the database (the documents service's folder), in and out of a backup. A file is written once
 * and never changed, so reading the folder after the database snapshot finds every file the snapshot's rows name; a
 * file uploaded later comes along too and is simply not referred to after a restore.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A folder of files the backup carries, e.g. `{ name: 'documents', folder: 'data/documents' }`. */
export interface FileSet {
  readonly name: string;
  readonly folder: string;
}

/** Bytes per piece line: a multiple of 3, so each piece is base64 on its own. */
export const PIECE_BYTES = 48 * 1024;

/** Relative paths (`/`-separated) of the regular files under `folder`, sorted; temporary (`.`-named) files left out. */
export async function listFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(relative ? join(folder, relative) : folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && relative === '') return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  await walk('');
  return found;
}

/** The pieces of a file, read in order; fails if the file is not `size` bytes long. */
export async function* readPieces(folder: string, path: string): AsyncGenerator<Buffer, void, undefined> {
  const handle = await open(join(folder, ...path.split('/')), constants.O_RDONLY);
  try {
    const buffer = Buffer.alloc(PIECE_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, PIECE_BYTES, null);
      if (bytesRead === 0) return;
      yield Buffer.from(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

export async function fileSize(folder: string, path: string): Promise<number> {
  return (await lstat(join(folder, ...path.split('/')))).size;
}

/**
 * Writes one restored file the way the document store does: to a temporary name beside it, synced, then renamed, so a
 * file either has its whole content under its name or is not there.
 */
export class FileRestorer {
  #handle: FileHandle | undefined;
  #temporary = '';
  #target = '';
  #written = 0;
  private readonly folder: string;

  constructor(folder: string) {
    this.folder = resolve(folder);
  }

  async start(path: string): Promise<void> {
    this.#target = join(this.folder, ...path.split('/'));
    if (!this.#target.startsWith(this.folder + sep)) throw new Error(`refusing to write outside ${this.folder}`);
    await mkdir(dirname(this.#target), { recursive: true });
    this.#temporary = join(dirname(this.#target), `.restore.${randomBytes(6).toString('hex')}.tmp`);
    this.#handle = await open(this.#temporary, 'wx', 0o600);
    this.#written = 0;
  }

  async write(piece: Buffer): Promise<void> {
    await this.#handle!.write(piece);
    this.#written += piece.length;
  }

  /** Syncs and names the file; resolves with its size. */
  async finish(): Promise<number> {
    const handle = this.#handle!;
    this.#handle = undefined;
    await handle.sync();
    await handle.close();
    await rename(this.#temporary, this.#target);
    return this.#written;
  }

  /** Removes a file left half-written. */
  async abort(): Promise<void> {
    if (!this.#handle) return;
    await this.#handle.close().catch(() => undefined);
    this.#handle = undefined;
    await rm(this.#temporary, { force: true });
  }
}
