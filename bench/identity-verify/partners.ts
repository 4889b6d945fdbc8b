/** The relying parties of the run, registered over the API as an administrator would. */
import type { Agent } from 'node:http';
import { httpRequest } from '../server.js';

async function postJson(
  url: string,
  agent: Agent,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ statusCode: number; json: Record<string, unknown> }> {
  const response = await httpRequest(url, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = response.body.toString('utf8');
  return { statusCode: response.statusCode, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** `count` partners allowed every demographic match type, logged in as the demo n.admin; answers their API keys. */
export async function registerPartners(base: string, agent: Agent, count: number): Promise<string[]> {
  const ok = (step: string, response: { statusCode: number; json: unknown }) => {
    if (response.statusCode >= 300) throw new Error(`${step}: ${response.statusCode} ${JSON.stringify(response.json)}`);
    return response.json as Record<string, unknown>;
  };
  const challenge = ok(
    'login',
    await postJson(`${base}/auth/login`, agent, { username: 'n.admin', password: 'civitas-demo-password' }),
  );
  const { accessToken } = ok(
    'verify',
    await postJson(`${base}/auth/verify`, agent, { challengeId: challenge.challengeId, code: '000000' }),
  );
  const keys: string[] = [];
  for (let n = 0; n < count; n++) {
    const partner = ok(
      'register partner',
      await postJson(
        `${base}/identity/partners`,
        agent,
        {
          name: `Bench Bank ${n + 1}`,
          policy: { verificationTypes: ['demographic'], matchTypes: ['exact', 'partial', 'phonetic'] },
        },
        { authorization: `Bearer ${String(accessToken)}` },
      ),
    );
    keys.push(String(partner.apiKey));
  }
  return keys;
}
