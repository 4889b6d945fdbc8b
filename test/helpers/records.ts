/** The demo country for tests of records: a running instance that knows it, and declarations of its forms. */
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../../src/services/auth/seed.js';
import { signIn } from './auth.js';
import { startTestCivitas, type TestCivitas } from './civitas.js';
import { eventually } from './http.js';

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** A complete birth declaration of the demo country's form, born at home in Ibombo district. */
export function birthDeclaration(area = 'CEN-IBO', birthDate = daysAgo(3)) {
  return {
    child: {
      firstNames: 'Ada',
      familyName: 'Mwale',
      sex: 'female',
      birthDate,
      placeOfBirthType: 'private-home',
      placeOfBirthArea: area,
      placeOfBirthAddress: 'Plot 12, Ibombo',
    },
    mother: { firstNames: 'Grace', familyName: 'Mwale', birthDate: '1995-04-02', nationality: 'XDM' },
    father: { detailsNotAvailable: true, reasonNotAvailable: 'Not known to the mother' },
    informant: { type: 'mother' },
  };
}

/**
 * Civitas in development mode with the demo country seeded (config, auth, registry and any `extra` services), once
 * the registry and auth have learnt the country from config's events; and access tokens of the demo staff named.
 */
export async function startDemoCountry(
  usernames: readonly string[],
  flags: Record<string, string> = {},
): Promise<{ civitas: TestCivitas; tokens: Record<string, string> }> {
  const civitas = await startTestCivitas({
    env: 'development',
    services: 'config,auth,registry',
    'auth.developmentCode': '000000',
    'outbox.pollIntervalMs': '50',
    ...flags,
  });
  await eventually('the registry and auth know the country', async () => {
    const { rows } = await sql<{ types: number; areas: number; offices: number }>`select
      (select count(distinct id)::int from registry.event_types) as types,
      (select count(*)::int from registry.areas) as areas,
      (select count(*)::int from auth.offices) as offices`.execute(civitas.database.root);
    const counts = rows[0]!;
    return counts.types >= 3 && counts.areas >= 13 && counts.offices >= 10 ? true : undefined;
  });
  const tokens: Record<string, string> = {};
  for (const username of usernames) tokens[username] = (await signIn(civitas, username, DEMO_PASSWORD)).accessToken;
  return { civitas, tokens };
}
