/**
 * How each Lambda entry is bundled: by the stack (NodejsFunction, local esbuild, never
 * Docker) and by the benchmark that measures the bundles. One definition for both.
 * ESM lets esbuild drop unused code (zod's locales, for one); the AWS SDK is in the runtime.
 */
export const LAMBDA_BUNDLE = {
  minify: true,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire as keptCreateRequire } from 'module'; const require = keptCreateRequire(import.meta.url);",
  external: ['@aws-sdk/*'],
} as const;

export const LAMBDA_ENTRIES = ['tick', 'send', 'twilio-sms', 'twilio-status', 'ses-notifications', 'api'] as const;
