import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../infra/app.ts';

export interface SynthesizedStack {
  /** The CloudFormation template as JSON (Template.fromJSON gives the assertions back). */
  template: Record<string, any>;
  /** Where the bundles were written (asset.<hash>/ per function). */
  outdir: string;
  /** cdk-nag and CDK errors found during synth. */
  errors: unknown[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    keptStack: SynthesizedStack;
  }
}

/**
 * Vitest global setup of the infra tests: the stack is synthesized (and its six functions
 * bundled) once for every infra test file, not once per file.
 */
export function setup(project: TestProject): void {
  process.env.CDK_DEFAULT_REGION = 'us-east-1';
  // The committed example environment, as `npm run synth` and CI build it.
  const { stack, app } = buildApp(new App({ context: { env: 'example', tickEnabled: 'true' } }));
  const template = Template.fromStack(stack).toJSON();
  const errors = Annotations.fromStack(stack).findError('*', Match.anyValue());
  project.provide('keptStack', { template, outdir: app.outdir, errors });
}
