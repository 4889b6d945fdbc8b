/** Progress of long commands on stderr: redrawn in place on a terminal, a line per tenth of the way in a log. */
/** One line on stderr redrawn in place on a terminal; elsewhere a line per step and per tenth of the way. */
export class ProgressBar {
  private readonly terminal = process.stderr.isTTY === true;
  private shown = '';
  private step = '';
  private tenth = -1;

  constructor(
    private readonly label: string,
    private readonly enabled = true,
  ) {}

  show(step: string, done: number, total: number): void {
    if (!this.enabled) return;
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(share * 30);
    const line = `${this.label}: ${step.padEnd(8)} [${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${Math.round(share * 100)}% ${done}/${total}`;
    if (this.terminal) {
      if (line !== this.shown) process.stderr.write(`\r${line}`);
    } else if (step !== this.step || Math.floor(share * 10) !== this.tenth) {
      process.stderr.write(`${line}\n`);
    }
    this.shown = line;
    this.step = step;
    this.tenth = Math.floor(share * 10);
  }

  done(): void {
    if (this.enabled && this.terminal && this.shown) process.stderr.write('\n');
  }
}
