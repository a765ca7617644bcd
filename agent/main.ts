/**
 * The deployable entry (AgentCore Runtime, Node 22, arm64): read settings, build the adapters,
 * serve /ping and /invocations. The only module that touches process.env and process signals.
 */
import { buildAgentDeps, readAgentConfig } from './config.ts';
import { startAgentServer } from './server.ts';

async function main(): Promise<void> {
  const config = readAgentConfig(process.env);
  const deps = await buildAgentDeps(config);
  const server = await startAgentServer({ port: config.port, host: config.host, deps });
  deps.log.info('agent listening', { url: server.url, model: config.modelId ?? 'none (commands only)' });
  const shutdown = (signal: string) => {
    deps.log.info('agent stopping; finishing queued work', { signal });
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Config errors name the key; nothing here can contain the token (it is never put in a message).
  console.error(JSON.stringify({ level: 'ERROR', message: 'agent failed to start', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
  process.exit(1);
});
