/** How the load's clients send requests to the server: through node:http, or over lean keep-alive connections. */
import type { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { httpRequest } from '../server.js';
import { apiBase } from './identity-server.js';
import type { ClientKind } from './settings.js';

export type Answer = { statusCode: number; body: Buffer };

/** The relying-party clients of a run and the server they send to. */
export interface Clients {
  /** How many send at once, each one request at a time. */
  readonly count: number;
  readonly kind: ClientKind;
  readonly port: number;
  /** Keep-alive, for node:http clients and the setup requests. */
  readonly agent: Agent;
}

/**
 * One keep-alive HTTP/1.1 connection sending one request at a time and reading only what the checks need (status
 * line, content-length, body). node:http costs the load generator about as much CPU per request as the server
 * spends, and the two share 2 cores here; this client leaves that CPU to the server.
 */
export class LeanConnection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | undefined;

  constructor(port: number) {
    this.#socket = connect(port, '127.0.0.1');
    this.#socket.setNoDelay(true);
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk));
    const fail = (error: Error) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.reject(error);
    };
    this.#socket.on('error', fail);
    this.#socket.on('close', () => fail(new Error('connection closed')));
  }

  /** `head` is the request line and headers, each ending in CRLF, without content-length. */
  request(head: string, body: string): Promise<Answer> {
    if (this.#socket.destroyed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(`${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #read(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.#buffer.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (Number.isNaN(length)) {
      this.#socket.destroy(new Error(`an answer without content-length: ${head.slice(0, 200)}`));
      return;
    }
    if (this.#buffer.length < end + 4 + length) return;
    const body = this.#buffer.subarray(end + 4, end + 4 + length);
    this.#buffer = this.#buffer.subarray(end + 4 + length);
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.resolve({ statusCode: Number(head.slice(9, 12)), body });
  }
}

export interface VerificationSender {
  send(body: string): Promise<Answer>;
  close(): void;
}

/** How one client sends its verifications, as partner `key`: through node:http, or its own lean connection. */
export function verificationSender(clients: Clients, key: string): VerificationSender {
  const url = `${apiBase(clients.port)}/identity/verify/demographic`;
  if (clients.kind === 'node') {
    const headers = { 'content-type': 'application/json', 'x-api-key': key };
    return {
      send: (body) => httpRequest(url, { method: 'POST', agent: clients.agent, headers, body }),
      close: () => undefined,
    };
  }
  const connection = new LeanConnection(clients.port);
  const head =
    `POST ${new URL(url).pathname} HTTP/1.1\r\nhost: 127.0.0.1:${clients.port}\r\n` +
    `content-type: application/json\r\nx-api-key: ${key}\r\n`;
  return { send: (body) => connection.request(head, body), close: () => connection.close() };
}
