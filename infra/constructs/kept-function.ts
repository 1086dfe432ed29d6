import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { LAMBDA_BUNDLE } from '../bundle-options.ts';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export type TableAction = 'GetItem' | 'BatchGetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query';

export interface KeptFunctionProps {
  /** The folder under functions/ (kebab-case), also the service name `kept-<entry>`. */
  entry: string;
  description: string;
  environment: Record<string, string>;
  logRetentionDays: number;
  timeoutSeconds: number;
  memorySize?: number;
  /** Folders of the repository copied next to the bundle (the API serves web/ from there). */
  copyFolders?: string[];
}

/**
 * One Kept Lambda: arm64, current Node.js, bundled by local esbuild (never Docker), its own
 * log group, source maps on. The service name is what Powertools puts on every log line.
 */
export function keptFunction(scope: Construct, id: string, props: KeptFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: props.logRetentionDays as RetentionDays,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return new NodejsFunction(scope, id, {
    description: props.description,
    entry: root(`functions/${props.entry}/handler.ts`),
    handler: 'handler',
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 256,
    timeout: Duration.seconds(props.timeoutSeconds),
    logGroup,
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: `kept-${props.entry}`,
      ...props.environment,
    },
    projectRoot: root(''),
    depsLockFilePath: root('package-lock.json'),
    bundling: {
      minify: LAMBDA_BUNDLE.minify,
      target: LAMBDA_BUNDLE.target,
      mainFields: [...LAMBDA_BUNDLE.mainFields],
      banner: LAMBDA_BUNDLE.banner,
      externalModules: [...LAMBDA_BUNDLE.external],
      format: OutputFormat.ESM,
      sourceMap: true,
      sourcesContent: false,
      forceDockerBundling: false,
      // esbuild's size report per bundle is noise in synth and in the infra tests; warnings still show.
      logLevel: LogLevel.WARNING,
      ...(props.copyFolders
        ? {
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (inputDir: string, outputDir: string) =>
                (props.copyFolders ?? []).map((folder) => `cp -R "${inputDir}/${folder}" "${outputDir}/${folder}"`),
            },
          }
        : {}),
    },
  });
}

/** Grants exactly these table actions; Query only on the table and the named indexes. */
export function allowTable(fn: NodejsFunction, table: ITableV2, actions: TableAction[], indexes: string[] = []): void {
  const writes = actions.filter((a) => a !== 'Query');
  if (writes.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: writes.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
    );
  }
  if (actions.includes('Query')) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [table.tableArn, ...indexes.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
  }
}

/** Lets the function read one SSM parameter (a SecureString secret) by name. */
export function allowParameter(fn: NodejsFunction, name: string): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ssm:GetParameter'],
      resources: [`arn:${stack.partition}:ssm:${stack.region}:${stack.account}:parameter${name}`],
    }),
  );
}
