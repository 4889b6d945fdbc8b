/**
 * The closed catalogue of error codes. Domain code throws `DomainError(code, detail, { field })`; one table maps each
 * code to its HTTP status and title; the HTTP layer renders it as application/problem+json. Services add their own
 * codes with `registerErrorCodes`, and `docs/errors.md` is generated from the whole table.
 */

export interface ErrorCodeDefinition {
  readonly status: number;
  readonly title: string;
  /** When a client sees it and what to do: the text of docs/errors.md. */
  readonly description: string;
}

const CORE_ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    title: 'The request is not valid',
    description: 'A field is missing or has a wrong value. `field` names the first one; `errors` lists them all.',
  },
  MALFORMED_BODY: {
    status: 400,
    title: 'The request body cannot be read',
    description: 'The body is not well-formed JSON, or is empty where JSON was expected.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported content type',
    description: 'Send `Content-Type: application/json`.',
  },
  BODY_TOO_LARGE: {
    status: 413,
    title: 'The request body is too large',
    description: 'The body is larger than http.bodyLimitBytes allows.',
  },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Authentication required',
    description: 'The request carries no valid access token.',
  },
  FORBIDDEN: {
    status: 403,
    title: 'Not allowed',
    description: 'The caller is authenticated but lacks the scope this route requires.',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    title: 'No such route',
    description: 'Nothing answers this method and path. The API lives under /api/v1; see /docs.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'Method not allowed',
    description: 'The path exists but not with this method.',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    description: 'Slow down; `Retry-After` says when to try again.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'Service unavailable',
    description: 'The process is starting, shutting down, or a dependency is down. Retry later.',
  },
  INTERNAL: {
    status: 500,
    title: 'Internal error',
    description:
      'An unexpected error. Nothing about it is shown; quote `requestId` to an operator, who finds it in the log.',
  },
} as const satisfies Record<string, ErrorCodeDefinition>;

export type CoreErrorCode = keyof typeof CORE_ERROR_CODES;

const catalogue = new Map<string, ErrorCodeDefinition>(Object.entries(CORE_ERROR_CODES));

/** Adds a service's codes to the catalogue. A code may be defined once only. */
export function registerErrorCodes<T extends Record<string, ErrorCodeDefinition>>(codes: T): T {
  for (const [code, definition] of Object.entries(codes)) {
    const known = catalogue.get(code);
    if (known && known !== definition) throw new Error(`error code ${code} is defined twice`);
    catalogue.set(code, definition);
  }
  return codes;
}

export function errorCodeDefinition(code: string): ErrorCodeDefinition {
  return catalogue.get(code) ?? CORE_ERROR_CODES.INTERNAL;
}

export function isCoreErrorCode(code: string): boolean {
  return Object.hasOwn(CORE_ERROR_CODES, code);
}

export function allErrorCodes(): ReadonlyMap<string, ErrorCodeDefinition> {
  return catalogue;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An error a client is meant to see: a catalogued code, a human detail, and the field that is wrong. */
export class DomainError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly errors: readonly FieldError[] | undefined;
  /** Sent as the Retry-After header (RATE_LIMITED, SERVICE_UNAVAILABLE). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: string,
    detail: string,
    options: { field?: string; errors?: readonly FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.field = options.field ?? options.errors?.[0]?.field;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return errorCodeDefinition(this.code).status;
  }
}
