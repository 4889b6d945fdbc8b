/** One whole `civitas` command as a child process: its wall time, output, and peak resident memory. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT } from './lib.js';
import { BIN } from './startup/bundle.js';

export interface MeasuredRun {
  readonly seconds: number;
  readonly peakMiB: number | undefined;
  readonly stdout: string;
}

/** Spawn to exit, and the peak resident memory the kernel reports (VmHWM, polled every 50 ms). */
export function runMeasured(args: readonly string[]): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKiB: number | undefined;
    const poll = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKiB = Math.max(peakKiB ?? 0, Number(match[1]));
      } catch {
        // Not Linux, or the process has just ended.
      }
    }, 50);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`civitas ${args.join(' ')} exited ${code}:\n${stdout}\n${stderr}`));
      else resolve({ seconds, peakMiB: peakKiB === undefined ? undefined : peakKiB / 1024, stdout });
    });
  });
}
