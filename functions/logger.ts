import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '../shared/util/logger.ts';
import { maskEmail, maskPhone } from '../shared/util/privacy.ts';

const PHONE = /\+[1-9]\d{6,14}/g;
const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi;

/** A last line of defence: any phone number or email address left in a log line is masked. */
export function maskText(text: string): string {
  return text.replace(PHONE, maskPhone).replace(EMAIL, maskEmail);
}

function maskFields(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      value instanceof Error
        ? { name: value.name, message: maskText(value.message) }
        : typeof value === 'string'
          ? maskText(value)
          : value,
    ]),
  );
}

export interface LambdaLogger extends Logger {
  /**
   * middy middleware: every line of the invocation carries the request id, the function's
   * name, version and memory, and whether it was a cold start; keys added during an
   * invocation are cleared after it.
   */
  withLambdaContext(): MiddlewareObj;
}

/** Structured JSON logs through Powertools, with addresses masked. */
export function lambdaLogger(serviceName: string): LambdaLogger {
  const logger = new PowertoolsLogger({ serviceName });
  return {
    info: (message, fields) => logger.info(maskText(message), maskFields(fields)),
    warn: (message, fields) => logger.warn(maskText(message), maskFields(fields)),
    error: (message, fields) => logger.error(maskText(message), maskFields(fields)),
    withLambdaContext: () => injectLambdaContext(logger, { resetKeys: true }),
  };
}
