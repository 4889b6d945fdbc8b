/** A refusal from the server, split into what belongs beside a field (by its name) and what is said above the form. */
import { ApiError } from '../../api/http';

export interface FormProblems {
  /** Field name (`phone`, `areaCode`) → the server's message. */
  readonly fields: Readonly<Record<string, string>>;
  /** The refusal, when no field of the form can carry it. */
  readonly general?: unknown;
}

export function formProblems(error: unknown, known: readonly string[]): FormProblems {
  const problem = error instanceof ApiError ? error.problem : undefined;
  if (!problem) return { fields: {}, general: error };
  const fields: Record<string, string> = {};
  const listed = problem.errors ?? (problem.field ? [{ field: problem.field, message: problem.detail }] : []);
  for (const { field, message } of listed) {
    const name = field.replace(/^(body|data)\./, '');
    if (known.includes(name)) fields[name] = message.replace(new RegExp(`^${name}: `), '');
  }
  return Object.keys(fields).length > 0 ? { fields } : { fields, general: error };
}
