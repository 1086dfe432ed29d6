import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { placeholderProblems } from '../../infra/deploy-check.ts';
import { environmentProblems, loadEnvironment } from '../../infra/stack-settings.ts';

const run = promisify(execFile);

const complete = {
  emailFrom: 'kept@mail.couple-support.org',
  alarmEmail: 'oncall@couple-support.org',
  supportContact: 'help@couple-support.org',
  twilioAccountSid: `AC${'5a'.repeat(16)}`,
  twilioFrom: '+15550001111',
};

describe('deployment environments (deploy/<env>.json, one schema)', () => {
  it('the committed example environment is complete: synth and CI use it', () => {
    const example = loadEnvironment('example');
    expect(example.stackName).toBe('Kept');
    expect(example.emailFrom).toMatch(/@/);
  });

  it('an environment without the required settings names each missing one', () => {
    const problems = environmentProblems({ stackName: 'Kept' });
    for (const field of ['emailFrom', 'alarmEmail', 'supportContact', 'twilioAccountSid', 'twilioFrom'])
      expect(
        problems.some((p) => p.startsWith(`${field}: missing`)),
        field,
      ).toBe(true);
    expect(environmentProblems(complete)).toEqual([]);
    expect(
      environmentProblems({ ...complete, twilioFrom: undefined, twilioMessagingServiceSid: `MG${'1'.repeat(32)}` }),
    ).toEqual([]);
    expect(environmentProblems({ ...complete, alarmEmail: 'nobody', sendConcurrency: 1, typo: true })).toEqual([
      'alarmEmail: must be the address that receives the operator alarms',
      'sendConcurrency: must be at least 2 (the SQS event source minimum)',
      '(file): Unrecognized key: "typo"',
    ]);
  });

  it('a real deploy refuses placeholders: example domains (no support@kept.example in HELP replies) and zero SIDs', () => {
    expect(placeholderProblems(loadEnvironment('example'))).toEqual([
      'emailFrom: mail.kept.example.com is a reserved example domain; use your own',
      'alarmEmail: kept.example.com is a reserved example domain; use your own',
      'supportContact: kept.example.com is a reserved example domain; use your own',
      'twilioAccountSid: all zeros is a placeholder; use your own SID',
      'twilioMessagingServiceSid: all zeros is a placeholder; use your own SID',
    ]);
    const real = { ...loadEnvironment('example'), ...complete, twilioMessagingServiceSid: undefined };
    expect(placeholderProblems(real)).toEqual([]);
    expect(placeholderProblems({ ...real, supportContact: 'support@kept.example' })).toEqual([
      'supportContact: kept.example is a reserved example domain; use your own',
    ]);
  });

  it('npm run deploy refuses the example environment before touching AWS, naming every problem', async () => {
    const failure = await run('npx', ['tsx', 'infra/deploy.ts', 'example'], {
      env: { ...process.env, AWS_REGION: 'us-east-1' },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('refusing to deploy "example"');
    for (const field of ['emailFrom', 'alarmEmail', 'supportContact', 'twilioAccountSid'])
      expect(failure?.stderr).toContain(field);
    const missing = await run('npx', ['tsx', 'infra/deploy.ts', 'nowhere']).catch((error) => error);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read deploy/nowhere.json');
  }, 30_000);

  it('until SES has verified the domain the tick is created disabled', () => {
    // Bundling skipped: only the rule's state is under test here.
    const { stack } = buildApp(new App({ context: { env: 'example', 'aws:cdk:bundling-stacks': [] } }));
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'DISABLED',
    });
  });
});
