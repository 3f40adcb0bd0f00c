import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBundles } from '../../infra/assets.ts';
import { DELIVERY_TABLE_ACTIONS, DISPATCHER_EVENTS_TABLE_ACTIONS } from '../../infra/outbound.ts';
import { OrgStack } from '../../infra/org-stack.ts';
import { createTestTable } from '../support/dynamo.ts';
import { createDeliveryTable } from '../support/outbound.ts';
import { testApp } from './test-app.ts';

// The stack with outbound on: the org's bus, the dispatcher and its alarm, least privilege,
// cdk-nag clean; and the dispatcher bundle as CDK builds it, run against DynamoDB Local with
// EventBridge answered by a loopback endpoint (the only stand-in, at the SDK client's edge).

const WORK_DIR = join(tmpdir(), 'decision-ledger-bundle-test');
const HARNESS = fileURLToPath(new URL('./lambda-harness.mjs', import.meta.url));

let outdir: string;
let template: Template;
let app: ReturnType<typeof testApp>;
let dispatcherBundle: string;

beforeAll(async () => {
  mkdirSync(WORK_DIR, { recursive: true });
  outdir = mkdtempSync(join(WORK_DIR, 'outbound-test-'));
  app = testApp({}, { outdir });
  const stack = new OrgStack(app, 'OutboundTest', { org: 'acme', outbound: true, alarmEmail: 'ops@example.com' });
  const bundles = lambdaBundles(app.synth());
  dispatcherBundle = join(bundles.find((b) => readFileSync(join(b.dir, 'index.mjs'), 'utf8').includes('webhooksFailing'))!.dir, 'index.mjs');
  template = Template.fromStack(stack);
}, 180_000);
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const statements = () => Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
const idOf = (type: string, prefix: string) => Object.keys(template.findResources(type)).find((id) => id.startsWith(prefix))!;

describe('outbound in the stack', () => {
  it('has the org bus, a dispatcher woken by feed items and every minute, one at a time, and a FAILING alarm to the topic', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'decision-ledger-acme' });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: ['F'] } } } }) }] },
      StartingPosition: 'LATEST',
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    const dispatcher = template.findResources('AWS::Lambda::Function')[idOf('AWS::Lambda::Function', 'OutboundDispatcher')]!;
    expect(dispatcher.Properties).toMatchObject({ ReservedConcurrentExecutions: 1, Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    expect(Object.keys(dispatcher.Properties.Environment.Variables).sort()).toEqual(['DELIVERY_TABLE', 'EVENTS_TABLE', 'EVENT_BUS_NAME', 'NODE_ENV', 'ORG']);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'WebhooksFailingTotal', Threshold: 1, AlarmActions: [Match.anyValue()] });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
  });

  it('keeps the events table append-only: the dispatcher only gets and queries it, nobody updates or deletes', () => {
    const events = idOf('AWS::DynamoDB::GlobalTable', 'EventsTable');
    const delivery = idOf('AWS::DynamoDB::GlobalTable', 'OutboundDeliveryTable');
    const on = (table: string) => statements().filter((s) => JSON.stringify(s.Resource).includes(table) && !JSON.stringify(s.Resource).includes('StreamArn')).map((s) => [s.Action].flat().sort());
    expect(on(events)).toContainEqual([...DISPATCHER_EVENTS_TABLE_ACTIONS].sort());
    expect(on(delivery)).toEqual([[...DELIVERY_TABLE_ACTIONS].sort(), [...DELIVERY_TABLE_ACTIONS].sort()]);
    const json = JSON.stringify(template.toJSON());
    for (const forbidden of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*']) expect(json).not.toContain(forbidden);
    expect(statements().find((s) => [s.Action].flat().includes('events:PutEvents'))!.Resource).toEqual({ 'Fn::GetAtt': [idOf('AWS::Events::EventBus', 'OutboundBus'), 'Arn'] });
  });

  it('passes the AWS Solutions checks of cdk-nag', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations).toEqual([]);
  });
});

describe('the dispatcher bundle', () => {
  it('publishes the feed to the bus in order from its checkpoint, across invocations', async () => {
    const entries: { Source: string; DetailType: string; Detail: string }[] = [];
    const eventBridge = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { Entries } = JSON.parse(body) as { Entries: typeof entries };
        entries.push(...Entries);
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ FailedEntryCount: 0, Entries: Entries.map((_, i) => ({ EventId: `e${i}` })) }));
      });
    });
    await new Promise<void>((resolve) => eventBridge.listen(0, '127.0.0.1', resolve));
    const table = await createTestTable('outbound-bundle');
    const actor = { id: 'a', name: 'A', kind: 'HUMAN' as const };
    const append = (i: number) =>
      table.store.append({ kind: 'team', id: `t${i}` }, 'no-stream', [{ type: 'TeamDefined', payload: { name: `T${i}`, kind: 'PRODUCT', headcount: 1, effectiveWeek: null } }], { actor });
    for (let i = 0; i < 12; i += 1) await append(i);
    const dispatcher = template.findResources('AWS::Lambda::Function')[idOf('AWS::Lambda::Function', 'OutboundDispatcher')]!;
    const deployed = dispatcher.Properties.Environment.Variables as Record<string, string>;
    const child = fork(HARNESS, [dispatcherBundle], {
      env: {
        ...process.env,
        NODE_ENV: deployed.NODE_ENV!,
        ORG: deployed.ORG!,
        EVENT_BUS_NAME: 'decision-ledger-acme',
        EVENTS_TABLE: table.tableName,
        DELIVERY_TABLE: await createDeliveryTable('outbound-bundle'),
        DYNAMODB_ENDPOINT: table.endpoint,
        EVENTBRIDGE_ENDPOINT: `http://127.0.0.1:${(eventBridge.address() as AddressInfo).port}`,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += c));
    try {
      const invoke = (id: string) =>
        new Promise<any>((resolve, reject) => {
          const onMessage = (message: any) => {
            if (message.ready) return;
            child.off('message', onMessage);
            if (message.error) reject(new Error(message.error + stderr));
            else resolve(message.result);
          };
          child.on('message', onMessage);
          child.send({ id, event: { Records: [] } });
        });
      await new Promise<void>((resolve, reject) => {
        child.once('message', (m: any) => (m.ready ? resolve() : reject(new Error('not ready'))));
        child.once('exit', () => reject(new Error(stderr)));
      });
      expect(await invoke('1')).toEqual({ webhooksFailing: 0 });
      for (let i = 12; i < 15; i += 1) await append(i);
      expect(await invoke('2')).toEqual({ webhooksFailing: 0 });
      expect(entries.map((e) => JSON.parse(e.Detail).position)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      expect(entries[0]).toMatchObject({ Source: 'decision-ledger.acme', DetailType: 'TeamDefined' });
    } finally {
      child.kill();
      eventBridge.close();
    }
  });
});
