import { Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { sendingDomain } from '../deploy-check.ts';
import type { StackSettings } from '../stack-settings.ts';

/** What every function is told: the table, the public URL links point at, the HELP contact. */
export function commonEnvironment(table: ITableV2, publicUrl: string, settings: StackSettings): Record<string, string> {
  return {
    TABLE_NAME: table.tableName,
    KEPT_PUBLIC_URL: publicUrl,
    KEPT_SUPPORT_CONTACT: settings.supportContact,
  };
}

/** Twilio's account and sender; the auth token only by its SSM parameter name. */
export function twilioEnvironment(settings: StackSettings): Record<string, string> {
  return {
    ...(settings.twilioAccountSid ? { TWILIO_ACCOUNT_SID: settings.twilioAccountSid } : {}),
    ...(settings.twilioFrom ? { TWILIO_FROM: settings.twilioFrom } : {}),
    ...(settings.twilioMessagingServiceSid ? { TWILIO_MESSAGING_SERVICE_SID: settings.twilioMessagingServiceSid } : {}),
    TWILIO_AUTH_TOKEN_PARAM: settings.twilioAuthTokenParam,
  };
}

/** ses:SendEmail through this configuration set, from the sender's address or its domain only. */
export function sendEmailStatement(
  scope: Construct,
  configurationSetName: string,
  settings: StackSettings,
): PolicyStatement {
  const { partition, region, account } = Stack.of(scope);
  const arn = (resource: string) => `arn:${partition}:ses:${region}:${account}:${resource}`;
  return new PolicyStatement({
    actions: ['ses:SendEmail'],
    resources: [
      arn(`configuration-set/${configurationSetName}`),
      arn(`identity/${settings.emailFrom}`),
      arn(`identity/${sendingDomain(settings)}`),
    ],
  });
}
