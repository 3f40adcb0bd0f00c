import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PARTITION_KEY, SORT_KEY, padNumber } from '../../events/dynamodb/keys.ts';

/**
 * Delivery state: where each subscriber stands, its attempts, recent deliveries and webhook
 * signing secrets. Kept in a table of its own, never in the events table (delivery is not
 * history, and the events table stays append-only). One writer: the dispatcher.
 *
 *   W#<webhook> STATE                 checkpoint, attempts, next attempt, failing since
 *   W#<webhook> SECRET#<version>      signing secret (whsec_...)
 *   W#<webhook> D#<position>#<attempt> one delivery attempt (status, latency, error, body <= 1 KB)
 *   B#<bus>     STATE                 the bus checkpoint
 */

export interface SubscriberState {
  /** Every event up to this position was acknowledged, or did not match. */
  checkpoint: number;
  /** Position of the last event the receiver acknowledged. */
  lastDeliveredPosition: number | null;
  /** Failed attempts at the event after the checkpoint. */
  attempts: number;
  nextAttemptAt: string | null;
  /** When the current run of failures began. */
  firstFailureAt: string | null;
  /** Set once failures have lasted longer than the retry period: the subscriber is FAILING. */
  failingSince: string | null;
  lastError: string | null;
}

export interface DeliveryAttempt {
  webhookId: string;
  position: number;
  eventId: string;
  attempt: number;
  attemptedAt: string;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  /** The receiver's answer, at most 1 KB. */
  responseBody: string | null;
}

export interface DeliveryStore {
  state(subscriber: string): Promise<SubscriberState | null>;
  saveState(subscriber: string, state: SubscriberState): Promise<void>;
  record(attempt: DeliveryAttempt): Promise<void>;
  /** The latest attempts, newest first. */
  recent(webhookId: string, limit: number): Promise<DeliveryAttempt[]>;
  /** The secret of this version, made now if it has none yet (an idempotent retry gets the same one). */
  ensureSecret(webhookId: string, version: number): Promise<string>;
  secret(webhookId: string, version: number): Promise<string | null>;
}

export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** Recent attempts are kept this long (the table's TTL attribute `expiresAt` in AWS). */
const ATTEMPT_RETENTION_S = 7 * 24 * 3600;

export class DynamoDeliveryStore implements DeliveryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async state(subscriber: string): Promise<SubscriberState | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [PARTITION_KEY]: subscriber, [SORT_KEY]: 'STATE' }, ConsistentRead: true }),
    );
    return Item ? (Item.state as SubscriberState) : null;
  }

  async saveState(subscriber: string, state: SubscriberState): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { [PARTITION_KEY]: subscriber, [SORT_KEY]: 'STATE', state } }));
  }

  async record(attempt: DeliveryAttempt): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          [PARTITION_KEY]: webhookKey(attempt.webhookId),
          [SORT_KEY]: `D#${padNumber(Date.parse(attempt.attemptedAt))}#${padNumber(attempt.position)}#${padNumber(attempt.attempt)}`,
          attempt,
          expiresAt: Math.floor(Date.parse(attempt.attemptedAt) / 1000) + ATTEMPT_RETENTION_S,
        },
      }),
    );
  }

  async recent(webhookId: string, limit: number): Promise<DeliveryAttempt[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :d)',
        ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#sk': SORT_KEY },
        ExpressionAttributeValues: { ':pk': webhookKey(webhookId), ':d': 'D#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map((item) => item.attempt as DeliveryAttempt);
  }

  async ensureSecret(webhookId: string, version: number): Promise<string> {
    const existing = await this.secret(webhookId, version);
    if (existing) return existing;
    const secret = newSecret();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { [PARTITION_KEY]: webhookKey(webhookId), [SORT_KEY]: secretKey(version), secret },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
        }),
      );
      return secret;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      return (await this.secret(webhookId, version))!;
    }
  }

  async secret(webhookId: string, version: number): Promise<string | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { [PARTITION_KEY]: webhookKey(webhookId), [SORT_KEY]: secretKey(version) }, ConsistentRead: true }),
    );
    return (Item?.secret as string | undefined) ?? null;
  }
}

export const webhookKey = (webhookId: string) => `W#${webhookId}`;
export const busKey = (bus: string) => `B#${bus}`;
const secretKey = (version: number) => `SECRET#${padNumber(version)}`;
