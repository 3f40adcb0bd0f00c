import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../api/auth/permissions.ts';
import { KEY_ATTRIBUTES, KEY_SCHEMA } from '../../events/dynamodb/tables.ts';
import { API_EVENTS_TABLE_ACTIONS, EVENTS_TABLE_ACTIONS, OrgStack, SNAPSHOTS_TABLE_ACTIONS, validateOrgName } from '../../infra/org-stack.ts';
import { DELIVERY_TABLE_ACTIONS } from '../../infra/outbound.ts';
import { addOrgStacks, orgsFromContext } from '../../infra/orgs.ts';
import { NO_BUNDLING, testApp } from './test-app.ts';

const JWT = { issuer: 'https://id.example.com/', audience: ['decision-ledger', 'cli'] };
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:ops-alarms';

let app: App;
let plain: Template;
let full: Template;
let existingTopic: Template;

beforeAll(() => {
  // All stacks first: the app synthesizes once, on the first Template.fromStack.
  app = testApp(NO_BUNDLING);
  const stacks = [
    new OrgStack(app, 'Plain', { org: 'acme' }),
    new OrgStack(app, 'Full', {
      org: 'globex',
      jwt: JWT,
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      throttle: { rateLimit: 20, burstLimit: 40 },
      alarmEmail: 'ops@example.com',
      tableName: 'globex-events',
      outbound: false,
    }),
    new OrgStack(app, 'ExistingTopic', { org: 'initech', alarmTopicArn: TOPIC_ARN }),
  ];
  [plain, full, existingTopic] = stacks.map((stack) => Template.fromStack(stack)) as [Template, Template, Template];
}, 120_000);

const only = <T>(resources: Record<string, T>): T => {
  const values = Object.values(resources);
  expect(values).toHaveLength(1);
  return values[0]!;
};
/** The logical id of the one resource of a type (whose id starts with `prefix`, when given). */
const logicalId = (template: Template, type: string, prefix = ''): string => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};
const TABLE = 'AWS::DynamoDB::GlobalTable';
const eventsTableId = (template: Template) => logicalId(template, TABLE, 'EventsTable');
const snapshotsTableId = (template: Template) => logicalId(template, TABLE, 'LogSnapshotsTable');
const resource = (template: Template, id: string) => template.findResources(TABLE)[id]!;
/** The GraphQL function and the writer (outbound, on by default, adds the dispatcher function). */
const FUNCTION = 'AWS::Lambda::Function';
const graphqlFunctionId = (template: Template) => logicalId(template, FUNCTION, 'GraphqlFunction');
const writerFunctionId = (template: Template) => logicalId(template, FUNCTION, 'WriterFunction');
const graphqlFunction = (template: Template) => template.findResources(FUNCTION)[graphqlFunctionId(template)]!;
const writerFunction = (template: Template) => template.findResources(FUNCTION)[writerFunctionId(template)]!;
/** Every IAM statement of the stack, with the roles its policy is attached to. */
const statementsWithRoles = (template: Template): { roles: string[]; statement: any }[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    policy.Properties.PolicyDocument.Statement.map((statement: any) => ({ roles: policy.Properties.Roles.map((r: any) => r.Ref), statement })),
  );
const roleOf = (fn: { [key: string]: any }): string => fn.Properties.Role['Fn::GetAtt'][0];

describe('GraphQL function', () => {
  it('runs Node 22 on arm64 with 1 GB and a 10 s timeout, from the ESM bundle', () => {
    plain.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 10,
      Handler: 'index.handler',
    });
  });

  it('gets the table name, org and observability settings from its environment', () => {
    plain.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          EVENTS_TABLE: { Ref: eventsTableId(plain) },
          SNAPSHOTS_TABLE: { Ref: snapshotsTableId(plain) },
          ORG: 'acme',
          NODE_ENV: 'production',
          POWERTOOLS_SERVICE_NAME: 'decision-ledger',
          POWERTOOLS_METRICS_NAMESPACE: 'DecisionLedger',
        },
      },
    });
  });

  it('does not load the source map at run time (NODE_OPTIONS=--enable-source-maps costs every cold start)', () => {
    expect(graphqlFunction(plain).Properties.Environment.Variables).not.toHaveProperty('NODE_OPTIONS');
  });
});

