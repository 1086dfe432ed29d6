import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Topic } from 'aws-cdk-lib/aws-sns';

/**
 * `enforceSSL` gives a topic a Deny-only policy that replaces SNS's default one, so no AWS
 * service may publish to it any more. This allows one service, only on behalf of this
 * account and only from the named sources (CloudWatch alarms). SES's event destination
 * adds its own statement.
 */
export function allowServicePublish(topic: Topic, service: string, sourceArn: string): void {
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: `Allow${service.split('.')[0]}ToPublish`,
      principals: [new ServicePrincipal(service)],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Stack.of(topic).account },
        ArnLike: { 'aws:SourceArn': sourceArn },
      },
    }),
  );
}
