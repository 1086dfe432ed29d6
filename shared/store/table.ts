import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** Key attribute names and index names, shared by the store, the local runtime and the CDK stack. */
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  dueIndex: 'GSI1',
  dueIndexPartitionKey: 'GSI1PK',
  dueIndexSortKey: 'GSI1SK',
  phoneIndex: 'GSI2',
  phoneIndexPartitionKey: 'GSI2PK',
  phoneIndexSortKey: 'GSI2SK',
  emailIndex: 'GSI3',
  emailIndexPartitionKey: 'GSI3PK',
  emailIndexSortKey: 'GSI3SK',
  ttlAttribute: 'expiresAt',
} as const;

/** The single table's definition, used to create it in the embedded store and in tests. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const k = TABLE_KEYS;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      k.partitionKey,
      k.sortKey,
      k.dueIndexPartitionKey,
      k.dueIndexSortKey,
      k.phoneIndexPartitionKey,
      k.phoneIndexSortKey,
      k.emailIndexPartitionKey,
      k.emailIndexSortKey,
    ].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: k.partitionKey, KeyType: 'HASH' },
      { AttributeName: k.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: k.dueIndex,
        KeySchema: [
          { AttributeName: k.dueIndexPartitionKey, KeyType: 'HASH' },
          { AttributeName: k.dueIndexSortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: k.phoneIndex,
        KeySchema: [
          { AttributeName: k.phoneIndexPartitionKey, KeyType: 'HASH' },
          { AttributeName: k.phoneIndexSortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: k.emailIndex,
        KeySchema: [
          { AttributeName: k.emailIndexPartitionKey, KeyType: 'HASH' },
          { AttributeName: k.emailIndexSortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  };
}
