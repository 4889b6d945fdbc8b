/** Which workqueues a user's desk shows, from the scopes their role grants, most pressing first. */
import type { QueueName } from '../../api/records';

export function queuesFor(scopes: readonly string[]): QueueName[] {
  const has = (scope: string) => scopes.includes(scope);
  const queues: QueueName[] = [];
  const reviewer = has('record.validate') || has('record.register');
  if (reviewer) queues.push('ready-for-review');
  if (has('record.print')) queues.push('ready-to-print');
  if (has('record.declare') || reviewer) queues.push('requires-updates');
  if (has('record.correct.approve')) queues.push('sent-for-approval');
  // A declarer follows what they sent: it waits for review.
  if (has('record.declare') && !reviewer) queues.push('ready-for-review', 'in-progress');
  if (has('record.read')) queues.push('assigned-to-me');
  return queues;
}
