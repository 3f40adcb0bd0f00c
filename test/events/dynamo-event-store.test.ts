import { DynamoEventStore } from '../../events/dynamodb/dynamo-event-store.ts';
import { createTestTable } from '../support/dynamo.ts';
import { contractRegistry, storeContract } from './store-contract.ts';

storeContract('DynamoDB Local', async () => {
  const table = await createTestTable('contract', contractRegistry());
  return {
    store: table.store,
    makeSibling: (registry = contractRegistry()) => new DynamoEventStore({ client: table.client, tableName: table.tableName, registry }),
  };
});
