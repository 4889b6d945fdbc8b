/**
 * Talking to the Civitas API: one `fetch` wrapper that sets JSON and idempotency headers, gives up after a timeout,
 * and turns every failure into an `ApiError` that says whether trying again can help.
 */

/** application/problem+json, as every Civitas error is answered. */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title?: string;
  readonly detail: string;
  readonly field?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
  readonly requestId?: string;
}

export type ApiErrorKind = 'network' | 'timeout' | 'http';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status = 0,
    readonly problem?: Problem,
    /** From Retry-After, when the server said when to come back. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The request may succeed later unchanged: no answer, a server fault, or too many requests. */
  get retryable(): boolean {
    return this.kind !== 'http' || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON, unless it is a Blob (sent as it is, with its type). */
  readonly body?: unknown;
  readonly token?: string;
  /** Makes a POST safe to repeat: the server answers a repeat with the first answer. */
  readonly idempotencyKey?: string;
  readonly timeoutMs?: number;
  readonly accept?: string;
}

/** A function that calls the API; the session's adds the access token and renews it when refused. */
export type Api = (path: string, options?: RequestOptions) => Promise<Response>;

export const DEFAULT_TIMEOUT_MS = 20_000;

/** Calls `/api/v1<path>`; resolves with a 2xx response, or throws an ApiError. */
export async function callApi(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof Blob) {
    body = options.body;
    headers['content-type'] = options.body.type || 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: controller.signal,
      credentials: 'omit',
    });
  } catch {
    throw controller.signal.aborted
      ? new ApiError('timeout', `No answer within ${Math.round(timeoutMs / 1000)} s`)
      : new ApiError('network', 'No connection to the server');
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) return response;
  throw await errorOf(response);
}

async function errorOf(response: Response): Promise<ApiError> {
  let problem: Problem | undefined;
  try {
    const parsed = (await response.json()) as Partial<Problem>;
    if (typeof parsed.detail === 'string' && typeof parsed.code === 'string') problem = parsed as Problem;
  } catch {
    // Not problem+json: a proxy's page, or nothing.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    'http',
    problem?.detail ?? `The server answered ${response.status} ${response.statusText}`.trim(),
    response.status,
    problem,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  );
}

export async function json<T>(response: Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}
