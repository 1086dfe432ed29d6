import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

/** The example stack synthesized once by tests/infra/synth-example-stack.ts, with lookups by meaning. */
export function exampleStack() {
  const { template: json, outdir, errors } = inject('keptStack');
  const template = Template.fromJSON(json);
  const resources = json.Resources as Record<string, Resource>;
  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  /** A function by its service name (`kept-<folder under functions/>`), stable across construct moves. */
  const functionNamed = (service: string) =>
    byType('AWS::Lambda::Function').find(
      ([, fn]) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === `kept-${service}`,
    )!;
  const serviceOf = (functionId: string): string =>
    resources[functionId]!.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME.replace(/^kept-/, '');
  /** Every IAM statement attached to a function's role. */
  const statementsOf = (functionId: string): Array<{ Action: string | string[]; Resource: unknown }> => {
    const roleId = resources[functionId]!.Properties.Role['Fn::GetAtt'][0];
    return byType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
  };
  const actionsOf = (functionId: string) => statementsOf(functionId).flatMap((s) => [s.Action].flat());
  return { template, outdir, errors, resources, byType, functionNamed, serviceOf, statementsOf, actionsOf };
}
