/** A backup file cut short, changed or damaged anywhere is refused with the line where it went wrong. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupFileError, controlLine, headerLine, type BackupHeader } from './format.js';
import { BackupWriter } from './lines.js';
import { walkBackup } from './walk.js';

const ROWS = 400;
const header: BackupHeader = {
  version: 1,
  civitas: 'test',
  createdAt: '2026-01-01T00:00:00.000Z',
  source: 'postgres',
  bus: 'local',
  schemas: [{ name: 'kinds', migrations: ['0001-things'] }],
  tables: [
    { schema: 'kinds', name: 'empty', columns: ['id'], types: ['integer'], rows: 0 },
    { schema: 'kinds', name: 'things', columns: ['id', 'note'], types: ['integer', 'text'], rows: ROWS },
  ],
  sequences: [{ schema: 'kinds', name: 'things_id_seq', value: '400', called: true }],
  fileSets: [{ name: 'documents' }],
};
const file = Buffer.from(randomBytes(100_000));

describe('reading a backup file', () => {
  let folder: string;
  let intact: string;
  /** The lines of the intact file, without their newlines. */
  let lines: string[];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'civitas-walk-'));
    intact = join(folder, 'intact.backup');
    const writer = new BackupWriter(intact);
    await writer.write(headerLine(header));
    for (const table of header.tables) {
      await writer.write(controlLine(['table', table]));
      for (let id = 1; id <= table.rows; id++) {
        await writer.write(JSON.stringify({ id, note: randomBytes(24).toString('hex') }));
      }
    }
    await writer.write(controlLine(['files', { name: 'documents' }]));
    await writer.write(controlLine(['file', { path: 'ab/0190-ab', size: file.length }]));
    for (let at = 0; at < file.length; at += 48 * 1024) {
      await writer.write(JSON.stringify(file.subarray(at, at + 48 * 1024).toString('base64')));
    }
    await writer.write(
      controlLine(['end', { tables: 2, rows: ROWS, files: 1, fileBytes: file.length, sha256: writer.digest() }]),
    );
    await writer.finish();
    lines = gunzipSync(readFileSync(intact)).toString('utf8').split('\n').slice(0, -1);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Writes a variant of the file and walks it; resolves with the error it was refused with. */
  async function refusal(bytes: Buffer): Promise<BackupFileError> {
    const path = join(folder, `variant-${randomBytes(4).toString('hex')}.backup`);
    writeFileSync(path, bytes);
    const error = await walkBackup(path).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(BackupFileError);
    return error as BackupFileError;
  }
  const gzipLines = (kept: readonly string[]) => gzipSync(kept.map((line) => `${line}\n`).join(''));

  it('reads an intact file to its end line, handing on rows and file pieces in order', async () => {
    const seen = { rows: 0, bytes: [] as Buffer[], tables: [] as string[] };
    const result = await walkBackup(intact, {
      table: (table) => void seen.tables.push(table.name),
      row: () => void (seen.rows += 1),
      piece: (bytes) => void seen.bytes.push(bytes),
    });
    expect(result.header).toEqual(header);
    expect(result.end).toMatchObject({ tables: 2, rows: ROWS, files: 1, fileBytes: file.length });
    expect(seen.tables).toEqual(['empty', 'things']);
    expect(seen.rows).toBe(ROWS);
    expect(Buffer.concat(seen.bytes).equals(file)).toBe(true);
  });

  it('calls a file cut anywhere truncated (or damaged), and names the line', async () => {
    const bytes = readFileSync(intact);
    for (const share of [0.05, 0.3, 0.6, 0.9, 0.999]) {
      const error = await refusal(bytes.subarray(0, Math.floor(bytes.length * share)));
      expect(error.message, `cut at ${share}`).toMatch(/: line \d+: .*(truncated|cut short|rows are missing)/);
      expect(error.line).toBeGreaterThan(1);
    }
  });

  it('calls a file that stops after a whole line truncated: it has no end line', async () => {
    const error = await refusal(gzipLines(lines.slice(0, 300)));
    expect(error.message).toBe(
      `${error.file}: line 301: the file ends after line 300 without its end line: it is truncated`,
    );
  });

  it('notices a missing row at the end of its table, a changed row at the end line', async () => {
    const missing = [...lines.slice(0, 10), ...lines.slice(11)];
    expect((await refusal(gzipLines(missing))).message).toMatch(
      /: line 403: table kinds\.things should have 400 rows but has 399: rows are missing$/,
    );
    const changed = [...lines];
    changed[50] = changed[50]!.replace(/"note":"./, '"note":"#');
    const error = await refusal(gzipLines(changed));
    expect(error.line).toBe(lines.length);
    expect(error.message).toMatch(/the content does not match the checksum on the end line/);
  });

  it('refuses a damaged byte, something that is not a backup, and a backup of a newer format', async () => {
    const bytes = Buffer.from(readFileSync(intact));
    bytes[Math.floor(bytes.length / 3)]! ^= 0xff;
    expect((await refusal(bytes)).message).toMatch(/: line \d+: /);

    expect((await refusal(Buffer.from('id,name\n1,Ada\n'))).message).toMatch(
      /: line 1: this is not a Civitas backup \(it is not gzip-compressed\)$/,
    );
    expect((await refusal(gzipSync('{"some": "json"}\n'))).message).toMatch(
      /: line 1: this is not a Civitas backup \(its first line is no backup header\)$/,
    );
    const newer = [JSON.stringify(['civitas-backup', { ...header, version: 2 }]), ...lines.slice(1)];
    expect((await refusal(gzipLines(newer))).message).toMatch(
      /: line 1: the backup is in format version 2; this Civitas reads version 1: restore it with a newer Civitas$/,
    );
  });
});
