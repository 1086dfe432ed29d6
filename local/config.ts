import * as z from 'zod';
import { ConfigError, configProblems } from '../shared/config/config-problems.ts';

export { ConfigError } from '../shared/config/config-problems.ts';

/** A whole number in a range; every way of getting it wrong gets the same sentence. */
const wholeNumber = (min: number, max: number, sentence: string) =>
  z.coerce
    .number({ error: sentence })
    .int({ error: sentence })
    .min(min, { error: sentence })
    .max(max, { error: sentence });

// An IP address or a host name; whether this machine has it is found out when listening.
const HOST_PATTERN = /^(?:[0-9a-fA-F:.]+|[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*)$/;

const LocalConfigSchema = z.object({
  KEPT_PORT: wholeNumber(
    0,
    65535,
    'must be a whole number from 0 to 65535, like 3000 (set by --port or KEPT_PORT)',
  ).default(3000),
  KEPT_HOST: z
    .string()
    .regex(HOST_PATTERN, {
      error: 'must be an address of this machine to listen on, like 127.0.0.1 (the default) or 0.0.0.0',
    })
    .default('127.0.0.1'),
  KEPT_DATA_DIR: z
    .string()
    .min(1, { error: 'must name a folder, like .kept (set by --data or KEPT_DATA_DIR)' })
    .default('.kept'),
  KEPT_SHARDS: wholeNumber(1, 256, 'must be a whole number from 1 to 256 (the default is 8)').default(8),
  KEPT_SUPPORT_CONTACT: z
    .string()
    .min(1, { error: 'must not be empty: an address people can write to' })
    .default('support@kept.example'),
});

export type LocalConfig = z.output<typeof LocalConfigSchema>;

/** Reads and checks the local runtime's settings once; a bad value names the variable and the fix. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = LocalConfigSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(configProblems(parsed.error, env));
  return parsed.data;
}
