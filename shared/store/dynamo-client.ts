import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoSettings {
  /** Omit in AWS; the embedded store and tests pass their local endpoint. */
  endpoint?: string;
  region?: string;
}

/** A document client that drops undefined values and never stores JS class instances. */
export function createDocumentClient(settings: DynamoSettings): DynamoDBDocumentClient {
  const local = settings.endpoint !== undefined;
  const client = new DynamoDBClient({
    endpoint: settings.endpoint,
    region: settings.region ?? process.env.AWS_REGION ?? 'us-east-1',
    // Local endpoints need some credentials but never real ones.
    ...(local ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: local ? 2 : 3,
    // In AWS, bounded, so that a slow store cannot hold a webhook past Twilio's 15-second limit.
    ...(local ? {} : { requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } }),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
