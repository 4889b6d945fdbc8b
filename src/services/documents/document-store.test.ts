import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../core/events/uuidv7.js';
import { documentsFolder, filesystemStore, type DocumentStore } from './document-store.js';

describe('the filesystem document store', () => {
  let folder: string;
  let store: DocumentStore;
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'civitas-documents-'));
    store = filesystemStore(join(folder, 'documents'));
    await store.prepare();
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps each file under its id, in a subfolder named by its last two hex digits, with no temporary left', async () => {
    const id = uuidv7();
    await store.put(id, Buffer.from('%PDF-1.4 hello'));
    expect(await text(await store.read(id))).toBe('%PDF-1.4 hello');
    expect(readdirSync(join(folder, 'documents', id.slice(-2)))).toEqual([id]);
  });

  it('reads no file that was never stored, and forgets a removed one', async () => {
    const id = uuidv7();
    await expect(store.read(id)).rejects.toMatchObject({ code: 'ENOENT' });
    await store.put(id, Buffer.from('x'));
    await store.remove(id);
    await expect(store.read(id)).rejects.toMatchObject({ code: 'ENOENT' });
    await store.remove(id); // removing twice is fine
  });

  it('lives in documents.folder, or in dataDir/documents', () => {
    const documents = { maxBytes: 1, storage: 'filesystem' as const };
    expect(documentsFolder({ dataDir: '/srv/civitas', documents })).toBe('/srv/civitas/documents');
    expect(documentsFolder({ dataDir: '/srv/civitas', documents: { ...documents, folder: '/mnt/docs' } })).toBe(
      '/mnt/docs',
    );
  });
});
