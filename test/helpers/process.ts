/** Runs `civitas` as a child process, the way an operator does, and waits until it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CIVITAS_BIN = fileURLToPath(new URL('../../bin/civitas.js', import.meta.url));

export interface CivitasProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string>;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a civitas command to its end. */
export function runCivitas(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CIVITAS_BIN, ...args], { env: { ...baseEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`civitas ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `civitas serve` and resolves once it logs that it is ready, with the URL it listens on. */
export function startCivitasProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<CivitasProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CIVITAS_BIN, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], {
      env: { ...baseEnv(), ...env },
    });
    let output = '';
    let settled = false;
    const exited = new Promise<number | string>((done) =>
      child.on('exit', (code, signal) => done(code ?? signal ?? -1)),
    );
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`civitas did not become ready in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (settled) return;
      for (const line of output.split('\n')) {
        if (!line.includes('civitas is ready')) continue;
        const { url } = JSON.parse(line) as { url: string };
        settled = true;
        clearTimeout(timer);
        resolve({ child, url, output: () => output, exited });
        return;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`civitas exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** The child gets a clean environment: only what these tests set, plus what Node needs to run. */
function baseEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CIVITAS_ENV: 'test',
    LOG_LEVEL: process.env.CIVITAS_TEST_LOG_LEVEL ?? 'info',
  };
}
