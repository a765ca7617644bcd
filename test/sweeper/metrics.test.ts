import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { summarise } from '../../core/sweeper/index.ts';
import { createEmfMetricsSink } from '../../adapters/powertools/index.ts';

afterEach(() => vi.restoreAllMocks());

/** The sink as the Lambda builds it, with what it writes to stdout (where EMF records go) captured. */
function sinkWritingTo() {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return { written, sink: createEmfMetricsSink(new Metrics({ namespace: 'Nudge', serviceName: 'sweeper' })) };
}

describe('EMF metrics sink', () => {
  it('writes one CloudWatch EMF record per run in the Nudge namespace, with counts and lag', () => {
    // Prepare
    const { written, sink } = sinkWritingTo();
    const report = summarise(
      [
        { reminderId: 'a', chatId: 1, dueAt: '2026-03-10T09:00:00.000Z', outcome: 'delivered', claimed: true, lagMs: 40, late: false },
        { reminderId: 'b', chatId: 1, dueAt: '2026-03-10T09:00:00.000Z', outcome: 'failed', claimed: true, reason: 'blocked: Forbidden' },
      ],
      { startedAt: new Date(0), finishedAt: new Date(500), windowEnd: new Date(60_000), stoppedBy: 'idle', queries: 1, dueFound: 2, queryErrors: 0 },
    );

    // Act
    void sink.publish(report);

    // Assess
    const records = written.flatMap((line) => line.split('\n')).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(1);
    const emf = records[0]!;
    expect(emf).toMatchObject({ Delivered: 1, Failed: 1, LagMax: 40, service: 'sweeper' });
    // What was found and claimed, and the median lag, live in the run's log line and status item, not in billed metrics.
    expect(emf).not.toHaveProperty('DueFound');
    expect(emf).not.toHaveProperty('LagP50');
    const directive = (emf._aws as { CloudWatchMetrics: Array<{ Namespace: string; Metrics: Array<{ Name: string; Unit: string }> }> }).CloudWatchMetrics[0]!;
    expect(directive.Namespace).toBe('Nudge');
    expect(directive.Metrics).toContainEqual({ Name: 'LagMax', Unit: 'Milliseconds' });
    // Zero counts are not sent: CloudWatch bills a custom metric for each hour it receives a value.
    expect(directive.Metrics.map((metric) => metric.Name)).not.toContain('ClaimConflicts');
    expect(emf).not.toHaveProperty('Retried');
  });

  it('writes no record for a run with nothing to count (a run that only sent kept replies)', () => {
    // Prepare
    const { written, sink } = sinkWritingTo();
    const report = summarise([], { startedAt: new Date(0), finishedAt: new Date(10), windowEnd: new Date(60_000), stoppedBy: 'idle', queries: 16, dueFound: 0, queryErrors: 0 });

    // Act
    void sink.publish(report);

    // Assess
    expect(written.filter((line) => line.includes('"_aws"'))).toEqual([]);
  });
});
