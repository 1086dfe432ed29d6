import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { cachedFor, SECRET_TTL_MS } from './cached.ts';

/**
 * Every AWS SDK client in Lambda is bounded: a slow dependency fails the call in seconds
 * (and is retried) instead of holding a webhook past Twilio's 15 s or the API past 29 s.
 */
export const SDK_TIMEOUTS = { connectionTimeout: 1_000, requestTimeout: 3_000 } as const;

const cache = new Map<string, () => Promise<string>>();
let client: SSMClient | undefined;

/** An SSM SecureString, cached for SECRET_TTL_MS (so a rotation takes effect), never in the environment. */
export function secureParameter(name: string): Promise<string> {
  let read = cache.get(name);
  if (!read) {
    read = cachedFor(SECRET_TTL_MS, async () => {
      client ??= new SSMClient({ maxAttempts: 3, requestHandler: SDK_TIMEOUTS });
      const result = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      if (!result.Parameter?.Value) throw new Error(`SSM parameter ${name} is empty`);
      return result.Parameter.Value;
    });
    cache.set(name, read);
  }
  return read();
}
