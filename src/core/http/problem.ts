/**
 * One place that turns any error into application/problem+json (RFC 9457). Known errors keep their catalogued code and
 * the field that is wrong; anything else becomes an opaque INTERNAL error whose details stay in the log.
 */
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, errorCodeDefinition, type FieldError } from '../errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly field?: string;
  readonly errors?: readonly FieldError[];
  readonly instance?: string;
  readonly requestId: string;
}

/** Maps Fastify's own error codes to our catalogue. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
};

export function problemOf(error: unknown, requestId: string, instance?: string): Problem {
  if (error instanceof DomainError) {
    return build(error.code, error.message, requestId, instance, error.field, error.errors);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const errors = error.validation.map((issue) => ({
      field: fieldName(context, issue.instancePath),
      message: issue.message ?? 'is not valid',
    }));
    const first = errors[0];
    const detail = first ? `${first.field}: ${first.message}` : 'The request is not valid.';
    return build('VALIDATION_FAILED', detail, requestId, instance, first?.field, errors);
  }
  const fastifyCode = (error as FastifyError | undefined)?.code;
  const mapped = fastifyCode ? FASTIFY_CODES[fastifyCode] : undefined;
  if (mapped) return build(mapped, (error as Error).message, requestId, instance);
  return build('INTERNAL', `Something went wrong. Quote request id ${requestId} to an operator.`, requestId, instance);
}

export function build(
  code: string,
  detail: string,
  requestId: string,
  instance?: string,
  field?: string,
  errors?: readonly FieldError[],
): Problem {
  const definition = errorCodeDefinition(code);
  return {
    type: `urn:civitas:problem:${code}`,
    title: definition.title,
    status: definition.status,
    detail,
    code,
    ...(field ? { field } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(instance ? { instance } : {}),
    requestId,
  };
}

/** `/parentCode` in the body → `parentCode`; `/limit` in the query → `query.limit`. */
function fieldName(context: string, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (context === 'body') return path || 'body';
  const prefix = context === 'querystring' ? 'query' : context;
  return path ? `${prefix}.${path}` : prefix;
}

/** The problem+json body, for route schemas (so the OpenAPI document shows error responses). */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable error code; see docs/errors.md'),
    field: z.string().optional().describe('The first field that is wrong'),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    instance: z.string().optional(),
    requestId: z.string(),
  })
  .describe('application/problem+json (RFC 9457)');
