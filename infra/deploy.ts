import { GetEmailIdentityCommand, NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sendingDomain, placeholderProblems } from './deploy-check.ts';
import {
  type DeployEnvironment,
  environmentPath,
  environmentProblems,
  DeployEnvironmentSchema,
} from './stack-settings.ts';

/**
 * `npm run deploy -- <env> [cdk options]`: refuses an incomplete environment (naming every
 * missing or placeholder setting), keeps the minute tick disabled until SES has verified the
 * sending domain, then runs `cdk deploy` with only the environment's name on the command line.
 */
async function main(args: string[]): Promise<number> {
  const [name, ...cdkArgs] = args;
  if (!name || name.startsWith('-')) {
    console.error('usage: npm run deploy -- <environment> [cdk deploy options]   (reads deploy/<environment>.json)');
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(environmentPath(name), 'utf8'));
  } catch (error) {
    console.error(`cannot read deploy/${name}.json: ${(error as Error).message}`);
    return 2;
  }
  const problems = environmentProblems(raw);
  const env = problems.length === 0 ? DeployEnvironmentSchema.parse(raw) : undefined;
  if (env) problems.push(...placeholderProblems(env));
  if (problems.length > 0 || !env) {
    console.error(`refusing to deploy "${name}": fix deploy/${name}.json\n  ${problems.join('\n  ')}`);
    return 1;
  }
  const verified = await domainVerified(env);
  if (!verified) {
    console.warn(
      `SES has not verified ${sendingDomain(env)} yet: deploying with the minute tick DISABLED.\n` +
        '  Publish the DKIM and MAIL FROM records (README, "SES identity and DNS"), wait for\n' +
        `  "aws sesv2 get-email-identity --email-identity ${sendingDomain(env)}" to say VerifiedForSendingStatus: true,\n` +
        `  then run "npm run deploy -- ${name}" again to start the tick.`,
    );
  }
  const cdk = spawnSync(
    'npx',
    ['cdk', 'deploy', '--no-notices', '-c', `env=${name}`, '-c', `tickEnabled=${verified}`, ...cdkArgs],
    {
      stdio: 'inherit',
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: '1', AWS_REGION: env.region },
    },
  );
  return cdk.status ?? 1;
}

/** Whether SES may send from the domain; an identity that does not exist yet is not verified. */
async function domainVerified(env: DeployEnvironment): Promise<boolean> {
  const ses = new SESv2Client({
    region: env.region,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  });
  try {
    const identity = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: sendingDomain(env) }));
    return identity.VerifiedForSendingStatus === true;
  } catch (error) {
    if (error instanceof NotFoundException) return false;
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