describe('the single writer', () => {
  it('is a function of its own with reserved concurrency 1: Node 22 on arm64, ending before the API function gives up', () => {
    const writer = writerFunction(plain).Properties;
    expect(writer).toMatchObject({ ReservedConcurrentExecutions: 1, Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
    expect(writer.Timeout).toBeLessThan(graphqlFunction(plain).Properties.Timeout);
    // Only the table: no token settings (it verifies none), no web view.
    expect(writer.Environment.Variables).toEqual({ EVENTS_TABLE: { Ref: eventsTableId(plain) }, NODE_ENV: 'production' });
    expect(graphqlFunction(plain).Properties).not.toHaveProperty('ReservedConcurrentExecutions');
  });

  it.each([['plain', () => plain], ['full', () => full]])('%s: the API function is told its name and may invoke exactly it', (_, template) => {
    const writerId = writerFunctionId(template());
    expect(graphqlFunction(template()).Properties.Environment.Variables.WRITER_FUNCTION).toEqual({ Ref: writerId });
    const invokes = statementsWithRoles(template()).filter(({ statement }) => statement.Action === 'lambda:InvokeFunction' && JSON.stringify(statement.Resource).includes(writerId));
    expect(invokes).toEqual([{ roles: [roleOf(graphqlFunction(template()))], statement: { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [writerId, 'Arn'] } } }]);
  });

  it('logs to its own log group kept for a year', () => {
    const logGroupId = writerFunction(plain).Properties.LoggingConfig.LogGroup.Ref;
    expect(logGroupId).not.toBe(graphqlFunction(plain).Properties.LoggingConfig.LogGroup.Ref);
    expect(plain.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties).toMatchObject({ RetentionInDays: 365 });
  });

  it('alarms on any error (outcome unknown for its appends) and on sustained throttling, to the same topic as the rest', () => {
    const writerId = writerFunctionId(full);
    const onWriter = Object.values(full.findResources('AWS::CloudWatch::Alarm'))
      .map((alarm) => alarm.Properties)
      .filter((alarm) => JSON.stringify(alarm.Dimensions ?? []).includes(writerId));
    expect(onWriter.map((alarm) => alarm.MetricName).sort()).toEqual(['Errors', 'Throttles']);
    const errors = onWriter.find((alarm) => alarm.MetricName === 'Errors')!;
    expect(errors).toMatchObject({ Threshold: 1, EvaluationPeriods: 1, AlarmActions: [{ Ref: logicalId(full, 'AWS::SNS::Topic') }] });
    const throttles = onWriter.find((alarm) => alarm.MetricName === 'Throttles')!;
    expect(throttles.Threshold).toBeGreaterThan(1);
    expect(throttles.EvaluationPeriods).toBeGreaterThan(1);
  });
});

describe('token issuer', () => {
  it('is a user pool of the stack by default: invited people only, MFA required, threat protection, retained', () => {
    const pool = only(plain.findResources('AWS::Cognito::UserPool'));
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties).toMatchObject({
      UserPoolName: 'decision-ledger-acme',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      DeletionProtection: 'ACTIVE',
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
    });
  });

  it('has one group per role for people, and one scope per role for client-credentials scripts', () => {
    const groups = Object.values(plain.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
    plain.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'decision-ledger',
      Scopes: ROLES.map((role) => ({ ScopeName: role, ScopeDescription: `Act with the ${role} role` })),
    });
    plain.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ROLES.map((role) => `decision-ledger/${role}`),
    });
    plain.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('tells the function the pool issuer, its JWKS and both clients; the pool serves this org alone', () => {
    const variables = graphqlFunction(plain).Properties.Environment.Variables;
    const clients = Object.keys(plain.findResources('AWS::Cognito::UserPoolClient')).map((id) => ({ Ref: id }));
    expect(variables).toMatchObject({
      JWT_ISSUER: { 'Fn::GetAtt': [logicalId(plain, 'AWS::Cognito::UserPool'), 'ProviderURL'] },
      JWT_JWKS_URL: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(plain, 'AWS::Cognito::UserPool'), 'ProviderURL'] }, '/.well-known/jwks.json']] },
      JWT_AUDIENCE: { 'Fn::Join': [',', expect.arrayContaining(clients)] },
      JWT_ORG_CLAIM_OPTIONAL: 'true',
    });
  });

  it('is an external issuer when the jwt prop is given: no pool, its JWKS, tokens must name the org', () => {
    full.resourceCountIs('AWS::Cognito::UserPool', 0);
    const variables = graphqlFunction(full).Properties.Environment.Variables;
    expect(variables).toMatchObject({
      JWT_ISSUER: JWT.issuer,
      JWT_AUDIENCE: 'decision-ledger,cli',
      JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
    });
    expect(variables).not.toHaveProperty('JWT_ORG_CLAIM_OPTIONAL');
  });

  it('logs to its own log group kept for a year', () => {
    const logGroupId = graphqlFunction(plain).Properties.LoggingConfig.LogGroup.Ref;
    expect(plain.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties).toEqual({ RetentionInDays: 365, Tags: expect.anything() });
  });
});

