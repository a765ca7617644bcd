import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/config/env.ts';
import { readSweeperConfig } from '../../core/sweeper/index.ts';
import { createSweeperHandler, sweeperRuntimeFromEnv } from '../../handlers/sweeper.ts';
import { countAtStandIn, depsFor, RecordingLog, ShiftedClock, startRig, storeOver, type SweeperRig } from './support.ts';

let rig: SweeperRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(() => rig?.stop());

const context = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs });

describe('sweeper Lambda handler', () => {
  it('builds its deps once, sweeps, logs a stale tick, and claims nothing past the time budget', async () => {
    // Prepare: one reminder due in 1 s, one due in 8 s.
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const now = clock.now();
    const make = (text: string, inMs: number) => ({ chatId: 9_100, text, work: 'message' as const, schedule: { kind: 'once' as const }, tz: 'UTC', dueAt: new Date(now.getTime() + inMs) });
    await store.createReminder(make('handler-soon', 1_000), now);
    await store.createReminder(make('handler-later', 8_000), now);
    const log = new RecordingLog();
    let builds = 0;
    const handler = createSweeperHandler(async () => {
      builds++;
      return { deps: depsFor(rig, { store, clock, log }), safetyMarginMs: 30_000 };
    });

    // Act: 35 s left minus a 30 s margin = 5 s of claiming; the tick is ten minutes old.
    const summary = await handler({ id: 'tick-1', time: new Date(now.getTime() - 600_000).toISOString() }, context(35_000));
    await handler({ id: 'tick-2', time: clock.now().toISOString() }, context(0));

    // Assess
    expect(builds).toBe(1);
    expect(summary).toMatchObject({ delivered: 1, deferred: 1, stoppedBy: 'idle' });
    expect(summary).not.toHaveProperty('rows');
    expect(countAtStandIn(rig.standIn, 'handler-soon')).toBe(1);
    expect(countAtStandIn(rig.standIn, 'handler-later')).toBe(0);
    expect(log.lines.find((l) => l.message.startsWith('stale sweeper tick'))?.attributes).toMatchObject({ eventId: 'tick-1' });
    expect(log.lines.filter((l) => l.message.startsWith('stale sweeper tick'))).toHaveLength(1);
  });

  it('fails fast naming the missing setting, and tries building again on the next tick', async () => {
    let builds = 0;
    const handler = createSweeperHandler(() => {
      builds++;
      return sweeperRuntimeFromEnv({ NUDGE_TABLE_NAME: 'nudge' }, new RecordingLog());
    });
    await expect(handler({ id: 'a', time: new Date().toISOString() }, context(60_000))).rejects.toMatchObject({ name: 'ConfigError', key: 'NUDGE_BOT_TOKEN_PARAM' });
    await expect(handler({ id: 'b', time: new Date().toISOString() }, context(60_000))).rejects.toBeInstanceOf(ConfigError);
    expect(builds).toBe(2);
  });

  it('reads its config typed, with defaults only for tuning', () => {
    const config = readSweeperConfig({ NUDGE_TABLE_NAME: 't', NUDGE_BOT_TOKEN_PARAM: '/nudge/token', NUDGE_AGENT_RUNTIME_ARN: 'arn:aws:bedrock-agentcore:eu-central-1:1:runtime/x', NUDGE_DUE_SHARDS: '32' });
    expect(config).toMatchObject({ tableName: 't', botTokenParam: '/nudge/token', dueShards: 32, safetyMarginMs: 30_000, agentTimeoutMs: 10_000 });
    expect(() => readSweeperConfig({ NUDGE_TABLE_NAME: 't', NUDGE_BOT_TOKEN_PARAM: 'p', NUDGE_AGENT_RUNTIME_ARN: 'a', NUDGE_DUE_SHARDS: 'many' })).toThrow(/NUDGE_DUE_SHARDS/);
  });
});
