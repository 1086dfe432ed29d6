import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

const cache = new Map<string, Promise<string>>();
let client: SSMClient | undefined;

/** An SSM SecureString, read once per cold start and cached (never in the environment). */
export function secureParameter(name: string): Promise<string> {
  let value = cache.get(name);
  if (!value) {
    client ??= new SSMClient({});
    value = client.send(new GetParameterCommand({ Name: name, WithDecryption: true })).then((result) => {
      if (!result.Parameter?.Value) throw new Error(`SSM parameter ${name} is empty`);
      return result.Parameter.Value;
    });
    value.catch(() => cache.delete(name)); // a failed read is retried on the next invocation
    cache.set(name, value);
  }
  return value;
}
