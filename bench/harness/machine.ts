import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** Where a figure was measured: without this a number cannot be compared with the next run's. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  freeMemoryGb: number;
  node: string;
  platform: string;
  /** 1/5/15-minute load average when the scenario started; above the core count means the machine was busy. */
  loadAverageAtStart: number[];
}

export function machineInfo(): MachineInfo {
  const gb = (bytes: number) => Math.round((bytes / 1024 ** 3) * 10) / 10;
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: gb(totalmem()),
    freeMemoryGb: gb(freemem()),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/** The commit the figures belong to, with `-dirty` when the work tree had changes. */
export function gitCommit(cwd: string): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).trim();
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
