import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { INDEXES, KEY_ATTRIBUTES, TABLE } from './entities/table-shape.ts';

/** The single table's definition, used to create it in the embedded store and in tests. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const keyNames = KEY_ATTRIBUTES;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: INDEXES.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}
