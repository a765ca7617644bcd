/**
 * The shell every admin command runs in: shared flags (--table, --endpoint, --json, --help), usage
 * errors (exit 2), opening the target, and turning any failure into one sentence on stderr (exit 1).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Env } from '../core/config/env.ts';
import type { Log, LogAttributes } from '../core/log.ts';
import { describeFailure, EndpointUnreachableError, isUnreachable, UsageError } from './admin-errors.ts';
import { openTarget, resolveTarget, type AdminTarget, type OpenTarget } from './admin-target.ts';

/** What a command touches outside itself: passed in so it can run against anything. */
export interface AdminIo {
  env: Env;
  clock: () => Date;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The real process: its environment, the wall clock, the terminal. */
export function processIo(): AdminIo {
  return {
    env: process.env,
    clock: () => new Date(),
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  };
}

export type FlagValues = Record<string, string | boolean | undefined>;

export interface AdminSession {
  open: OpenTarget;
  io: AdminIo;
  now: Date;
  json: boolean;
  /** One JSON document with --json, the text otherwise. */
  print(document: Record<string, unknown>, text: () => string): void;
}

export interface AdminCommandSpec<Input> {
  name: string;
  usage: string;
  /** Flags beyond the shared ones. */
  options?: ParseArgsConfig['options'];
  /** Checks flags and positionals before anything is contacted; throws UsageError. */
  parse(values: FlagValues, positionals: string[]): Input;
  run(input: Input, session: AdminSession): Promise<number>;
}

/** Flags every admin command takes, described once for every --help. */
export const TARGET_HELP = `Target (every command):
  --table <name>     table to read (default: $NUDGE_TABLE_NAME, else the local table "nudge")
  --endpoint <url>   DynamoDB endpoint (default: $DYNAMODB_ENDPOINT; else, when no table name was
                     given, the running local mode at http://127.0.0.1:$NUDGE_DYNAMO_PORT, default 8084)
                     A table name without an endpoint means AWS: the SDK's default credentials and region.
                     Due-index shards: as the table records them; $NUDGE_DUE_SHARDS (default 16) for a table with none
  --json             print one JSON document instead of a table
  -h, --help         this text`;

/** Runs one admin command to an exit status: 0 done, 1 failed (message on stderr), 2 wrong usage. */
export async function runAdminCommand<Input>(spec: AdminCommandSpec<Input>, args: string[], io: AdminIo): Promise<number> {
  let values: FlagValues;
  let input: Input;
  let target: AdminTarget;
  try {
    const parsed = parseArgs({
      args: negativeNumbersAsValues(args, spec.options ?? {}),
      allowPositionals: true,
      strict: true,
      options: {
        ...spec.options,
        table: { type: 'string' },
        endpoint: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    values = parsed.values as FlagValues;
    if (values.help) {
      io.stdout(spec.usage);
      return 0;
    }
    input = spec.parse(values, parsed.positionals);
    target = resolveTarget({ table: values.table as string | undefined, endpoint: values.endpoint as string | undefined }, io.env);
  } catch (error) {
    // parseArgs throws TypeErrors with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION; their messages are clear.
    const message = error instanceof UsageError || isParseArgsError(error) ? (error as Error).message : describeFailure(error, undefined);
    io.stderr(`nudge ${spec.name}: ${message}\n\n${spec.usage}`);
    return 2;
  }

  let open: OpenTarget | undefined;
  try {
    open = await openTarget(target, stderrLog(io));
    const json = values.json === true;
    const session: AdminSession = {
      open,
      io,
      now: io.clock(),
      json,
      print(document, text) {
        io.stdout(json ? JSON.stringify(document, null, 2) : text());
      },
    };
    return await spec.run(input, session);
  } catch (error) {
    const failure = isUnreachable(error) ? new EndpointUnreachableError(target.endpoint ?? 'AWS', (error as Error).message, { cause: error }) : error;
    io.stderr(`nudge ${spec.name}: ${describeFailure(failure, target)}`);
    return 1;
  } finally {
    open?.close();
  }
}

/** Where the target is, for the top of `--json` documents. */
export function targetSummary(target: AdminTarget): Record<string, unknown> {
  return { table: target.tableName, endpoint: target.endpoint ?? null, source: target.source };
}

/**
 * Chat ids of groups are negative ("-1001234567890"), which parseArgs would read as short flags. A
 * negative number right after a string flag becomes its value; anywhere else it becomes a positional.
 */
export function negativeNumbersAsValues(args: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  if (args.includes('--')) return args;
  const out: string[] = [];
  const positionals: string[] = [];
  for (const arg of args) {
    const previous = out.at(-1);
    if (!/^-\d+$/.test(arg)) out.push(arg);
    else if (previous?.startsWith('--') && options[previous.slice(2)]?.type === 'string') out[out.length - 1] = `${previous}=${arg}`;
    else positionals.push(arg);
  }
  return positionals.length ? [...out, '--', ...positionals] : out;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** The store reports rows it had to skip (corrupt items); an admin wants to know, on stderr so --json stays clean. */
function stderrLog(io: AdminIo): Log {
  const write = (level: string) => (message: string, ...extra: LogAttributes[]) =>
    io.stderr(`${level}: ${message}${extra.length ? ` ${JSON.stringify(Object.assign({}, ...extra))}` : ''}`);
  return { debug() {}, info() {}, warn: write('warning'), error: write('error') };
}
