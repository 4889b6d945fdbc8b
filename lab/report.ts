/** The table each failure test prints: what the clients sent and were told, and what the database holds afterwards. */
import type { Outcome } from './verify.js';

export interface Row {
  readonly test: string;
  readonly outcome: Outcome;
  readonly outageSeconds: number;
  readonly note?: string;
}

export function formatRows(rows: readonly Row[]): string {
  const header = ['test', 'sent', 'acknowledged', 'found', 'duplicates', 'lost', 'with UIN', 'outage s', 'note'];
  const cells = rows.map((row) => [
    row.test,
    String(row.outcome.sent),
    String(row.outcome.acknowledged),
    String(row.outcome.found),
    String(row.outcome.duplicates),
    String(row.outcome.lost),
    String(row.outcome.withIdentity),
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
