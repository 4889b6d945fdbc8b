/** The load: every client sends verifications for `seconds`, and every answer is checked against what it should be. */
import { verificationSender, type Clients } from './lean-connection.js';
import { person } from './population.js';

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly errors: number;
  readonly wrongAnswers: number;
  readonly matches: number;
  readonly statuses: Record<string, number>;
}

export interface DriveProps {
  readonly clients: Clients;
  /** The partners' API keys, shared out among the clients. */
  readonly keys: readonly string[];
  readonly uins: readonly string[];
  readonly strangers: readonly string[];
}

/**
 * What a client sends next, and whether it should match: a random known UIN with mostly correct details (about 10% a
 * wrong birth date, 3% a UIN that is valid but issued to no one, 10% partial matching).
 */
function nextVerification(
  uins: readonly string[],
  strangers: readonly string[],
): { body: Record<string, string>; expected: boolean } {
  const roll = Math.random();
  if (roll < 0.03) {
    return {
      body: { individualId: strangers[Math.floor(Math.random() * strangers.length)]!, ...person(0) },
      expected: false,
    };
  }
  const i = Math.floor(Math.random() * uins.length);
  const who = person(i);
  if (roll < 0.13) {
    const birthDate = who.birthDate.replace(/^\d{4}/, (year) => String(Number(year) + 1));
    return { body: { individualId: uins[i]!, ...who, birthDate }, expected: false };
  }
  if (roll < 0.23) {
    const name = `${who.givenNames.split(' ')[0]} ${who.familyName}`;
    return { body: { individualId: uins[i]!, name, matchType: 'partial' }, expected: true };
  }
  return { body: { individualId: uins[i]!, ...who }, expected: true };
}

/** `clients.count` clients for `seconds`, each sending one request at a time. */
export async function drive(props: DriveProps, seconds: number): Promise<LoadResult> {
  const { clients, keys, uins, strangers } = props;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let wrongAnswers = 0;
  let matches = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients.count }, async (_, client) => {
      const sender = verificationSender(clients, keys[client % keys.length]!);
      while (performance.now() < deadline) {
        const { body, expected } = nextVerification(uins, strangers);
        const begin = performance.now();
        try {
          const response = await sender.send(JSON.stringify(body));
          latencies.push(performance.now() - begin);
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          if (response.statusCode !== 200) {
            errors += 1;
            // A few are enough to see what went wrong; thousands would bury the results.
            if (errors <= 3) console.error(`${response.statusCode} ${response.body.toString('utf8').slice(0, 300)}`);
            continue;
          }
          const answer = JSON.parse(response.body.toString('utf8')) as { match: boolean };
          if (answer.match) matches += 1;
          if (answer.match !== expected) {
            wrongAnswers += 1;
            if (wrongAnswers <= 3) console.error(`wrong answer to ${JSON.stringify(body)}: ${JSON.stringify(answer)}`);
          }
        } catch (error) {
          errors += 1;
          if (errors <= 3) console.error((error as Error).message);
        }
      }
      sender.close();
    }),
  );
  return {
    requests: latencies.length,
    seconds: (performance.now() - started) / 1000,
    latencies,
    errors,
    wrongAnswers,
    matches,
    statuses,
  };
}
