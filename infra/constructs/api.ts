import { RemovalPolicy } from 'aws-cdk-lib';
import { type CfnStage, type HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { WEB_FILES, WEB_MODULES_PATH } from '../../shared/http/web-routes.ts';
import { TABLE } from '../../shared/store/entities/table-shape.ts';
import type { StackSettings } from '../stack-settings.ts';
import { twilioEnvironment } from './function-environment.ts';
import { allowParameter, allowTable, keptFunction } from './kept-function.ts';
import type { Pipeline } from './pipeline.ts';

export interface ApiProps {
  settings: StackSettings;
  pipeline: Pipeline;
  httpApi: HttpApi;
}

/** The JSON API and the links from email behind the HTTP API, throttled, with access logs. */
export class Api extends Construct {
  readonly handler: NodejsFunction;
  /** One JSON line per request: route and status (the 5xx alarms count these). */
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { settings, pipeline, httpApi } = props;

    // Sign-in codes (sent directly, by Twilio or SES), plan edits, reads, erasing an account.
    this.handler = keptFunction(this, 'Handler', {
      entry: 'api',
      description: 'Kept: links from email and the JSON API',
      environment: {
        ...pipeline.environment,
        ...twilioEnvironment(settings),
        LINK_SECRET_PARAM: settings.linkSecretParam,
        QUEUE_URL: pipeline.deliveries.queueUrl,
        KEPT_SES_CONFIGURATION_SET: pipeline.configurationSet.configurationSetName,
        KEPT_EMAIL_FROM: settings.emailFrom,
      },
      logRetentionDays: settings.logRetentionDays,
      copyFolders: ['web'],
      // Below API Gateway's 29 s integration limit, so a slow call ends as our error, logged.
      timeoutSeconds: 25,
    });
    allowTable(
      this.handler,
      pipeline.table,
      ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
      [TABLE.index.phone.name, TABLE.index.email.name],
    );
    allowParameter(this.handler, settings.linkSecretParam);
    allowParameter(this.handler, settings.twilioAuthTokenParam);
    pipeline.deliveries.grantSendMessages(this.handler);
    this.handler.addToRolePolicy(pipeline.sendEmailStatement(settings));

    const integration = new HttpLambdaIntegration('ApiIntegration', this.handler);
    const route = (path: string, ...methods: HttpMethod[]) => httpApi.addRoutes({ path, methods, integration });
    route('/u/{token}', HttpMethod.GET, HttpMethod.POST);
    route('/c/{token}', HttpMethod.GET, HttpMethod.POST);
    route('/c/{token}/undo', HttpMethod.POST);
    route('/a/{token}', HttpMethod.GET, HttpMethod.POST); // answering a conversation prompt from email
    route('/sa/{token}', HttpMethod.GET, HttpMethod.POST); // a partner agrees to a supporter, from email
    route('/sc/{token}', HttpMethod.GET, HttpMethod.POST); // the supporter confirms, from email
    route('/j/{token}', HttpMethod.GET, HttpMethod.POST);
    route('/cal/{file}', HttpMethod.GET);
    route('/api/{proxy+}', HttpMethod.ANY);
    // The dashboard, from the same function: same origin as the API, so the session cookie
    // and the same-origin checks work unchanged; the sign-in link (/#signin=...) lands here.
    for (const path of Object.keys(WEB_FILES)) route(path, HttpMethod.GET);
    route(WEB_MODULES_PATH.replace(/:(\w+)/, '{$1}'), HttpMethod.GET); // app.js's modules (web/js/)

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: settings.logRetentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = httpApi.defaultStage!.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };
    stage.accessLogSettings = {
      destinationArn: this.accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        route: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
      }),
    };
  }
}
