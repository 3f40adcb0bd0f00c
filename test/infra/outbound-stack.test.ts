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
import { AlertAcknowledged, AlertRaised, AlertResolved } from '../../domain/alerts/events.ts';
import { ledgerEventBody } from '../../api/outbound/messages.ts';
import type { RecordedEvent } from '../../events/envelope.ts';
import { createTestTable } from '../support/dynamo.ts';
import { createDeliveryTable } from '../support/outbound.ts';
import { NO_BUNDLING, testApp } from './test-app.ts';

// The stack with outbound on (the default): the org's bus, the dispatcher and its alarm, alert
// e-mail from the bus through SNS, least privilege, cdk-nag clean; and the dispatcher bundle as CDK builds it, run against DynamoDB Local with
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
  const stack = new OrgStack(app, 'OutboundTest', {
    org: 'acme',
    alarmEmail: 'ops@example.com',
    alertEmails: ['leads@example.com', { email: 'ana@example.com', onlyAddressed: true }],
  });
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
    expect(Object.keys(dispatcher.Properties.Environment.Variables).sort()).toEqual(['DELIVERY_TABLE', 'EVENTS_TABLE', 'EVENT_BUS_NAME', 'NODE_ENV', 'ORG', 'PUBLIC_URL']);
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

/** What EventBridge puts on the bus for a ledger event the dispatcher publishes. */
function busEvent(type: string, payload: unknown, position: number) {
  const event = {
    eventId: `e${position}`, stream: { kind: 'alert', id: 'a1' }, version: 1, position, schemaVersion: 1, recordedAt: '2026-12-04T16:00:00.000Z',
    actor: { id: 'decision-ledger', name: 'decision-ledger', kind: 'SERVICE' }, reason: null, idempotencyKey: null, previousHash: 'p', hash: 'h', type, payload,
  } as RecordedEvent;
  return { version: '0', id: 'x', 'detail-type': type, source: 'decision-ledger.acme', time: event.recordedAt, resources: [], detail: ledgerEventBody(event) };
}

/**
 * The message an input transformer makes of an event: each <name> replaced by the value at its
 * path. The template joins in the stack's web URL (the API id, region and URL suffix: X here).
 */
