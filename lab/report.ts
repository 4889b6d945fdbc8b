/** The table each failure test prints: what the clients sent and were told, and what the database holds afterwards. */
import type { Outcome } from './verify.js';

export interface Row {
  readonly test: string;
  readonly outcome: Outcome;
  /** The longest time with no successful write after the failure. */
  readonly outageSeconds: number;
  /** From the failure to the first successful write after it (the failover time when the primary died). */
  readonly firstWriteSeconds: number;
  readonly note?: string;
}

export function formatRows(rows: readonly Row[]): string {
  const header = [
    'test',
    'sent',
    'acknowledged',
    'found',
    'duplicates',
    'lost',
    'with UIN',
    'first write s',
    'outage s',
    'note',
  ];
  const cells = rows.map((row) => [
    row.test,
    String(row.outcome.sent),
    String(row.outcome.acknowledged),
    String(row.outcome.found),
    String(row.outcome.duplicates),
    String(row.outcome.lost),
    String(row.outcome.withIdentity),
    row.firstWriteSeconds.toFixed(1),
    row.outageSeconds.toFixed(1),
    row.note ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, column) =>
        column === 0 || column === values.length - 1 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}
