import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface ProcessFigures {
  peakRssMb: number;
  peakHeapUsedMb: number;
  /**
   * The most heap still in use right after a full (mark-sweep) collection: what the work keeps, without
   * the garbage that peak heap and RSS include depending on when V8 chose to collect. 0 if none ran.
   */
  peakHeapAfterGcMb: number;
  /** Longest the event loop was blocked (timers, sockets and sends all wait behind it). */
  maxEventLoopStallMs: number;
  eventLoopDelayP99Ms: number;
}

/**
 * Samples this process's memory every `everyMs` and its event-loop delay while running. Start it right
 * before the measured work and stop it right after.
 */
export function watchProcess(everyMs = 50): { stop(): ProcessFigures } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  let peakAfterGc = 0;
  const gcs = new PerformanceObserver((list) => {
    const major = list.getEntries().some((entry) => ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind) === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (major) peakAfterGc = Math.max(peakAfterGc, process.memoryUsage().heapUsed);
  });
  gcs.observe({ entryTypes: ['gc'] });
  sample();
  const timer = setInterval(sample, everyMs);
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return {
    stop() {
      clearInterval(timer);
      gcs.disconnect();
      sample();
      delay.disable();
      return {
        peakRssMb: mb(peakRss),
        peakHeapUsedMb: mb(peakHeap),
        peakHeapAfterGcMb: mb(peakAfterGc),
        maxEventLoopStallMs: Math.round(delay.max / 1e6),
        eventLoopDelayP99Ms: Math.round(delay.percentile(99) / 1e6),
      };
    },
  };
}
