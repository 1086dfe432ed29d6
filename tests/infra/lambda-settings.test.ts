import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/config/config-problems.ts';
import { LAMBDA_SETTING_NAMES, readLambdaSettings } from '../../shared/config/lambda-settings.ts';
import { exampleStack } from '../helpers/stack-template.ts';

const { byType, serviceOf } = exampleStack();

// Set for the runtime and Powertools, not read by Kept's settings.
const TOOL_VARIABLES = ['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME'];

/** A function's environment as Lambda will see it: values CloudFormation resolves at deploy become plausible strings. */
function deployedEnvironment(variables: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : `https://resolved-at-deploy.example/${name.toLowerCase()}`,
    ]),
  );
}

describe('the stack and the Lambda settings (shared/config) stay in step', () => {
  it('every variable the stack gives a function is a setting the Lambda reader knows', () => {
    for (const [id, fn] of byType('AWS::Lambda::Function')) {
      const names = Object.keys(fn.Properties.Environment.Variables).filter((n) => !TOOL_VARIABLES.includes(n));
      expect({ service: serviceOf(id), unknown: names.filter((n) => !LAMBDA_SETTING_NAMES.includes(n)) }).toEqual({
        service: serviceOf(id),
        unknown: [],
      });
    }
  });

  it("every function's environment passes the Lambda reader, so no cold start fails on configuration", () => {
    for (const [id, fn] of byType('AWS::Lambda::Function')) {
      const settings = readLambdaSettings(deployedEnvironment(fn.Properties.Environment.Variables));
      expect(settings.KEPT_SUPPORT_CONTACT, serviceOf(id)).toBe('help@kept.example.com');
    }
  });

  it('a missing table or support contact fails the cold start with one line per variable', () => {
    const attempt = () => readLambdaSettings({ KEPT_EMAIL_FROM: 'kept@mail.kept.example.com' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/^KEPT_SUPPORT_CONTACT must be set/),
        expect.stringMatching(/^TABLE_NAME must be set: the DynamoDB table/),
      ]);
    }
  });
});
