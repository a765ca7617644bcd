import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ensureTable, startDynalite } from '../../local/dynamo-server.ts';
import { TABLE } from '../../schema/index.ts';
import { contractBackends, startTestDynamo } from '../support/dynamo.ts';

describe.each(contractBackends())('test DynamoDB server (%s)', (backend) => {
  it('serves fresh tables with the due index, and stop() leaves nothing listening', async () => {
    // Prepare
    const dynamo = await startTestDynamo(backend);
    try {
      // Act
      const first = await dynamo.newTable();
      const second = await dynamo.newTable('other');
      await dynamo.doc.send(new PutCommand({ TableName: first, Item: { pk: 'A', sk: 'B', n: 1 } }));

      // Assess
      expect(first).not.toBe(second);
      const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: second }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([TABLE.dueIndex.name]);
      const read = await dynamo.doc.send(new GetCommand({ TableName: first, Key: { pk: 'A', sk: 'B' } }));
      expect(read.Item).toEqual({ pk: 'A', sk: 'B', n: 1 });
      const empty = await dynamo.doc.send(new GetCommand({ TableName: second, Key: { pk: 'A', sk: 'B' } }));
      expect(empty.Item).toBeUndefined();
    } finally {
      await dynamo.stop();
    }
    const probe = await fetch(dynamo.endpoint, { method: 'POST' }).then(
      () => 'answered',
      () => 'refused',
    );
    expect(probe).toBe('refused');
    await expect(dynamo.client.send(new ListTablesCommand({}))).rejects.toThrow();
  });
});

describe('startDynalite with a data folder', () => {
  it('keeps tables and items across a restart on the same folder; ensureTable is idempotent', async () => {
    // Prepare
    const folder = await mkdtemp(join(tmpdir(), 'nudge-dynalite-'));
    const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    try {
      const first = await startDynalite({ path: folder });
      const client1 = new DynamoDBClient({ endpoint: first.endpoint, region: 'us-east-1', credentials });
      await ensureTable(client1, 'nudge');
      await client1.send(new PutItemCommand({ TableName: 'nudge', Item: { pk: { S: 'CHAT#1' }, sk: { S: 'SETTINGS' } } }));
      client1.destroy();
      await first.stop();

      // Act
      const second = await startDynalite({ path: folder });
      const client2 = new DynamoDBClient({ endpoint: second.endpoint, region: 'us-east-1', credentials });
      await ensureTable(client2, 'nudge');
      const read = await client2.send(new GetItemCommand({ TableName: 'nudge', Key: { pk: { S: 'CHAT#1' }, sk: { S: 'SETTINGS' } } }));
      client2.destroy();
      await second.stop();

      // Assess
      expect(first.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(read.Item).toEqual({ pk: { S: 'CHAT#1' }, sk: { S: 'SETTINGS' } });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
