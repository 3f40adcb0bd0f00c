import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, EventField, Rule, RuleTargetInput, Schedule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition, type Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { FEED_PARTITION, PARTITION_KEY, SORT_KEY } from '../events/dynamodb/keys.ts';
import { topicKey } from './alarms.ts';
import { LAMBDA_BUNDLING } from './bundling.ts';
import { ledgerFunction } from './ledger-function.ts';

export const DISPATCHER_ENTRY = fileURLToPath(new URL('../api/outbound/lambda.ts', import.meta.url));
/** The dispatcher only reads the events table: the stream wakes it, the feed is read from checkpoints. */
export const DISPATCHER_EVENTS_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];
/** Delivery state is the dispatcher's own: it puts, gets and queries; it never updates or deletes. */
export const DELIVERY_TABLE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'];

export interface OrgOutboundProps {
  readonly org: string;
  /** The events table; must have a stream (NEW_IMAGE or KEYS_ONLY). */
  readonly table: TableV2;
  /** The API function: it reads delivery state and writes webhook secrets. */
  readonly apiFunction: LambdaFn;
  readonly apiRole: Role;
  readonly metricsNamespace: string;
  /** Where people open the ledger: SLACK messages link each event's record there. */
  readonly publicUrl: string;
}

/**
 * Everything that leaves the ledger in AWS: the org's EventBridge bus, a delivery-state table and
 * one dispatcher function that publishes to the bus and delivers the webhooks, and an alarm when
 * a webhook is FAILING.
 */
export class OrgOutbound extends Construct {
  readonly bus: EventBus;
  readonly deliveryTable: TableV2;
  readonly dispatcher: NodejsFunction;
  readonly failingAlarm: Alarm;

