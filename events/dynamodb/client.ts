import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoConnection {
  /** e.g. http://127.0.0.1:8000 for DynamoDB Local; unset for AWS. */
  endpoint?: string;
  region?: string;
  /** Per-request timeout in ms; with the retries this bounds how long an unreachable store takes to report. */
  requestTimeoutMs?: number;
  maxAttempts?: number;
}

/**
 * A document client with bounded timeouts and retries, so an unreachable DynamoDB is reported
 * within a few seconds instead of hanging.
 */
export function createDocumentClient(connection: DynamoConnection = {}): DynamoDBDocumentClient {
  const local = connection.endpoint !== undefined;
  const client = new DynamoDBClient({
    endpoint: connection.endpoint,
    region: connection.region ?? process.env.AWS_REGION ?? (local ? 'local' : undefined),
    // DynamoDB Local accepts any credentials; AWS uses the usual provider chain.
    credentials: local && !process.env.AWS_ACCESS_KEY_ID ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    maxAttempts: connection.maxAttempts ?? 3,
    // The SDK's own decoder matches every binary attribute's base64 against a regular expression
    // before decoding it: about 100 ms of a cold start that reads a 9 MB view snapshot section.
    // Node decodes it natively; what is decoded comes from DynamoDB, and every binary this code
    // stores (snapshot sections, log chunks) is checked against its digest when read.
    base64Decoder: decodeBase64,
    requestHandler: {
      connectionTimeout: Math.min(1000, connection.requestTimeoutMs ?? 1000),
      requestTimeout: connection.requestTimeoutMs ?? 3000,
      // Without this the handler only logs a warning when the timeout passes, and the call hangs.
      throwOnRequestTimeout: true,
    },
  });
  // The SDK's logger middleware builds a redacted deep copy of every input and output for its
  // logger even when that logger is the default no-op one: a second copy of each 1000-item page
  // during catch-up (CPU, and garbage). No logger is configured here, so it can go.
  client.middlewareStack.remove('loggerMiddleware');
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

function decodeBase64(input: string): Uint8Array {
  const bytes = Buffer.from(input, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
