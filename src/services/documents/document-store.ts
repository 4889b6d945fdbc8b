/**
 * Where the bytes of documents live. Only the filesystem for now (`documents.storage`); an S3-compatible store will
 * be another implementation of `DocumentStore`.
 *
 * A file is written atomically and durably before its metadata commits: to a temporary name, synced, renamed to the
 * document id, and the folder synced, so that an acknowledged upload survives a crash (kill -9, power loss) and a
 * half-written file never carries a document's name.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../../config/schema.js';

export interface DocumentStore {
  /** Stores the bytes under the id; resolves once they are durable. */
  put(id: string, bytes: Uint8Array): Promise<void>;
  /** The bytes of a stored document, as a stream; throws (ENOENT) when there is no such file. */
  read(id: string): Promise<Readable>;
  /** Removes a stored file, if there is one. */
  remove(id: string): Promise<void>;
  /** Creates the store's folder: a misconfigured folder stops the start, not the first upload. */
  prepare(): Promise<void>;
  readonly description: string;
}

/** The folder of the filesystem store: `documents.folder`, or `<dataDir>/documents`. */
export function documentsFolder(config: Pick<Config, 'dataDir' | 'documents'>): string {
  return resolve(config.documents.folder ?? join(config.dataDir, 'documents'));
}

export function documentStore(config: Pick<Config, 'dataDir' | 'documents'>): DocumentStore {
  switch (config.documents.storage) {
    case 'filesystem':
      return filesystemStore(documentsFolder(config));
  }
}

/**
 * Files are spread over 256 subfolders by the last two hex digits of their id (random bits of the UUIDv7), so no
 * folder grows past a few thousand entries per million documents.
 */
export function filesystemStore(folder: string): DocumentStore {
  const folderOf = (id: string) => join(folder, id.slice(-2));
  const pathOf = (id: string) => join(folderOf(id), id);

  return {
    description: `filesystem (${folder})`,
    async prepare() {
      await mkdir(folder, { recursive: true });
    },
    async put(id, bytes) {
      const directory = folderOf(id);
      // A subfolder made now is itself a new name in the store's folder: that too must be durable.
      if (await mkdir(directory, { recursive: true })) await syncFolder(folder);
      const temporary = join(directory, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeSynced(temporary, bytes);
        await rename(temporary, pathOf(id));
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await syncFolder(directory);
    },
    async read(id) {
      const handle = await open(pathOf(id), constants.O_RDONLY);
      return handle.createReadStream({ autoClose: true });
    },
    async remove(id) {
      await rm(pathOf(id), { force: true });
    },
  };
}

async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A rename is durable once the folder that holds the name is synced. */
async function syncFolder(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or sync a folder; the file itself is synced already.
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR' && (error as NodeJS.ErrnoException).code !== 'EPERM') {
      throw error;
    }
  } finally {
    await handle?.close();
  }
}
