import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KeptStack } from './kept-stack.ts';
import { readStackSettings } from './stack-settings.ts';

/** The CDK app: `npm run synth` (offline, no credentials) and `npm run deploy`. */
export function buildApp(app = new App()): { app: App; stack: KeptStack } {
  const settings = readStackSettings(app);
  const stack = new KeptStack(app, settings.stackName, {
    settings,
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION ?? process.env.AWS_REGION ?? 'us-east-1',
    },
    description: 'Kept: reminders and rituals for couples rebuilding trust',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  buildApp().app.synth();
}
