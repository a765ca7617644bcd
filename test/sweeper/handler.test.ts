import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/config/env.ts';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAdminTable, DynamoDbReplyOutbox } from '../../adapters/dynamodb/index.ts';
import { withSweepStatus } from '../../core/admin/index.ts';
import { keys } from '../../schema/index.ts';
import { DynamoDbSenderLeaseStore } from '../../adapters/dynamodb/sender-lease-store.ts';
import { readSweeperConfig } from '../../core/sweeper/index.ts';
import { createTelegramClient } from '../../adapters/telegram/index.ts';
import { telegramForCurrentToken } from '../../core/sweeper/index.ts';
import { botTokenReader, createSweeperHandler, sweeperRuntimeFromEnv } from '../../handlers/sweeper.ts';
import { startTelegramStandIn } from '../../local/telegram-standin/index.ts';
import { countAtStandIn, depsFor, realSleep, RecordingLog, ShiftedClock, startRig, storeOver, type SweeperRig } from './support.ts';

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

  it('sends kept replies only on a tick that holds the sender lease, and takes none once its time is up', async () => {
    // Prepare: a table with a kept reply due now, and a handler with the lease (the AWS cadence compressed
    // as in lease-cadence.test.ts) and the outbox, as sweeperRuntimeFromEnv builds it.
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const outbox = new DynamoDbReplyOutbox({ client: rig.dynamo.doc, tableName: table });
    const chatId = 9_150;
    const keep = (text: string) => outbox.keep(chatId, { text }, clock.now(), new Date(clock.now().getTime() - 1_000), 'HTTP 429');
    const runtime = {
      deps: depsFor(rig, { store, clock, log: new RecordingLog() }),
      safetyMarginMs: 2_000,
      outbox,
      senderLease: {
        leases: new DynamoDbSenderLeaseStore({ client: rig.dynamo.doc, tableName: table }),
        options: { periodMs: 4_000, handoverMs: 1_500, lease: { ttlMs: 3_000, renewEveryMs: 800, pollMs: 100 } },
      },
    };
    const leased = createSweeperHandler(async () => runtime);
    const unleased = createSweeperHandler(async () => ({ ...runtime, senderLease: undefined }));
    const tickTime = clock.now().toISOString();
    await keep('kept-first');
    // A reminder 1.5 s out keeps the tick's sweep (and so its lease) busy while the same tick comes again.
    await store.createReminder({ chatId: 9_151, text: 'kept-tick-reminder', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(clock.now().getTime() + 1_500) }, clock.now());

    // Act: the tick; the same tick delivered again while it runs (turned away by the lease); then, with a
    // second reply kept, a run with no time left past its margin, and one with time.
    const firstRun = leased({ id: 'kept-tick', time: tickTime }, { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'req-1' });
    await realSleep(300);
    const again = await leased({ id: 'kept-tick', time: tickTime }, { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'req-2' });
    const afterRefusal = countAtStandIn(rig.standIn, 'kept-first', chatId);
    const first = await firstRun;
    await keep('kept-second');
    await unleased({ id: 'late', time: clock.now().toISOString() }, context(1_000));
    const afterTimeUp = countAtStandIn(rig.standIn, 'kept-second', chatId);
    await unleased({ id: 'next', time: clock.now().toISOString() }, context(10_000));

    // Assess
    expect(again).toMatchObject({ leaseRefused: 'tick-already-served' });
    expect(first).toMatchObject({ delivered: 1 });
    expect([afterRefusal, afterTimeUp]).toEqual([0, 0]);
    expect(countAtStandIn(rig.standIn, 'kept-first', chatId)).toBe(1);
    expect(countAtStandIn(rig.standIn, 'kept-second', chatId)).toBe(1);
    expect(await outbox.chatsWaiting()).toEqual([]);
  });

  it('leaves an idle tick without writing anything, and takes the lease for a kept reply alone', async () => {
    // Prepare: one reminder due tomorrow (outside every window), the lease and the outbox as deployed, and
    // the status item the deployed metrics sink writes after each sweep.
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const outbox = new DynamoDbReplyOutbox({ client: rig.dynamo.doc, tableName: table });
    const log = new RecordingLog();
    const status = new DynamoDbAdminTable(rig.dynamo.doc, table);
    const runtime = {
      deps: { ...depsFor(rig, { store, clock, log }), metrics: withSweepStatus(undefined, (item) => status.putSweepStatus(item), log) },
      safetyMarginMs: 2_000,
      outbox,
      senderLease: { leases: new DynamoDbSenderLeaseStore({ client: rig.dynamo.doc, tableName: table }), options: { periodMs: 4_000, handoverMs: 1_500, lease: { ttlMs: 3_000, renewEveryMs: 800, pollMs: 100 } } },
    };
    const handler = createSweeperHandler(async () => runtime);
    await store.createReminder({ chatId: 9_160, text: 'idle-tomorrow', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(clock.now().getTime() + 86_400_000) }, clock.now());
    const items = async () => ((await rig.dynamo.doc.send(new ScanCommand({ TableName: table }))).Items ?? []).map((item) => `${String(item.pk)}|${String(item.sk)}`).sort();
    const before = await items();

    // Act: an idle tick; then a kept reply due now, and the next tick.
    const idle = await handler({ id: 'idle-tick', time: clock.now().toISOString() }, context(10_000));
    const afterIdle = await items();
    await outbox.keep(9_161, { text: 'kept-while-idle' }, clock.now(), new Date(clock.now().getTime() - 1_000), 'HTTP 429');
    const busy = await handler({ id: 'kept-tick', time: clock.now().toISOString() }, context(10_000));

    // Assess: no lease row, no status item, nothing written at all; the kept reply made the next tick sweep and send it.
    expect(idle).toEqual({ idle: true });
    expect(afterIdle).toEqual(before);
    expect(busy).toMatchObject({ delivered: 0 });
    expect(countAtStandIn(rig.standIn, 'kept-while-idle', 9_161)).toBe(1);
    expect(await status.getItem({ pk: keys.adminPk, sk: keys.sweepStatusSk })).toMatchObject({ type: 'sweep-status', delivered: 0 });
  });

  it('reads its config typed, with defaults only for tuning', () => {
    const config = readSweeperConfig({ NUDGE_TABLE_NAME: 't', NUDGE_BOT_TOKEN_PARAM: '/nudge/token', NUDGE_AGENT_RUNTIME_ARN: 'arn:aws:bedrock-agentcore:eu-central-1:1:runtime/x', NUDGE_DUE_SHARDS: '32' });
    expect(config).toMatchObject({ tableName: 't', botTokenParam: '/nudge/token', dueShards: 32, safetyMarginMs: 30_000, agentTimeoutMs: 10_000 });
    expect(() => readSweeperConfig({ NUDGE_TABLE_NAME: 't', NUDGE_BOT_TOKEN_PARAM: 'p', NUDGE_AGENT_RUNTIME_ARN: 'a', NUDGE_DUE_SHARDS: 'many' })).toThrow(/NUDGE_DUE_SHARDS/);
    // The webhook's key: both Lambdas must reach the same agent endpoint.
    const required = { NUDGE_TABLE_NAME: 't', NUDGE_BOT_TOKEN_PARAM: 'p', NUDGE_AGENT_RUNTIME_ARN: 'a' };
    expect(readSweeperConfig({ ...required, NUDGE_AGENT_QUALIFIER: 'live' }).agentRuntimeQualifier).toBe('live');
    expect(readSweeperConfig({ ...required, NUDGE_AGENT_RUNTIME_QUALIFIER: 'live' }).agentRuntimeQualifier).toBeUndefined();
  });
});

