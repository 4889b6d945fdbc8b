/**
 * SMS through a generic HTTP gateway: POST {"id","to","text"} as JSON, optionally with a bearer token. Any 2xx is
 * acceptance; anything else, or no answer within 10 s, is a failed attempt to be retried.
 */
import type { Provider } from './provider.js';

export function httpSmsProvider(options: { url: string; token?: string | undefined; timeoutMs?: number }): Provider {
  return {
    name: 'http',
    async send(message) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ id: message.id, to: message.to, text: message.body }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
      const answer = (await response.json().catch(() => ({}))) as { id?: unknown };
      return typeof answer.id === 'string' ? { providerMessageId: answer.id } : {};
    },
  };
}
