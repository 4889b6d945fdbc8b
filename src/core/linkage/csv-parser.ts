/**
 * A streaming CSV parser (RFC 4180: comma-separated, double quotes around values that hold commas, quotes or line
 * breaks, "" for a quote inside them), fed text chunk by chunk, that trims the spaces around values and knows the
 * line each record starts on. Lines without a quote (nearly all of a register) take a fast path. A quote inside an
 * unquoted value is kept as typed; a quoted value never closed, or followed by something other than a comma or the
 * end of the line, is an error at the line where its record starts. Empty lines are skipped.
 *
 * @example
 * const parser = new CsvParser((values, line) => console.log(line, values));
 * parser.push('id, name\n1, "Banda, Mary"\n');
 * parser.end(); // 1 ['id', 'name'] then 2 ['1', 'Banda, Mary']
 */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export class CsvParser {
  private carry = '';
  /** The line number of the first line in `carry` (or of the next chunk when it is empty). */
  private line = 1;

  constructor(private readonly onRecord: (values: string[], line: number) => void) {}

  push(chunk: string): void {
    this.parse(this.carry + chunk, false);
  }

  end(): void {
    this.parse(this.carry, true);
  }

  private parse(text: string, final: boolean): void {
    let position = 0;
    if (this.line === 1 && text.charCodeAt(0) === 0xfeff) position = 1;
    const length = text.length;
    // The next quote at or after `position` (length when none): found once, not once per line.
    let quote = -1;
    while (position < length) {
      const newline = text.indexOf('\n', position);
      if (newline < 0 && !final) break;
      const lineEnd = newline < 0 ? length : newline;
      if (quote < position) {
        quote = text.indexOf('"', position);
        if (quote < 0) quote = length;
      }
      if (quote > lineEnd) {
        let content = text.slice(position, lineEnd);
        if (content.endsWith('\r')) content = content.slice(0, -1);
        if (content.trim() !== '') this.onRecord(content.split(',').map(trim), this.line);
        position = lineEnd + 1;
        this.line += 1;
        continue;
      }
      const parsed = parseQuoted(text, position, final, this.line);
      if (!parsed) break;
      this.onRecord(parsed.values, this.line);
      this.line += parsed.lines;
      position = parsed.next;
    }
    this.carry = position < length ? text.slice(position) : '';
  }
}

function trim(value: string): string {
  return value.trim();
}

/**
 * One record that has a quote somewhere, from `start`: its values, the position after it and how many lines it
 * spans; undefined when the text ends inside it and more may come.
 */
function parseQuoted(
  text: string,
  start: number,
  final: boolean,
  line: number,
): { values: string[]; next: number; lines: number } | undefined {
  const values: string[] = [];
  let position = start;
  let lines = 1;
  for (;;) {
    // One value: skip leading blanks, then a quoted or an unquoted value.
    while (text.charCodeAt(position) === 32 || text.charCodeAt(position) === 9) position += 1;
    if (text.charCodeAt(position) === 34) {
      let value = '';
      let from = position + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0) {
          if (!final) return undefined;
          throw new CsvSyntaxError(line, 'a quoted value starts here and is never closed');
        }
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) === 34) {
          value += '"';
          from = close + 2;
          continue;
        }
        if (close + 1 >= text.length && !final) return undefined;
        position = close + 1;
        break;
      }
      for (let at = value.indexOf('\n'); at >= 0; at = value.indexOf('\n', at + 1)) lines += 1;
      while (text.charCodeAt(position) === 32 || text.charCodeAt(position) === 9) position += 1;
      values.push(value);
      const after = text.charCodeAt(position);
      if (after === 44) {
        position += 1;
        continue;
      }
      if (after === 13 && text.charCodeAt(position + 1) === 10) position += 1;
      if (after === 10 || after === 13) return { values, next: position + 1, lines };
      if (Number.isNaN(after)) {
        if (!final) return undefined;
        return { values, next: position, lines };
      }
      throw new CsvSyntaxError(line, 'a quoted value is followed by other characters before the next comma');
    }
    let end = position;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (code === 44 || code === 10) break;
      end += 1;
    }
    if (end >= text.length && !final) return undefined;
    values.push(text.slice(position, end).trim());
    if (text.charCodeAt(end) === 44) {
      position = end + 1;
      continue;
    }
    return { values, next: end + 1, lines };
  }
}
