import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaLogger } from '../../functions/logger.ts';

const context = {
  awsRequestId: 'req-42',
  functionName: 'Kept-PipelineTick',
  functionVersion: '$LATEST',
  memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:Kept-PipelineTick',
  getRemainingTimeInMillis: () => 50_000,
} as unknown as Context;

/** What the logger wrote to stdout during `run`, one parsed JSON object per line. */
async function captureLines(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

afterEach(() => {
  delete process.env.POWERTOOLS_LOG_LEVEL;
});

describe('the Lambda logger', () => {
  it('puts the Lambda context on every line of an invocation (injectLambdaContext), and masks addresses', async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    const logger = lambdaLogger('kept-test');
    const handler = middy<unknown>()
      .use(logger.withLambdaContext())
      .handler(async () => {
        logger.info('planned a reminder for +15555550101', { to: 'sam@example.com', planned: 3 });
        return 'done';
      });
    const lines = await captureLines(() => handler({}, context));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      service: 'kept-test',
      function_request_id: 'req-42',
      function_name: 'Kept-PipelineTick',
      function_memory_size: '512',
      cold_start: expect.any(Boolean),
      planned: 3,
    });
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('+15555550101');
    expect(text).not.toContain('sam@example.com');
    // The next invocation's lines carry the next request id, and it is no longer a cold start.
    const next = await captureLines(() => handler({}, { ...context, awsRequestId: 'req-43' }));
    expect(next[0]).toMatchObject({ function_request_id: 'req-43', cold_start: false });
  });
});
