/** Turns a request into the text to send, or says exactly what is missing. */
import { DomainError } from '../../core/errors.js';
import type { NotificationRequest } from './model.js';
import { TEMPLATES } from './templates.js';

export interface Rendered {
  readonly subject: string | null;
  readonly body: string;
  readonly sensitive: boolean;
}

export function render(request: NotificationRequest): Rendered {
  const template = TEMPLATES[request.template];
  if (!template) {
    throw new DomainError('NOTIFY_TEMPLATE_NOT_FOUND', `No template is named ${request.template}.`, {
      field: 'template',
    });
  }
  const texts = template.text[request.channel];
  if (!texts) {
    throw new DomainError('NOTIFY_TEMPLATE_NOT_FOUND', `Template ${request.template} has no ${request.channel} text.`, {
      field: 'channel',
    });
  }
  const missing = template.variables.filter((name) => request.variables[name] === undefined);
  if (missing.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `Template ${request.template} needs ${missing.join(', ')}.`, {
      errors: missing.map((name) => ({ field: `variables.${name}`, message: 'is required by the template' })),
    });
  }
  const text = texts[request.language] ?? texts.en ?? Object.values(texts)[0]!;
  const fill = (value: string) =>
    value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(request.variables[name] ?? ''));
  return {
    subject: text.subject === undefined ? null : fill(text.subject),
    body: fill(text.body),
    sensitive: template.sensitive,
  };
}
