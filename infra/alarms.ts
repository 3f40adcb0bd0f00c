import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData, type AlarmProps, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface OrgAlarmsProps {
  readonly function: IFunction;
  readonly api: HttpApi;
  readonly table: TableV2;
  /** Creates an encrypted topic with this e-mail subscription. */
  readonly alarmEmail?: string;
  /** Sends alarms to an existing topic. */
  readonly alarmTopicArn?: string;
  /** Alarms made elsewhere (the FAILING webhook alarm) that notify the same topic. */
  readonly more?: Alarm[];
}

/** The operations the API performs on the events table (a CloudWatch alarm takes at most 10 metrics). */
const TABLE_OPERATIONS = [Operation.GET_ITEM, Operation.QUERY, Operation.PUT_ITEM, Operation.TRANSACT_WRITE_ITEMS];
const PERIOD = Duration.minutes(5);

/** Alarms on the function, the HTTP API and the events table, optionally notifying an SNS topic. */
export class OrgAlarms extends Construct {
  constructor(scope: Construct, id: string, props: OrgAlarmsProps) {
    super(scope, id);
    const { function: fn, api, table } = props;
    const tableMetric = { operations: TABLE_OPERATIONS, period: PERIOD };

    const alarms = [
      this.alarm('FunctionErrors', fn.metricErrors({ period: PERIOD }), 'The GraphQL function threw or timed out.'),
      this.alarm('FunctionThrottles', fn.metricThrottles({ period: PERIOD }), 'The GraphQL function was throttled.'),
      this.alarm('FunctionDurationP99', fn.metricDuration({ period: PERIOD, statistic: 'p99' }), 'p99 duration above 3 s for 15 minutes.', {
        threshold: 3000,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
      }),
      this.alarm('Api5xx', api.metricServerError({ period: PERIOD }), 'The HTTP API returned 5xx responses.'),
      this.alarm('TableSystemErrors', table.metricSystemErrorsForOperations(tableMetric), 'DynamoDB system errors on the events table.'),
      this.alarm('TableThrottles', table.metricThrottledRequestsForOperations(tableMetric), 'Throttled requests on the events table.'),
      ...(props.more ?? []),
    ];

    const topic: ITopic | undefined = props.alarmTopicArn
      ? Topic.fromTopicArn(this, 'Topic', props.alarmTopicArn)
      : props.alarmEmail
        ? this.encryptedTopic(props.alarmEmail)
        : undefined;
    if (topic) {
      const action = new SnsAction(topic);
      for (const alarm of alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  /** By default the alarm fires on any occurrence within one period. */
  private alarm(id: string, metric: IMetric, description: string, overrides: Partial<AlarmProps> = {}): Alarm {
    return new Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      ...overrides,
    });
  }

  private encryptedTopic(email: string): Topic {
    const key = topicKey(this, 'TopicKey', 'cloudwatch.amazonaws.com', 'Encrypts the alarm topic');
    const topic = new Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    topic.addSubscription(new EmailSubscription(email));
    return topic;
  }
}

/** An AWS service (CloudWatch, EventBridge) can publish to an encrypted topic only with a customer managed key that lets it. */
export function topicKey(scope: Construct, id: string, publisher: string, description: string): Key {
  const key = new Key(scope, id, { enableKeyRotation: true, description });
  key.grant(new ServicePrincipal(publisher), 'kms:Decrypt', 'kms:GenerateDataKey*');
  return key;
}
