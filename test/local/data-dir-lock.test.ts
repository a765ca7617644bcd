import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../local/data-dir-lock.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'nudge-lock-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A pid that certainly does not run any more: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('lockDataDir', () => {
  it('creates the folder, writes our pid, and releases', async () => {
    const dir = join(root, 'fresh', 'data');
    const lock = await lockDataDir(dir);
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
    await expect(stat(lock.path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a folder held by a live process, naming the pid and the way out', async () => {
    const first = await lockDataDir(root);
    const second = lockDataDir(root);
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(new RegExp(`in use by another Nudge \\(pid ${process.pid}\\).*NUDGE_DATA_DIR`));
    await first.release();
    await (await lockDataDir(root)).release();
  });

  it('takes over a stale lock left by a dead process, and a half-written one', async () => {
    await writeFile(join(root, 'nudge.lock'), JSON.stringify({ pid: deadPid() }));
    const lock = await lockDataDir(root);
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(process.pid);
    await lock.release();

    await writeFile(join(root, 'nudge.lock'), '');
    await (await lockDataDir(root)).release();
  });

  it('does not delete a lock that is no longer ours', async () => {
    const lock = await lockDataDir(root);
    await writeFile(lock.path, JSON.stringify({ pid: 1 }));
    await lock.release();
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(1);
  });
});
