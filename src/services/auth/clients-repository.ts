/** SQL of API clients (integrations that sign in with a client id and secret). */
import type { Selectable } from 'kysely';
import type { ApiClientsTable, AuthDb } from './repository.js';

export type ApiClientRow = Selectable<ApiClientsTable>;

export async function insertApiClient(
  db: AuthDb,
  client: Pick<ApiClientRow, 'id' | 'name' | 'scope' | 'secret_hash' | 'created_by'>,
): Promise<void> {
  await db
    .insertInto('api_clients')
    .values({ ...client, scope: JSON.stringify(client.scope) })
    .execute();
}

export async function findApiClient(db: AuthDb, id: string): Promise<ApiClientRow | undefined> {
  return db.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listApiClients(db: AuthDb): Promise<ApiClientRow[]> {
  return db.selectFrom('api_clients').selectAll().orderBy('created_at').execute();
}

export async function setApiClientSecret(db: AuthDb, id: string, secretHash: string): Promise<void> {
  await db
    .updateTable('api_clients')
    .set({ secret_hash: secretHash, secret_rotated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function revokeApiClient(db: AuthDb, id: string): Promise<void> {
  await db.updateTable('api_clients').set({ revoked_at: new Date() }).where('id', '=', id).execute();
}
