import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KeptStack } from './kept-stack.ts';
import { type DeployEnvironment, loadEnvironment, type StackSettings } from './stack-settings.ts';

/**
 * The CDK app. The environment is `deploy/<env>.json` (`-c env=<name>`, default `example`,
 * which is what `npm run synth` and CI use). `tickEnabled` is decided by `npm run deploy`
 * (SES verified or not); without it the tick is created disabled.
 */
export function buildApp(
  app = new App(),
  overrides: Partial<DeployEnvironment> & { tickEnabled?: boolean } = {},
): { app: App; stack: KeptStack; settings: StackSettings } {
  const envName = String(app.node.tryGetContext('env') ?? 'example');
  const tickContext = app.node.tryGetContext('tickEnabled');
  const settings: StackSettings = {
    ...loadEnvironment(envName),
    tickEnabled: tickContext === true || tickContext === 'true',
    ...overrides,
  };
  const stack = new KeptStack(app, settings.stackName, {
    settings,
    env: { account: settings.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: settings.region },
    description: 'Kept: reminders and rituals for couples rebuilding trust',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, settings };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  buildApp().app.synth();
}
