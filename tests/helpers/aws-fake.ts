import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small stand-in for the two AWS JSON APIs the Lambda runtime calls besides DynamoDB and
 * SES, which have local servers: SQS SendMessageBatch (the tick's queue) and SSM
 * GetParameter (secrets read at cold start). Real HTTP, real SDK clients, real signing.
 */
export async function startAwsFake(parameters: Record<string, string>) {
  const sent: Array<{ queueUrl: string; body: string }> = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const target = String(req.headers['x-amz-target'] ?? '');
    const reply = (status: number, body: unknown, type = 'application/x-amz-json-1.0') => {
      res.writeHead(status, { 'content-type': type });
      res.end(JSON.stringify(body));
    };
    if (target === 'AmazonSQS.SendMessageBatch') {
      const successful = input.Entries.map((entry: { Id: string; MessageBody: string }) => {
        sent.push({ queueUrl: input.QueueUrl, body: entry.MessageBody });
        return {
          Id: entry.Id,
          MessageId: `m-${sent.length}`,
          MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'),
        };
      });
      return reply(200, { Successful: successful, Failed: [] });
    }
    if (target === 'AmazonSSM.GetParameter') {
      const value = parameters[input.Name];
      if (value === undefined)
        return reply(400, { __type: 'ParameterNotFound', message: 'not found' }, 'application/x-amz-json-1.1');
      return reply(
        200,
        { Parameter: { Name: input.Name, Type: 'SecureString', Value: value, Version: 1 } },
        'application/x-amz-json-1.1',
      );
    }
    reply(400, { __type: 'UnknownOperationException', message: target });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