/** A local SSM over HTTP that answers GetParameter (JSON 1.1 protocol) with `value`, counting calls. */
async function startSsmStandIn(initial: string) {
  const ssm = { value: initial, calls: 0, endpoint: '', close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      ssm.calls++;
      const { Name } = JSON.parse(body) as { Name: string };
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Parameter: { Name, Type: 'SecureString', Value: ssm.value, Version: ssm.calls } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ssm.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return ssm;
}

describe('bot token rotation', () => {
  it('re-reads the token each run through the Parameters cache and rebuilds the client only when it changed', async () => {
    // Prepare: SSM holds the old token; Telegram already accepts only the new one (rotated in BotFather).
    const OLD = '7000002:old-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const NEW = '7000002:new-token-BBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    const [ssm, telegram] = await Promise.all([startSsmStandIn(OLD), startTelegramStandIn({ token: NEW })]);
    const provider = new SSMProvider({
      awsSdkV3Client: new SSMClient({ endpoint: ssm.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
    });
    const table = await rig.dynamo.newTable();
    const store = storeOver(rig.dynamo.doc, table);
    const clock = new ShiftedClock();
    const log = new RecordingLog();
    const builds: string[] = [];
    const telegramForRun = telegramForCurrentToken({
      readToken: botTokenReader('/nudge/token', 1, (name, options) => provider.get(name, options)),
      build: (token) => {
        builds.push(token === NEW ? 'new' : 'old');
        return createTelegramClient({ token, apiRoot: telegram.apiRoot, maxWaitMs: 2_000 });
      },
      log,
    });
    const handler = createSweeperHandler(async () => ({ deps: depsFor(rig, { store, clock, log }), safetyMarginMs: 30_000, telegramForRun }));
    const tick = () => handler({ id: 'tick', time: clock.now().toISOString() }, context(40_000));

    try {
      // Act 1: a run, then the rotation in SSM, then a run within the 1 s cache age.
      await tick();
      ssm.value = NEW;
      await tick();
      const cachedCalls = ssm.calls;
      const cachedBuilds = [...builds];
      // Act 2: past the cache age, a reminder is due; two runs.
      await realSleep(1_100);
      const now = clock.now();
      await store.createReminder({ chatId: 9_200, text: 'rotated-token', work: 'message', schedule: { kind: 'once' }, tz: 'UTC', dueAt: new Date(now.getTime() + 1_000) }, now);
      const delivering = await tick();
      await realSleep(1_100);
      await tick();

      // Assess
      expect(cachedCalls).toBe(1); // the second run was answered from the cache
      expect(cachedBuilds).toEqual(['old']);
      expect(delivering).toMatchObject({ delivered: 1 }); // sent with the new token, which the old client could not
      expect(countAtStandIn(telegram, 'rotated-token')).toBe(1);
      expect(ssm.calls).toBe(3); // re-read once per expired cache, not once per container
      expect(builds).toEqual(['old', 'new']); // the last read returned the same value: no rebuild
      expect(JSON.stringify(log.lines)).not.toContain('token-AAAA');
    } finally {
      await Promise.all([ssm.close(), telegram.stop()]);
    }
  });

  it('keeps the loaded token when a later read fails, but fails the first read with a ConfigError naming the parameter', async () => {
    let reads = 0;
    const log = new RecordingLog();
    const telegramForRun = telegramForCurrentToken({
      readToken: botTokenReader('/nudge/token', 300, async () => (++reads === 1 ? 'only-token-read' : Promise.reject(Object.assign(new Error('boom'), { name: 'ThrottlingException' })))),
      build: (token) => createTelegramClient({ token, apiRoot: rig.standIn.apiRoot }),
      log,
    });
    const first = await telegramForRun();
    expect(await telegramForRun()).toBe(first);
    expect(log.lines.find((l) => l.level === 'warn')?.attributes.error).toMatch(/^ConfigError: .*\/nudge\/token could not be read: ThrottlingException/);

    const empty = telegramForCurrentToken({ readToken: botTokenReader('/nudge/empty', 300, async () => ''), build: () => first, log });
    await expect(empty()).rejects.toMatchObject({ name: 'ConfigError', key: 'NUDGE_BOT_TOKEN_PARAM', message: expect.stringContaining('/nudge/empty is empty') });
    await expect(
      sweeperRuntimeFromEnv({ NUDGE_TABLE_NAME: 't', NUDGE_BOT_TOKEN_PARAM: '/nudge/missing', NUDGE_AGENT_RUNTIME_ARN: 'arn:x' }, log, { readParameter: async () => undefined }),
    ).rejects.toMatchObject({ name: 'ConfigError', message: expect.stringContaining('/nudge/missing is empty') });
  });
});
