import type * as z from 'zod';

/** A setting that is missing, malformed or contradicts another; the message names the variable and the fix. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * One line per problem, "NAME must be ... (got "value")". Values of secrets are never echoed.
 */
export function configProblems(error: z.ZodError, env: Record<string, string | undefined>): string[] {
  return error.issues.map((issue) => {
    const name = issue.path.map(String).join('.');
    const value = env[name];
    const secret = /SECRET|TOKEN|KEY|PASSWORD/.test(name);
    const shown = value === undefined || secret || issue.code === 'custom' ? '' : ` (got "${value}")`;
    return name ? `${name} ${issue.message}${shown}` : issue.message;
  });
}
