import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Another Nudge (alive) holds the data folder: two dynalite processes on one LevelDB corrupt it. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    readonly holderPid: number,
    options?: { cause?: unknown },
  ) {
    super(
      `the data folder ${dataDir} is in use by another Nudge (pid ${holderPid}). ` +
        `Stop that one first, or set NUDGE_DATA_DIR to another folder. ` +
        `If you are sure no Nudge is running, delete ${lockPath}.`,
      options,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

const LOCK_FILE = 'nudge.lock';

/**
 * Takes the single-instance lock of a data folder (creating the folder on first run): an
 * exclusive-create lock file holding our pid. A lock left by a process that no longer runs
 * (killed with -9, machine crashed) is taken over; a live holder — including this very
 * process, so two stacks in one test process cannot share a folder — throws DataDirLockedError.
 */
export async function lockDataDir(dataDir: string, pid: number = process.pid): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const content = `${JSON.stringify({ pid, startedAt: new Date().toISOString() })}\n`;
  // A few rounds: a stale lock we removed can be re-created by another starter in between.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(content);
      } finally {
        await handle.close();
      }
      return ownedLock(path, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const existing = await readLock(path);
    if (existing === undefined) continue; // vanished meanwhile: try to create again
    if (existing.pid !== undefined && isAlive(existing.pid)) {
      throw new DataDirLockedError(dataDir, path, existing.pid);
    }
    // Stale. Re-read right before removing so we do not delete a lock someone just took over.
    const again = await readLock(path);
    if (again?.raw === existing.raw) await unlink(path).catch(ignoreMissing);
  }
  const holder = await readLock(path);
  throw new DataDirLockedError(dataDir, path, holder?.pid ?? -1);
}

function ownedLock(path: string, content: string): DataDirLock {
  let released: Promise<void> | undefined;
  return {
    path,
    release() {
      released ??= (async () => {
        const current = await readLock(path);
        // Someone deleted ours and took over (by hand, against the advice): leave theirs alone.
        if (current?.raw === content) await unlink(path).catch(ignoreMissing);
      })();
      return released;
    },
  };
}

async function readLock(path: string): Promise<{ raw: string; pid: number | undefined } | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const pid = (JSON.parse(raw) as { pid?: unknown }).pid;
    return { raw, pid: Number.isSafeInteger(pid) && (pid as number) > 0 ? (pid as number) : undefined };
  } catch {
    // Half-written (the writer died between create and write): treat as stale.
    return { raw, pid: undefined };
  }
}

function isAlive(pid: number): boolean {
  try {
    // Signal 0 checks existence without touching the process.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
