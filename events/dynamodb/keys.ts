/**
 * Key layout of the events table, exported once and imported by the store and by infra/.
 *
 *   stream item       pk S#<kind>#<id>        sk <version, zero-padded>
 *   feed item         pk F                    sk <global position, zero-padded>
 *   idempotency item  pk I#<actor>#<key>      sk -
 */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
export const FEED_PARTITION = 'F';
export const IDEMPOTENCY_SORT_KEY = '-';

const PAD = 15;

export const padNumber = (n: number): string => n.toString().padStart(PAD, '0');
export const streamPartition = (kind: string, id: string): string => `S#${kind}#${id}`;
export const idempotencyPartition = (actorId: string, key: string): string => `I#${actorId}#${key}`;

/** DynamoDB service limits the store checks before writing. */
export const LIMITS = {
  itemBytes: 400 * 1024,
  transactionItems: 100,
  transactionBytes: 4 * 1024 * 1024,
} as const;