describe('events table', () => {
  it('uses the key names the store uses, billed on demand', () => {
    plain.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: KEY_SCHEMA,
      AttributeDefinitions: KEY_ATTRIBUTES,
    });
  });

  // cdk-nag's PITR rule only looks at CfnTable, so the TableV2 (a GlobalTable) is checked here.
  it('has point-in-time recovery and deletion protection, and is retained on delete', () => {
    const table = resource(plain, eventsTableId(plain));
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.Replicas).toHaveLength(1);
    expect(table.Properties.Replicas[0]).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('is named by CloudFormation unless a name is given', () => {
    expect(resource(plain, eventsTableId(plain)).Properties).not.toHaveProperty('TableName');
    full.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TableName: 'globex-events' });
  });
});

describe('log snapshots table', () => {
  it('has the same keys, and is disposable: no point-in-time recovery, deleted with the stack, the reason acknowledged', () => {
    const table = resource(plain, snapshotsTableId(plain));
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: KEY_SCHEMA,
    });
    expect(table.Properties.Replicas[0]).not.toHaveProperty('PointInTimeRecoverySpecification');
    const acknowledged = app.node
      .findAll()
      .filter((construct) => construct.node.path.startsWith('Plain/LogSnapshotsTable'))
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((entry) => Object.keys(entry.data as object));
    expect(acknowledged).toEqual([expect.stringContaining('AwsSolutions-DDB3')]);
  });
});

