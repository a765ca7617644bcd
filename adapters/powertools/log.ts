import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '../../core/log.ts';

/** JSON lines on stdout, as Lambda and CloudWatch expect. `NUDGE_LOG_LEVEL` / `POWERTOOLS_LOG_LEVEL` set the level. */
export function createLog(serviceName: string, level?: string): Log {
  return new Logger({ serviceName, ...(level ? { logLevel: level as 'INFO' } : {}) });
}
