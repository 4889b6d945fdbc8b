/** A way for messages to leave: the sender calls `send` and records what happened. */
import type { Channel } from '../model.js';

export interface OutgoingMessage {
  readonly id: string;
  readonly channel: Channel;
  readonly to: string;
  readonly subject: string | null;
  readonly body: string;
}

export interface Provider {
  readonly name: string;
  /** Resolves once the provider has accepted the message, with its own id when it gives one; rejects otherwise. */
  send(message: OutgoingMessage): Promise<{ providerMessageId?: string }>;
}
