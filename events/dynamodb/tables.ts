import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { PARTITION_KEY, SORT_KEY } from './keys.ts';

/** The key of every table the store writes (events, snapshots): string partition and sort keys. */
export const KEY_SCHEMA = [
  { AttributeName: PARTITION_KEY, KeyType: 'HASH' as const },
  { AttributeName: SORT_KEY, KeyType: 'RANGE' as const },
];
export const KEY_ATTRIBUTES = [
  { AttributeName: PARTITION_KEY, AttributeType: 'S' as const },
  { AttributeName: SORT_KEY, AttributeType: 'S' as const },
];

/** Creates a table of the ledger (events or log snapshots: the same keys) when it is missing (local runs and tests; CDK owns them in AWS). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: KEY_ATTRIBUTES,
        KeySchema: KEY_SCHEMA,
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  return 'created';
}
