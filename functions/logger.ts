import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '../shared/util/logger.ts';
import { redactFields, redactText } from '../shared/util/redact.ts';

/** Every Lambda log line goes through the same redaction step as the terminal's (see shared/util/redact.ts). */
export const maskText = redactText;
const maskFields = redactFields;

export interface LambdaLogger extends Logger {
  /**
   * middy middleware: every line of the invocation carries the request id, the function's
   * name, version and memory, and whether it was a cold start; keys added during an
   * invocation are cleared after it.
   */
  withLambdaContext(): MiddlewareObj;
}

/** Structured JSON logs through Powertools, redacted (no codes, tokens, numbers or addresses). */
export function lambdaLogger(serviceName: string): LambdaLogger {
  const logger = new PowertoolsLogger({ serviceName });
  return {
    info: (message, fields) => logger.info(maskText(message), maskFields(fields)),
    warn: (message, fields) => logger.warn(maskText(message), maskFields(fields)),
    error: (message, fields) => logger.error(maskText(message), maskFields(fields)),
    withLambdaContext: () => injectLambdaContext(logger, { resetKeys: true }),
  };
}
