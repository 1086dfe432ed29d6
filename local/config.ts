import * as z from 'zod';

const portNumber = z.coerce.number().int().min(0).max(65535);

const LocalConfigSchema = z.object({
  KEPT_PORT: portNumber.default(3000),
  KEPT_HOST: z.string().min(1).default('127.0.0.1'),
  KEPT_DATA_DIR: z.string().min(1).default('.kept'),
  KEPT_SHARDS: z.coerce.number().int().min(1).max(256).default(8),
  KEPT_SUPPORT_CONTACT: z.string().min(1).default('support@kept.example'),
});

export type LocalConfig = z.output<typeof LocalConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the local runtime's settings once; a bad value names the variable. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const parsed = LocalConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`bad configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
