import { fork } from 'node:child_process';
import { DEFAULT_DUE_SHARDS } from '../../schema/index.ts';
import { lambdaHeapFlags, type BuiltLambda } from './lambda-bundle.ts';
import type { TickChildInput, TickChildMessage, TickChildReport } from './lambda-tick-child.ts';

export interface TickChild {
  pid: number;
  warm: Promise<TickChildReport['cold']>;
  tick(time: string): Promise<{ report: TickChildReport }>;
  stdoutBytes(): number;
  /** What it wrote to stdout (its log lines), up to the first MB. */
  stdoutText(): string;
  /** Asks it to exit and waits briefly (a CPU profile is written then), else kills it. */
  stop(): Promise<void>;
}

/** Where the local sweeper finds its table, token and Telegram; the rest of its environment is the stack's. */
export interface LocalSweeperEnv {
  tableName: string;
  dynamoEndpoint: string;
  ssmEndpoint: string;
  /** SSM parameter holding the bot token at `ssmEndpoint`. */
  tokenParameter: string;
  telegramApiRoot: string;
}

/**
 * The runner in its own `node`, with the heap flags Lambda's runtime sets for `input.memoryMb` and the
 * environment the stack gives the sweeper (NODE_OPTIONS, shards, Powertools), pointed at local servers.
 */
export function startTickChild(built: BuiltLambda, input: TickChildInput, local: LocalSweeperEnv, extraExecArgv: string[] = []): TickChild {
  const child = fork(built.runner, [JSON.stringify(input)], {
    execArgv: [...lambdaHeapFlags(input.memoryMb), ...extraExecArgv],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: {
      PATH: process.env.PATH,
      NODE_OPTIONS: '--enable-source-maps',
      NUDGE_TABLE_NAME: local.tableName,
      NUDGE_BOT_TOKEN_PARAM: local.tokenParameter,
      NUDGE_AGENT_RUNTIME_ARN: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/nudge-local',
      NUDGE_DUE_SHARDS: String(DEFAULT_DUE_SHARDS),
      NUDGE_AGENT_TIMEOUT_MS: '20000',
      POWERTOOLS_METRICS_NAMESPACE: 'Nudge',
      POWERTOOLS_SERVICE_NAME: 'sweeper',
      TELEGRAM_API_ROOT: local.telegramApiRoot,
      AWS_ENDPOINT_URL_DYNAMODB: local.dynamoEndpoint,
      AWS_ENDPOINT_URL_SSM: local.ssmEndpoint,
      AWS_REGION: 'us-east-1',
      // Local servers accept any signature; fixed fake keys keep the SDK from hunting for real ones.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_LAMBDA_FUNCTION_NAME: 'nudge-sweeper',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memoryMb),
      AWS_LAMBDA_LOG_FORMAT: 'JSON',
      AWS_LAMBDA_LOG_LEVEL: 'INFO',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  let bytes = 0;
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (text.length < 1_000_000) text += chunk.toString('utf8');
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the sweeper process exited (${code}) before reporting`))));
  const next = <T extends TickChildMessage['type']>(type: T) =>
    Promise.race([
      exited,
      new Promise<Extract<TickChildMessage, { type: T }>>((resolve) => {
        const listener = (message: TickChildMessage) => {
          if (message.type !== type) return;
          child.off('message', listener);
          resolve(message as Extract<TickChildMessage, { type: T }>);
        };
        child.on('message', listener);
      }),
    ]);
  const warm = next('warm').then((m) => m.cold);
  return {
    pid: child.pid!,
    warm,
    async tick(time) {
      const done = next('done');
      child.send({ type: 'tick', time });
      return done;
    },
    stdoutBytes: () => bytes,
    stdoutText: () => text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited.catch(() => {});
      clearTimeout(timer);
    },
  };
}