  constructor(scope: Construct, id: string, props: OrgOutboundProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: `decision-ledger-${props.org}` });

    // Signing secrets live here: encrypted at rest (AWS owned key), point-in-time recovery on, so
    // losing the table does not mean rotating every receiver's secret.
    this.deliveryTable = new TableV2(this, 'DeliveryTable', {
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      sortKey: { name: SORT_KEY, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const role = new Role(this, 'DispatcherRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: DISPATCHER_EVENTS_TABLE_ACTIONS, resources: [props.table.tableArn] }));
    role.addToPolicy(new PolicyStatement({ actions: DELIVERY_TABLE_ACTIONS, resources: [this.deliveryTable.tableArn] }));
    role.addToPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }));
    props.apiRole.addToPolicy(new PolicyStatement({ actions: DELIVERY_TABLE_ACTIONS, resources: [this.deliveryTable.tableArn] }));
    props.apiFunction.addEnvironment('DELIVERY_TABLE', this.deliveryTable.tableName);

    this.dispatcher = ledgerFunction(this, 'Dispatcher', {
      logsId: 'DispatcherLogs',
      entry: DISPATCHER_ENTRY,
      bundling: LAMBDA_BUNDLING,
      role,
      memorySize: 1024,
      timeout: Duration.minutes(5),
      // One dispatcher at a time: each subscriber's order and checkpoint have one writer.
      reservedConcurrentExecutions: 1,
      environment: {
        EVENTS_TABLE: props.table.tableName,
        DELIVERY_TABLE: this.deliveryTable.tableName,
        EVENT_BUS_NAME: this.bus.eventBusName,
        ORG: props.org,
        NODE_ENV: 'production',
        PUBLIC_URL: props.publicUrl,
      },
    });
    // Woken by feed items only (one per event), in batches; retries that fall due meanwhile by the schedule.
    this.dispatcher.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 2,
        filters: [FilterCriteria.filter({ dynamodb: { Keys: { [PARTITION_KEY]: { S: FilterRule.isEqual(FEED_PARTITION) } } } })],
      }),
    );
    new Rule(this, 'Every minute', { schedule: Schedule.rate(Duration.minutes(1)), targets: [new LambdaFunction(this.dispatcher)] });

    this.failingAlarm = new Alarm(this, 'WebhookFailing', {
      metric: new MetricFilter(this, 'FailingWebhooksTotal', {
        logGroup: this.dispatcher.logGroup,
        filterPattern: FilterPattern.exists('$.webhooksFailing'),
        metricNamespace: props.metricsNamespace,
        metricName: 'WebhooksFailingTotal',
        metricValue: '$.webhooksFailing',
      }).metric({ statistic: 'Maximum', period: Duration.minutes(5) }),
      alarmDescription: 'A webhook has had no acknowledgement for over 24 hours (FAILING): see its deliveries in the API.',
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}

/** An alert e-mail recipient: every alert, or (`onlyAddressed`) only those raised with this address among their recipients. */
export interface AlertEmail {
  readonly email: string;
  readonly onlyAddressed?: boolean;
}

export interface OrgAlertMailProps {
  readonly org: string;
  /** The org's bus (OrgOutbound): alerts are events, published there like every other. */
  readonly bus: IEventBus;
  readonly recipients: (string | AlertEmail)[];
  /** The web view's address, for the link in each message. */
  readonly webUrl: string;
}

const field = (path: string) => EventField.fromPath(`$.detail.${path}`);

/**
 * Alert e-mail, with no second delivery mechanism: rules on the org's bus pick the alert events
 * the dispatcher publishes there, an input transformer turns each into a few readable lines, and
 * SNS topics (encrypted, SSL only) send them to their e-mail subscriptions.
 *
 * EventBridge cannot give an SNS message attributes, and a subscription's body filter needs a JSON
 * body, which a readable message is not: so an `onlyAddressed` recipient gets a rule of its own,
 * matching its address in AlertRaised's `recipients[].email` (what the evaluator resolved when it
 * raised the alert), and a topic of its own. AlertAcknowledged and AlertResolved do not name the
 * recipients, so only the every-alert recipients get those.
 */
export class OrgAlertMail extends Construct {
  /** The every-alert topic (when some recipient gets every alert), then one per onlyAddressed recipient. */
  readonly topics: Topic[] = [];

  constructor(scope: Construct, id: string, props: OrgAlertMailProps) {
    super(scope, id);
    const key = topicKey(this, 'TopicKey', 'events.amazonaws.com', `Encrypts the alert e-mail topics of ${props.org}`);
    const topic = (topicId: string, emails: string[]) => {
      const created = new Topic(this, topicId, { masterKey: key, enforceSSL: true, displayName: `decision-ledger ${props.org} alerts` });
      for (const email of emails) created.addSubscription(new EmailSubscription(email));
      this.topics.push(created);
      return created;
    };
    const source = [`decision-ledger.${props.org}`];
    const entries = props.recipients.map((entry) => (typeof entry === 'string' ? { email: entry, onlyAddressed: false } : entry));
    const footer = [`Alert ${field('stream.id')}, log position ${field('position')}, recorded ${field('recordedAt')}.`, `The ledger: ${props.webUrl}`];
    const raised = RuleTargetInput.fromMultilineText(
      [
        `Alert raised (${props.org}): ${field('payload.summary')}`,
        `Rule ${field('payload.rule')} (${field('payload.kind')}) on ${field('payload.subject.kind')} "${field('payload.subject.name')}", period ${field('payload.period')}.`,
        `Evidence: ${field('payload.evidence.summary')}`,
        ...footer,
      ].join('\n'),
    );

    const everyAlert = entries.filter((e) => !e.onlyAddressed).map((e) => e.email);
    if (everyAlert.length > 0) {
      const all = topic('Topic', everyAlert);
      const messages: [string, RuleTargetInput][] = [
        ['AlertRaised', raised],
        ['AlertAcknowledged', RuleTargetInput.fromMultilineText([`Alert acknowledged (${props.org}) by ${field('actor.name')}: ${field('payload.note')}`, ...footer].join('\n'))],
        ['AlertResolved', RuleTargetInput.fromMultilineText([`Alert resolved (${props.org}): ${field('payload.summary')}`, ...footer].join('\n'))],
      ];
      for (const [type, message] of messages) {
        new Rule(this, type, { eventBus: props.bus, eventPattern: { source, detailType: [type] }, targets: [new SnsTopic(all, { message })] });
      }
    }
    entries
      .filter((e) => e.onlyAddressed)
      .forEach(({ email }, index) => {
        new Rule(this, `AlertRaisedTo${index + 1}`, {
          eventBus: props.bus,
          description: `AlertRaised addressed to ${email}`,
          eventPattern: { source, detailType: ['AlertRaised'], detail: { payload: { recipients: { email: [email] } } } },
          targets: [new SnsTopic(topic(`AddressedTopic${index + 1}`, [email]), { message: raised })],
        });
      });
  }
}
