// Runs a bundled Lambda handler in a plain Node process, as the Lambda runtime would, and
// answers invocations sent over IPC: { id, event } -> { id, result } or { id, error }.
const { handler } = await import(process.argv[2]);

process.on('message', async ({ id, event }) => {
  const context = {
    awsRequestId: id,
    functionName: 'graphql',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:graphql',
    memoryLimitInMB: '1024',
    getRemainingTimeInMillis: () => 10_000,
  };
  try {
    process.send({ id, result: await handler(event, context) });
  } catch (error) {
    process.send({ id, error: error instanceof Error ? error.stack : String(error) });
  }
});
process.send({ ready: true });