describe('append-only by IAM', () => {
  const streamReads = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
  const sameSet = (expected: string[]) => (actual: unknown) =>
    Array.isArray(actual) && JSON.stringify([...actual].sort()) === JSON.stringify([...expected].sort());
  // The GraphQL function role's statements; the alert schedule's role (may invoke the function only) is tested below, the
  // dispatcher's in outbound-stack.test.ts.
  const statements = (template: Template) =>
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: logicalId(template, 'AWS::IAM::Role', 'FunctionRole') }]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

  it.each([['plain', () => plain], ['full', () => full]])(
    '%s: only the writer function may put and condition-check the table (and get and query it); the API function may get and query it',
    (_, template) => {
      const tableArn = { 'Fn::GetAtt': [eventsTableId(template()), 'Arn'] };
      const onTable = statementsWithRoles(template()).filter(({ statement }) => JSON.stringify(statement.Resource).includes(tableArn['Fn::GetAtt'][0]!));
      expect(onTable).toEqual(
        expect.arrayContaining([
          { roles: [roleOf(writerFunction(template()))], statement: { Effect: 'Allow', Action: expect.toSatisfy(sameSet(EVENTS_TABLE_ACTIONS)), Resource: tableArn } },
          { roles: [roleOf(graphqlFunction(template()))], statement: { Effect: 'Allow', Action: expect.toSatisfy(sameSet(API_EVENTS_TABLE_ACTIONS)), Resource: tableArn } },
        ]),
      );
      // The dispatcher (outbound) reads the feed and the table's stream, nothing else.
      const others = onTable.filter(({ roles }) => ![roleOf(writerFunction(template())), roleOf(graphqlFunction(template()))].includes(roles[0]!));
      for (const { statement } of others) expect([statement.Action].flat().every((action: string) => [...API_EVENTS_TABLE_ACTIONS, ...streamReads].includes(action))).toBe(true);
      expect(onTable.length - others.length).toBe(2);
      expect([...EVENTS_TABLE_ACTIONS].sort()).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
      expect([...API_EVENTS_TABLE_ACTIONS].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    },
  );

  it.each([['plain', () => plain], ['full', () => full]])('%s: the role may only get, put and query the snapshots table', (_, template) => {
    const tableArn = { 'Fn::GetAtt': [snapshotsTableId(template()), 'Arn'] };
    const onTable = statements(template()).filter((statement) => JSON.stringify(statement.Resource).includes(tableArn['Fn::GetAtt'][0]!));
    // With outbound, CDK merges it with the delivery table's statement: the same three actions.
    expect(onTable).toHaveLength(1);
    expect(onTable[0]).toMatchObject({ Effect: 'Allow', Action: expect.toSatisfy(sameSet(SNAPSHOTS_TABLE_ACTIONS)) });
    expect([onTable[0]!.Resource].flat()).toContainEqual(tableArn);
    expect([...SNAPSHOTS_TABLE_ACTIONS].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
  });

  it.each([['plain', () => plain], ['full', () => full]])('%s: no update, delete, batch write or wildcard anywhere', (_, template) => {
    const json = JSON.stringify(template().toJSON());
    for (const forbidden of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*']) {
      expect(json).not.toContain(forbidden);
    }
    const actions = statementsWithRoles(template()).flatMap(({ statement }) => [statement.Action].flat() as string[]);
    expect(actions).not.toContain('*');
    // Besides the tables' item actions, only the dispatcher's reads of the events table's stream (outbound).
    expect([...new Set(actions.filter((action) => action.startsWith('dynamodb:')))].sort()).toEqual(
      [...new Set([...EVENTS_TABLE_ACTIONS, ...SNAPSHOTS_TABLE_ACTIONS, ...(template() === plain ? [...DELIVERY_TABLE_ACTIONS, ...streamReads] : [])])].sort(),
    );
  });

  it('uses no managed policies: the API role has exactly the tables (events read, snapshots, delivery), log and invoke-the-writer statements, the writer role the table and its logs', () => {
    const roles = plain.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] } } });
    expect(Object.keys(roles)).toEqual(expect.arrayContaining([roleOf(graphqlFunction(plain)), roleOf(writerFunction(plain))]));
    for (const role of Object.values(roles)) {
      expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
      expect(role.Properties).not.toHaveProperty('Policies');
    }
    const actionsOf = (role: string) => statementsWithRoles(plain).filter(({ roles: of }) => of.includes(role)).map(({ statement }) => statement.Action);
    const api = actionsOf(roleOf(graphqlFunction(plain)));
    expect(api).toHaveLength(4); // the snapshots and delivery tables share one statement (the same actions)
    expect(api).toContainEqual(expect.toSatisfy(sameSet(API_EVENTS_TABLE_ACTIONS)));
    expect(api).toContainEqual(expect.toSatisfy(sameSet(SNAPSHOTS_TABLE_ACTIONS)));
    expect(api).toContainEqual(expect.toSatisfy(sameSet(DELIVERY_TABLE_ACTIONS)));
    expect(api).toContainEqual(expect.toSatisfy(sameSet(['logs:CreateLogStream', 'logs:PutLogEvents'])));
    expect(api).toContainEqual('lambda:InvokeFunction');
    const writer = actionsOf(roleOf(writerFunction(plain)));
    expect(writer).toHaveLength(2);
    expect(writer).toContainEqual(expect.toSatisfy(sameSet(EVENTS_TABLE_ACTIONS)));
    expect(writer).toContainEqual(expect.toSatisfy(sameSet(['logs:CreateLogStream', 'logs:PutLogEvents'])));
  });
});

