import { startDynalite } from '../../local/dynamo-server.ts';

// Runs the embedded DynamoDB API in its own process, so the benchmark's memory and event-loop figures
// are the sweeper's, not dynalite's. Prints its endpoint as one JSON line; exits when stdin closes.
const dynamo = await startDynalite({});
process.stdout.write(`${JSON.stringify({ endpoint: dynamo.endpoint })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void dynamo.stop().finally(() => process.exit(0));
});
