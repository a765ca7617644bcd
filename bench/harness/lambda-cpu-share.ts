import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Lambda gives one full vCPU at 1,769 MB and CPU in proportion to memory below it. */
export const MB_PER_VCPU = 1_769;

const CPU_CGROUP_ROOT = '/sys/fs/cgroup/cpu';
const PERIOD_US = 100_000;

/** A CPU cgroup capping its processes at a Lambda size's share of one core. */
export interface CpuShare {
  memoryMb: number;
  /** Share of one core: memoryMb / 1,769. */
  share: number;
  add(pid: number): void;
  remove(): void;
}

/**
 * Caps a process at the CPU Lambda gives `memoryMb` (a CFS quota of memoryMb/1,769 of one core per
 * 100 ms period), through a cgroup v1 CPU controller this process may write (root, as on the benchmark
 * machine). Undefined where there is none: the figures then stay unthrottled and the sizing extrapolates.
 * Emulation, not Lambda: the core is this machine's (not Graviton's) and Lambda's own period is not published.
 */
export function lambdaCpuShare(memoryMb: number): CpuShare | undefined {
  const dir = join(CPU_CGROUP_ROOT, `nudge-bench-${process.pid}-${memoryMb}mb`);
  const share = memoryMb / MB_PER_VCPU;
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(Math.max(1_000, Math.round(PERIOD_US * share))));
  } catch {
    try {
      rmdirSync(dir);
    } catch {
      // never made
    }
    return undefined;
  }
  return {
    memoryMb,
    share,
    add: (pid) => writeFileSync(join(dir, 'cgroup.procs'), String(pid)),
    /** Only an empty cgroup can go: call it after the process has exited. */
    remove: () => rmdirSync(dir),
  };
}
