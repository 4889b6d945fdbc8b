/** The NATS server the NATS scenarios use: its version, and removing a scenario's stream. */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { NATS_URL } from '../lib.js';

export async function deleteStream(stream: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch((error: unknown) => {
      if (!/not found/i.test((error as Error).message)) throw error;
    });
  } finally {
    await nc.close();
  }
}

export async function natsVersion(): Promise<string> {
  const nc = await connect({ servers: NATS_URL });
  try {
    return nc.info?.version ?? 'unknown';
  } finally {
    await nc.close();
  }
}
