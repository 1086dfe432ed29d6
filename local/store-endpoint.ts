import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { type InProcessDynalite, requestId } from './in-process-dynalite.ts';

export interface StoreEndpoint {
  endpoint: string;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves an in-process store to other processes on loopback with the DynamoDB JSON protocol,
 * so `kept apply` and `kept preview` reach the data a running `kept start` holds open (LevelDB
 * allows one process per folder). Like dynalite's own server, it checks no signatures: it
 * listens on 127.0.0.1 only.
 */
export async function serveStore(dynalite: InProcessDynalite, port = 0): Promise<StoreEndpoint> {
  const server = createServer((request, response) => {
    void (async () => {
      const body = request.method === 'POST' ? await readBody(request) : null;
      const answer =
        body === null
          ? {
              status: request.method === 'POST' ? 413 : 404,
              body: '{"__type":"com.amazon.coral.service#UnknownOperationException"}',
            }
          : await dynalite.dispatch(String(request.headers['x-amz-target'] ?? ''), body);
      response.writeHead(answer.status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(answer.body),
        'x-amzn-requestid': requestId(),
        'x-amz-crc32': String(crc32(answer.body)),
      });
      response.end(answer.body);
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.keepAliveTimeout = 5_000;
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
