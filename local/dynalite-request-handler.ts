import type { InProcessDynalite } from './in-process-dynalite.ts';

/** The slice of the AWS SDK's HTTP request the handler reads. */
interface SdkRequest {
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * An AWS SDK request handler that hands each serialised DynamoDB request to dynalite in this
 * process instead of sending it over HTTP. Everything above the wire stays the SDK's own:
 * serialisation, the retry strategy, error parsing and the document client's marshalling.
 */
const decoder = new TextDecoder();

export function dynaliteRequestHandler(dynalite: InProcessDynalite) {
  let sequence = 0;
  return {
    metadata: { handlerProtocol: 'in-process' },
    async handle(request: SdkRequest) {
      const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
      // The SDK's JSON body is bytes that also answer string methods (with a warning): decode the bytes.
      const body = typeof request.body === 'string' ? request.body : decoder.decode(request.body);
      const answer = await dynalite.dispatch(target, body);
      return {
        response: {
          statusCode: answer.status,
          reason: undefined,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amzn-requestid': `in-process-${++sequence}`,
            'content-length': String(Buffer.byteLength(answer.body)),
          },
          body: Buffer.from(answer.body),
        },
      };
    },
    updateHttpClientConfig(): void {},
    httpHandlerConfigs(): Record<string, unknown> {
      return {};
    },
    destroy(): void {},
  };
}
