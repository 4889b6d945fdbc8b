/** The auth service keeps its own copy of the offices (code → areas) from the config service's events. */
import { defineConsumer } from '../../core/events/consumer.js';
import { OfficeCreated, OfficeUpdated } from '../config/api.js';
import { upsertOffice, type AuthDb, type AuthTables } from './repository.js';

export const keepOffices = defineConsumer<AuthTables>({
  name: 'keep-offices',
  events: [OfficeCreated, OfficeUpdated],
  async handle(event, tx) {
    // Both events carry the whole office; the later one wins.
    const data = (event.type === OfficeCreated.type ? OfficeCreated : OfficeUpdated).data.parse(event.data);
    await upsertOffice(tx as unknown as AuthDb, { code: data.code, name: data.name, areaPath: data.areaPath });
  },
});
