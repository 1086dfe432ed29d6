import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/config/config-problems.ts';
import { readLambdaSettings } from '../../shared/config/lambda-settings.ts';
import { readLocalSettings } from '../../shared/config/local-settings.ts';

const LAMBDA_BASE = { TABLE_NAME: 'kept-table', KEPT_SUPPORT_CONTACT: 'help@kept.example.com' };

/** The lines a reader refuses these settings with. */
function problems(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('one declaration of the settings both runtimes read', () => {
  it('a shared setting is checked and explained the same by the kept command and by Lambda', () => {
    for (const [name, value] of [
      ['KEPT_SHARDS', '0'],
      ['KEPT_PUBLIC_URL', 'kept.example.com'],
      ['KEPT_EMAIL_FROM', 'kept at example'],
      ['TWILIO_ACCOUNT_SID', 'AC123'],
      ['TWILIO_FROM', '5550001111'],
    ]) {
      const local = problems(() => readLocalSettings({ [name!]: value, AWS_PROFILE: 'p' }));
      const lambda = problems(() => readLambdaSettings({ ...LAMBDA_BASE, [name!]: value }));
      expect(
        local.find((line) => line.startsWith(`${name} `)),
        name,
      ).toBeDefined();
      expect(lambda.filter((line) => line.startsWith(`${name} `))).toEqual(
        local.filter((line) => line.startsWith(`${name} `)),
      );
    }
  });

  it('reads the same values the same way: defaults, a region, an empty variable as unset', () => {
    const local = readLocalSettings({ KEPT_PUBLIC_URL: '', KEPT_SHARDS: '16' });
    const lambda = readLambdaSettings({ ...LAMBDA_BASE, KEPT_PUBLIC_URL: '', KEPT_SHARDS: '16' });
    for (const settings of [local, lambda]) {
      expect(settings.KEPT_PUBLIC_URL).toBeUndefined();
      expect(settings.KEPT_SHARDS).toBe(16);
      expect(settings.AWS_REGION).toBe('us-east-1');
      expect(settings.TWILIO_API_URL).toBe('https://api.twilio.com');
    }
  });

  it('--port and --data win over their variables; a bad flag is named like its variable', () => {
    const settings = readLocalSettings(
      { KEPT_PORT: '3000', KEPT_DATA_DIR: '.kept' },
      { port: '3701', data: 'elsewhere' },
    );
    expect([settings.KEPT_PORT, settings.KEPT_DATA_DIR]).toEqual([3701, 'elsewhere']);
    expect(problems(() => readLocalSettings({}, { port: 'x' }))).toEqual([
      'KEPT_PORT must be a whole number from 0 to 65535, like 3000 (set by --port or KEPT_PORT) (got "x")',
    ]);
  });

  it('never echoes a secret, and the Lambda environment holds only the names of secrets', () => {
    const lines = problems(() => readLocalSettings({ KEPT_LINK_SECRET: 'short-secret', TWILIO_AUTH_TOKEN: 'tok' }));
    expect(lines.join('\n')).not.toMatch(/short-secret|"tok"/);
    expect(lines.some((line) => line.startsWith('KEPT_LINK_SECRET must be at least 32 characters'))).toBe(true);
    const lambda = readLambdaSettings({ ...LAMBDA_BASE, TWILIO_AUTH_TOKEN_PARAM: '/kept/twilio-auth-token' });
    expect(lambda.TWILIO_AUTH_TOKEN_PARAM).toBe('/kept/twilio-auth-token');
    expect(lambda).not.toHaveProperty('TWILIO_AUTH_TOKEN');
  });

  it('a configuration set without a sender is half-done SES in both runtimes', () => {
    const line = expect.stringMatching(
      /^SES is partly configured: KEPT_SES_CONFIGURATION_SET is set but KEPT_EMAIL_FROM/,
    );
    expect(problems(() => readLocalSettings({ KEPT_SES_CONFIGURATION_SET: 'kept' }))).toEqual([line]);
    expect(problems(() => readLambdaSettings({ ...LAMBDA_BASE, KEPT_SES_CONFIGURATION_SET: 'kept' }))).toEqual([line]);
  });
});

describe('half-configured Twilio is refused at start, in both runtimes', () => {
  const ACCOUNT = { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` };

  it('an account without a sender fails the cold start, naming what is missing', () => {
    const lambda = { ...LAMBDA_BASE, ...ACCOUNT, TWILIO_AUTH_TOKEN_PARAM: '/kept/twilio-auth-token' };
    expect(problems(() => readLambdaSettings(lambda))).toEqual([
      'Twilio is partly configured: also set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID, or unset every TWILIO_ variable to send no texts',
    ]);
    expect(problems(() => readLocalSettings({ ...ACCOUNT, TWILIO_AUTH_TOKEN: 'secret-token' }))).toEqual([
      'Twilio is partly configured: also set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID, or unset every TWILIO_ variable to keep texts in the local outbox',
    ]);
  });

  it("a sender without an account, or an account without its token's parameter, is named too", () => {
    expect(problems(() => readLambdaSettings({ ...LAMBDA_BASE, TWILIO_FROM: '+15555550100' }))).toEqual([
      expect.stringMatching(/^Twilio is partly configured: also set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN_PARAM,/),
    ]);
    expect(problems(() => readLambdaSettings({ ...LAMBDA_BASE, ...ACCOUNT, TWILIO_FROM: '+15555550100' }))).toEqual([
      expect.stringMatching(/^Twilio is partly configured: also set TWILIO_AUTH_TOKEN_PARAM,/),
    ]);
  });

  it('a complete set, or only the parameter name every function is given, starts', () => {
    const complete = {
      ...LAMBDA_BASE,
      ...ACCOUNT,
      TWILIO_FROM: '+15555550100',
      TWILIO_AUTH_TOKEN_PARAM: '/kept/twilio-auth-token',
    };
    expect(readLambdaSettings(complete).TWILIO_FROM).toBe('+15555550100');
    const nameOnly = { ...LAMBDA_BASE, TWILIO_AUTH_TOKEN_PARAM: '/kept/twilio-auth-token' };
    expect(readLambdaSettings(nameOnly).TWILIO_ACCOUNT_SID).toBeUndefined();
  });
});