describe('HTTP API', () => {
  it('routes GET and POST /graphql, and GET of the web view (/ and every other path), to the function', () => {
    for (const routeKey of ['GET /graphql', 'POST /graphql', 'GET /', 'GET /{proxy+}']) {
      plain.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, AuthorizationType: 'NONE' });
    }
    plain.resourceCountIs('AWS::ApiGatewayV2::Route', 4);
    plain.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    plain.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    plain.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });

  it('leaves token checks to the function, with an external issuer too, so refusals are GraphQL errors', () => {
    full.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    for (const route of Object.values(full.findResources('AWS::ApiGatewayV2::Route'))) expect(route.Properties.AuthorizationType).toBe('NONE');
  });

  it('throttles the default stage (50/s, burst 100 unless configured)', () => {
    plain.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    full.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 } });
  });

  it('writes JSON access logs to a log group', () => {
    const stage = only(plain.findResources('AWS::ApiGatewayV2::Stage')).Properties;
    const logGroupId = stage.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(plain.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties).toMatchObject({ RetentionInDays: 365 });
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });

  it('allows the configured frontend origins by CORS, and none by default', () => {
    full.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://app.example.com', 'http://localhost:5173'],
        AllowHeaders: ['Authorization', 'Content-Type'],
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
      },
    });
    expect(only(plain.findResources('AWS::ApiGatewayV2::Api')).Properties).not.toHaveProperty('CorsConfiguration');
  });
});

describe('alarms', () => {
  const alarms = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
  const metricNames = (alarm: Record<string, any>): string[] =>
    alarm.MetricName ? [alarm.MetricName] : alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName);

  it('watch function errors, throttles and p99 duration, the writer\'s errors and throttles, API 5xx, table system errors and throttles, and FAILING webhooks', () => {
    expect(alarms(plain).map((alarm) => `${alarm.Namespace ?? 'AWS/DynamoDB'}:${[...new Set(metricNames(alarm))].join()}`).sort()).toEqual([
      'AWS/ApiGateway:5xx',
      'AWS/DynamoDB:SystemErrors',
      'AWS/DynamoDB:ThrottledRequests',
      'AWS/Lambda:Duration',
      'AWS/Lambda:Errors',
      'AWS/Lambda:Errors',
      'AWS/Lambda:Throttles',
      'AWS/Lambda:Throttles',
      'DecisionLedger:WebhooksFailingTotal',
    ]);
    plain.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', ExtendedStatistic: 'p99', Threshold: 3000 });
  });

  it('sum the table metrics over the operations the API uses (at most 10 metrics per alarm)', () => {
    const tableAlarm = alarms(plain).find((alarm) => metricNames(alarm).includes('SystemErrors'))!;
    const dimensions = tableAlarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Dimensions);
    expect(dimensions.map((d: any[]) => d.find((dim) => dim.Name === 'Operation').Value).sort()).toEqual([
      'GetItem',
      'PutItem',
      'Query',
      'TransactWriteItems',
    ]);
  });

  it('have no actions unless a topic is configured', () => {
    for (const alarm of alarms(plain)) expect(alarm).not.toHaveProperty('AlarmActions');
    plain.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('notify an SSL-only topic encrypted with a rotated key that CloudWatch may use, given alarmEmail', () => {
    const keyId = logicalId(full, 'AWS::KMS::Key');
    const topicId = logicalId(full, 'AWS::SNS::Topic');
    full.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    full.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    full.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    full.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    for (const alarm of alarms(full)) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
    }
  });

  it('notify an existing topic given alarmTopicArn', () => {
    existingTopic.resourceCountIs('AWS::SNS::Topic', 0);
    for (const alarm of alarms(existingTopic)) expect(alarm.AlarmActions).toEqual([TOPIC_ARN]);
  });
});

