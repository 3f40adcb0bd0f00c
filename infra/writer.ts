import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { WRITER_BUNDLING, WRITER_ENTRY } from './bundling.ts';
import { ledgerFunction } from './ledger-function.ts';

/** The writer's rights on the events table: guarded Puts and ConditionChecks (one TransactWriteItems), and the reads its store makes. */
export const WRITER_EVENTS_TABLE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'];

/**
 * Time the writer may take for one invocation. An invocation is one batch of an API instance's
 * appends: normally one transaction (group commit), a few more after a race or a cancelled
 * append. It must end well inside the API function's own 10 s, so that an API instance can still
 * answer STORE_UNAVAILABLE when the writer hangs.
 */
const WRITER_TIMEOUT = Duration.seconds(5);

export interface OrgWriterProps {
  readonly table: TableV2;
  /** The API function: may invoke the writer, and is told its name (WRITER_FUNCTION). */
  readonly apiFunction: LambdaFn;
}

/**
 * The organisation's single writer (events/writer/, api/writer-lambda.ts): a function with
 * reserved concurrency 1, the only principal of the stack that may write the events table. API
 * instances invoke it with their queued appends; it group-commits them in arrival order, so
 * instances never race each other for a feed position.
 */
export class OrgWriter extends Construct {
  readonly function: NodejsFunction;
  /** Errors (a failed or timed-out invocation: its appends' outcome is unknown) and sustained throttling. */
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: OrgWriterProps) {
    super(scope, id);
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: WRITER_EVENTS_TABLE_ACTIONS, resources: [props.table.tableArn] }));
    this.function = ledgerFunction(this, 'Function', {
      logsId: 'Logs',
      entry: WRITER_ENTRY,
      bundling: WRITER_BUNDLING,
      role,
      // The writer hashes and marshals small items and waits on DynamoDB: little CPU or memory.
      memorySize: 512,
      timeout: WRITER_TIMEOUT,
      // One invocation at a time in the whole account: the store's remembered head and queue are
      // then the organisation's only ones. An invoke while one runs is throttled (429) and retried
      // by the API instance (events/writer/lambda-transport.ts).
      reservedConcurrentExecutions: 1,
      environment: { EVENTS_TABLE: props.table.tableName, NODE_ENV: 'production' },
    });

    // The exact function ARN, not `grantInvoke` (which adds `<arn>:*`, a wildcard): no versions or aliases are published.
    props.apiFunction.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }));
    props.apiFunction.addEnvironment('WRITER_FUNCTION', this.function.functionName);

    const period = Duration.minutes(5);
    const alarm = (id: string, metric: IMetric, alarmDescription: string, threshold: number, evaluationPeriods: number) =>
      new Alarm(this, id, { metric, alarmDescription, threshold, evaluationPeriods, comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, treatMissingData: TreatMissingData.NOT_BREACHING });
    this.alarms = [
      alarm('Errors', this.function.metricErrors({ period }), 'The writer function failed or timed out: the appends of that invocation were answered STORE_UNAVAILABLE (outcome unknown).', 1, 1),
      // A throttle is ordinary (another instance's invocation is running; the API retries it), so
      // only a sustained rate alarms: the writer is near its ceiling and mutations wait.
      alarm('Throttles', this.function.metricThrottles({ period }), 'The writer function was throttled more than 300 times in each of 3 periods of 5 minutes: mutations are queuing for the one writer.', 301, 3),
    ];
  }
}
