import type { Duration } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface LedgerFunctionProps {
  /** Construct id of its log group (kept as each function had it, so logical ids do not move). */
  logsId: string;
  entry: string;
  bundling: BundlingOptions;
  role: IRole;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  reservedConcurrentExecutions?: number;
}

/**
 * One of the organisation's functions (the API, the writer, the dispatcher): Node 22 on arm64, an
 * esbuild bundle, its own log group kept a year that only its role may write.
 */
export function ledgerFunction(scope: Construct, id: string, props: LedgerFunctionProps): NodejsFunction {
  const logs = new LogGroup(scope, props.logsId, { retention: RetentionDays.ONE_YEAR });
  logs.grants.write(props.role);
  const fn = new NodejsFunction(scope, id, {
    entry: props.entry,
    handler: 'handler',
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    role: props.role,
    logGroup: logs,
    bundling: props.bundling,
    environment: props.environment,
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'Node.js 22 is the runtime this project builds and tests for; moving to a newer runtime is a deliberate upgrade.',
  });
  return fn;
}