describe('stack', () => {
  it('tags every taggable resource with the org and the app', () => {
    const resources = Object.entries(plain.toJSON().Resources as Record<string, { Type: string; Properties: any }>);
    const tagsOf = (properties: any) => properties?.Tags ?? properties?.Replicas?.[0]?.Tags ?? properties?.UserPoolTags;
    const tagged = resources.filter(([, resource]) => tagsOf(resource.Properties));
    expect(tagged.length).toBeGreaterThanOrEqual(12);
    for (const [, resource] of tagged) {
      const tags = tagsOf(resource.Properties);
      const asMap = Array.isArray(tags) ? Object.fromEntries(tags.map((tag: any) => [tag.Key, tag.Value])) : tags;
      expect(asMap, resource.Type).toMatchObject({ org: 'acme', app: 'decision-ledger' });
    }
    const untagged = resources.filter(([, resource]) => !tagged.some(([, t]) => t === resource)).map(([, r]) => r.Type);
    expect(new Set(untagged)).toEqual(
      new Set([
        'AWS::IAM::Policy',
        'AWS::ApiGatewayV2::Integration',
        'AWS::Lambda::Permission',
        'AWS::ApiGatewayV2::Route',
        'AWS::Cognito::UserPoolGroup',
        'AWS::Cognito::UserPoolResourceServer',
        'AWS::Cognito::UserPoolClient',
        'AWS::Cognito::UserPoolDomain',
        // CloudFormation's AWS::Scheduler::Schedule and AWS::Logs::MetricFilter have no Tags property.
        'AWS::Scheduler::Schedule',
        'AWS::Logs::MetricFilter',
      ]),
    );
  });

  it('has the outbound part by default (bus, dispatcher, the table\'s stream), none with outbound: false', () => {
    plain.resourceCountIs('AWS::Events::EventBus', 1);
    expect(Object.keys(plain.findResources('AWS::Lambda::Function')).filter((id) => id.startsWith('OutboundDispatcher'))).toHaveLength(1);
    expect(resource(plain, eventsTableId(plain)).Properties.StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' });
    plain.hasOutput('EventBusName', {});
    // SLACK messages link each record at the API's own address (the stage's URL).
    const dispatcher = plain.findResources(FUNCTION)[logicalId(plain, FUNCTION, 'OutboundDispatcher')]!;
    const apiId = logicalId(plain, 'AWS::ApiGatewayV2::Api');
    expect(dispatcher.Properties.Environment.Variables.PUBLIC_URL).toEqual({
      'Fn::Join': ['', ['https://', { Ref: apiId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/']],
    });
    full.resourceCountIs('AWS::Events::EventBus', 0);
    full.resourceCountIs('AWS::Lambda::Function', 2); // the API function and the writer
    expect(resource(full, eventsTableId(full)).Properties).not.toHaveProperty('StreamSpecification');
    expect(graphqlFunction(full).Properties.Environment.Variables).not.toHaveProperty('DELIVERY_TABLE');
  });

  it('outputs the GraphQL URL and the table name', () => {
    const apiId = logicalId(plain, 'AWS::ApiGatewayV2::Api');
    plain.hasOutput('GraphqlUrl', {
      Value: { 'Fn::Join': ['', ['https://', { Ref: apiId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/graphql']] },
    });
    plain.hasOutput('EventsTableName', { Value: { Ref: eventsTableId(plain) } });
  });

  it('passes the AWS Solutions checks of cdk-nag', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges the missing API Gateway authorizer on the routes of every stack, with the reason', () => {
    const acknowledged = (stack: string) =>
      app.node
        .findAll()
        .filter((construct) => construct.node.path.startsWith(`${stack}/`))
        .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === 'aws:cdk:acknowledged-rules'))
        .flatMap((entry) => Object.keys(entry.data as object));
    expect(acknowledged('Plain').filter((id) => id.includes('APIG4'))).toHaveLength(4);
    expect(acknowledged('Full').filter((id) => id.includes('APIG4'))).toHaveLength(4);
  });
});

describe('web view', () => {
  const variables = (template: Template) => graphqlFunction(template).Properties.Environment.Variables;
  const apiEndpoint = (template: Template) => ({ 'Fn::GetAtt': [logicalId(template, 'AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] });

  it('signs people in through the pool\'s hosted UI: a public client, authorization code only, back to the web view', () => {
    const web = Object.values(plain.findResources('AWS::Cognito::UserPoolClient')).find((client) => client.Properties.AllowedOAuthFlows?.includes('code'));
    expect(web?.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [{ 'Fn::Join': ['', [apiEndpoint(plain), '/']] }],
      LogoutURLs: [{ 'Fn::Join': ['', [apiEndpoint(plain), '/']] }],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(web?.Properties.GenerateSecret).toBeFalsy();
    // Its tokens are accepted by the function (the audience lists every client).
    expect(JSON.stringify(variables(plain).JWT_AUDIENCE)).toContain(Object.entries(plain.findResources('AWS::Cognito::UserPoolClient')).find(([, c]) => c === web)![0]);
  });

  it('tells the served app how to sign in (WEB_CONFIG): the pool\'s authorize, token and logout endpoints and the web client', () => {
    const config = JSON.stringify(variables(plain).WEB_CONFIG);
    for (const part of ['\\"kind\\":\\"oidc\\"', '/oauth2/authorize', '/oauth2/token', '/logout', 'ProviderURL', 'openid email profile']) expect(config).toContain(part);
  });

  it('with an external issuer: its web client when configured, else a token to paste', () => {
    expect(JSON.parse(variables(full).WEB_CONFIG)).toEqual({ auth: { kind: 'token', hint: `an access token from ${JWT.issuer}` } });
    const withWeb = new OrgStack(testApp(NO_BUNDLING), 'WithWeb', { org: 'hooli', jwt: { ...JWT, web: { clientId: 'spa', providerName: 'Hooli SSO' } } });
    expect(JSON.parse(variables(Template.fromStack(withWeb)).WEB_CONFIG)).toEqual({
      auth: { kind: 'oidc', issuer: JWT.issuer, clientId: 'spa', scopes: 'openid', providerName: 'Hooli SSO' },
    });
  });

  it('outputs the web view\'s URL', () => {
    plain.hasOutput('WebUrl', {});
  });
});

describe('organisations', () => {
  it.each(['acme', 'a', 'acme-eu-2', 'a'.repeat(32)])('accepts %j', (name) => {
    expect(validateOrgName(name)).toBe(name);
  });

  it.each(['', 'Acme', '1acme', '-acme', 'acme_eu', 'acme.eu', 'a'.repeat(33), 42])('rejects %j with a clear error', (name) => {
    expect(() => validateOrgName(name)).toThrow(/Invalid organisation name .*1-32 characters of lowercase letters, digits and dashes, starting with a letter/);
  });

  it('validates the org before creating anything', () => {
    expect(() => new OrgStack(testApp(NO_BUNDLING), 'Bad', { org: 'Bad Org' })).toThrow(/Invalid organisation name "Bad Org"/);
  });

  it('-c org=acme creates the stack DecisionLedger-acme', () => {
    const stacks = addOrgStacks(testApp({ ...NO_BUNDLING, org: 'acme' }));
    expect(stacks.map((stack) => stack.stackName)).toEqual(['DecisionLedger-acme']);
  });

  it('deploys every org listed in cdk.json, with its settings', () => {
    const orgs = ['acme', { org: 'globex', corsOrigins: ['https://globex.example.com'] }];
    const stacks = addOrgStacks(testApp({ ...NO_BUNDLING, orgs }));
    expect(stacks.map((stack) => stack.stackName)).toEqual(['DecisionLedger-acme', 'DecisionLedger-globex']);
    Template.fromStack(stacks[1]!).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://globex.example.com'] }),
    });
  });

  it('-c org picks the listed entry with its settings', () => {
    const orgs = ['acme', { org: 'globex', alarmEmail: 'ops@globex.example.com' }];
    expect(orgsFromContext({ org: 'globex', orgs })).toEqual([{ org: 'globex', alarmEmail: 'ops@globex.example.com' }]);
  });

  it('says what to do when there is no org, a bad list or a duplicate', () => {
    expect(() => orgsFromContext({ orgs: [] })).toThrow('No organisation to deploy: pass -c org=<name>');
    expect(() => orgsFromContext({ orgs: 'acme' })).toThrow('must be a list');
    expect(() => orgsFromContext({ orgs: ['acme', { org: 'acme' }] })).toThrow('"acme" is listed twice');
    expect(() => orgsFromContext({ orgs: ['ACME'] })).toThrow('Invalid organisation name "ACME"');
    expect(() => orgsFromContext({ org: 'acme!' })).toThrow('Invalid organisation name "acme!"');
  });
});

describe('alert schedule', () => {
  it('invokes the GraphQL function every five minutes with the alert-run event, through a role that may invoke only it', () => {
    plain.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: Match.objectLike({ Input: JSON.stringify({ action: 'evaluate-alerts' }), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }) }),
    });
    const [schedule] = Object.values(plain.findResources('AWS::Scheduler::Schedule'));
    const functionId = graphqlFunctionId(plain);
    expect(JSON.stringify(schedule!.Properties.Target.Arn)).toContain(functionId!);
    const invoke = Object.values(plain.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) => statement.Action === 'lambda:InvokeFunction' && JSON.stringify(statement.Resource).includes(functionId!));
    expect(invoke).toHaveLength(1);
    expect(JSON.stringify(invoke[0].Resource)).toContain(functionId!);
  });
});