function transform(transformer: { InputPathsMap: Record<string, string>; InputTemplate: string | { 'Fn::Join': [string, unknown[]] } }, event: object): string {
  const template = typeof transformer.InputTemplate === 'string'
    ? transformer.InputTemplate
    : transformer.InputTemplate['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'X')).join(transformer.InputTemplate['Fn::Join'][0]);
  return template.replace(/<([\w-]+)>/g, (_, name: string) => {
    const path = transformer.InputPathsMap[name];
    expect(path, name).toBeDefined();
    const value = path!.replace(/^\$\./, '').split('.').reduce<any>((at, key) => at?.[key], event);
    expect(value, path).toBeDefined();
    return String(value);
  });
}

describe('alert e-mail', () => {
  const raisedPayload = AlertRaised.schema.parse({
    rule: 'r-late', ruleVersion: 2, kind: 'REPORT_LATE', subject: { kind: 'team', id: 'payments', name: 'Payments' }, period: '2026-W49',
    evidence: { kind: 'team', id: 'payments', position: null, summary: 'No allocation report for 2026-W49' },
    recipients: [{ personId: 'ana', name: 'Ana', email: 'ana@example.com' }], summary: 'Payments has not reported its week 2026-W49',
  });
  const rules = () => Object.values(template.findResources('AWS::Events::Rule')).filter((r) => r.Properties.EventPattern?.['detail-type']);
  const ruleFor = (type: string, addressed: boolean) => rules().find((r) => r.Properties.EventPattern['detail-type'][0] === type && !!r.Properties.EventPattern.detail === addressed)!;

  it('goes from the org bus to SSL-only SNS topics encrypted with a rotated key EventBridge may use', () => {
    const keyId = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) => id.startsWith('AlertMail'))![0];
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    const topics = Object.entries(template.findResources('AWS::SNS::Topic')).filter(([id]) => id.startsWith('AlertMail'));
    expect(topics).toHaveLength(2);
    for (const [id, topic] of topics) {
      expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy')).find((p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: id }]))!;
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      );
    }
    const endpoints = Object.values(template.findResources('AWS::SNS::Subscription')).filter((s) => s.Properties.Protocol === 'email').map((s) => s.Properties.Endpoint);
    expect(endpoints.sort()).toEqual(['ana@example.com', 'leads@example.com', 'ops@example.com']);
    for (const rule of rules()) expect(rule.Properties.EventBusName).toEqual({ Ref: idOf('AWS::Events::EventBus', 'OutboundBus') });
  });

  it('sends every alert raised, acknowledged and resolved to an address, and only the alerts raised to it to an onlyAddressed one', () => {
    expect(rules().map((r) => `${r.Properties.EventPattern['detail-type']}${r.Properties.EventPattern.detail ? ' to ana' : ''}`).sort()).toEqual(['AlertAcknowledged', 'AlertRaised', 'AlertRaised to ana', 'AlertResolved']);
    const addressed = ruleFor('AlertRaised', true).Properties;
    expect(addressed.EventPattern).toEqual({ source: ['decision-ledger.acme'], 'detail-type': ['AlertRaised'], detail: { payload: { recipients: { email: ['ana@example.com'] } } } });
    // The pattern's path is where AlertRaised carries the recipients' addresses.
    expect(busEvent('AlertRaised', raisedPayload, 41).detail.payload).toMatchObject({ recipients: [{ email: 'ana@example.com' }] });
    const topicOf = (rule: any) => rule.Properties.Targets[0].Arn.Ref as string;
    const subscribers = (topic: string) => Object.values(template.findResources('AWS::SNS::Subscription')).filter((s) => s.Properties.TopicArn.Ref === topic).map((s) => s.Properties.Endpoint);
    expect(subscribers(topicOf(ruleFor('AlertRaised', true)))).toEqual(['ana@example.com']);
    for (const type of ['AlertRaised', 'AlertAcknowledged', 'AlertResolved']) expect(subscribers(topicOf(ruleFor(type, false)))).toEqual(['leads@example.com']);
  });

  it('makes a readable message of each alert event: what, the rule and subject, where it is in the log, a link to the ledger', () => {
    const message = (type: string, payload: unknown, addressed = false) =>
      transform(ruleFor(type, addressed).Properties.Targets[0].InputTransformer, busEvent(type, payload, 41))
        .split('\n')
        .map((line) => JSON.parse(line) as string);
    const raised = message('AlertRaised', raisedPayload);
    expect(raised[0]).toBe('Alert raised (acme): Payments has not reported its week 2026-W49');
    expect(raised[1]).toBe('Rule r-late (REPORT_LATE) on team "Payments", period 2026-W49.');
    expect(raised[2]).toBe('Evidence: No allocation report for 2026-W49');
    expect(raised[3]).toBe('Alert a1, log position 41, recorded 2026-12-04T16:00:00.000Z.');
    expect(raised[4]).toBe('The ledger: https://X.execute-api.X.X/');
    expect(message('AlertRaised', raisedPayload, true)).toEqual(raised);
    expect(message('AlertAcknowledged', AlertAcknowledged.schema.parse({ note: 'on it' }))[0]).toBe('Alert acknowledged (acme) by decision-ledger: on it');
    expect(message('AlertResolved', AlertResolved.schema.parse({ evidence: null, summary: 'Payments reported 2026-W49' }))[0]).toBe('Alert resolved (acme): Payments reported 2026-W49');
  });

  it('refuses alert e-mail without outbound, and an address that is not one', () => {
    expect(() => new OrgStack(testApp(NO_BUNDLING), 'NoBus', { org: 'acme', outbound: false, alertEmails: ['a@example.com'] })).toThrow(/alertEmails needs outbound/);
    expect(() => new OrgStack(testApp(NO_BUNDLING), 'BadMail', { org: 'acme', alertEmails: [{ email: 'not-an-address' }] })).toThrow(/"not-an-address" is not an e-mail address/);
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
