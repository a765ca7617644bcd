import { describe, expect, it } from 'vitest';
import { createShutdownHandler, SAME_CTRL_C_MS } from '../../local/run.ts';

/** A stack whose stop() finishes only when the test says so, as a slow stop would. */
function slowStack() {
  const calls: string[] = [];
  let finishStop: (() => void) | undefined;
  let failStop: ((error: Error) => void) | undefined;
  const stack = {
    stop: () => {
      calls.push('stop');
      return new Promise<void>((resolve, reject) => {
        finishStop = resolve;
        failStop = reject;
      });
    },
    releaseDataDir: async () => {
      calls.push('releaseDataDir');
    },
  };
  return { stack, calls, finishStop: () => finishStop!(), failStop: (error: Error) => failStop!(error) };
}

function harness() {
  const slow = slowStack();
  let now = 1_000;
  const lines: string[] = [];
  const exits: number[] = [];
  let exited: (code: number) => void = () => undefined;
  const exitSeen = new Promise<number>((resolve) => (exited = resolve));
  const handler = createShutdownHandler(slow.stack, {
    err: (text) => lines.push(text),
    exit: (code) => {
      exits.push(code);
      exited(code);
    },
    now: () => now,
    token: '123456789:AAsecret-token-value-000000000',
  });
  return { ...slow, handler, lines, exits, exitSeen, advance: (ms: number) => (now += ms) };
}

describe('createShutdownHandler', () => {
  it('treats a second signal within the window as the same Ctrl-C and exits 0 after stop()', async () => {
    // Prepare
    const h = harness();

    // Act
    h.handler('SIGINT');
    h.advance(5);
    h.handler('SIGINT');
    h.advance(SAME_CTRL_C_MS - 10);
    h.handler('SIGTERM');
    h.finishStop();

    // Assess
    expect(await h.exitSeen).toBe(0);
    expect(h.calls).toEqual(['stop']);
    expect(h.exits).toEqual([0]);
    expect(h.lines.join('\n')).toContain('Stopped.');
    expect(h.lines.join('\n')).not.toContain('Stopping at once');
  });

  it('on a later signal exits 130 at once, after releasing the data-folder lock', async () => {
    // Prepare
    const h = harness();
    h.handler('SIGINT');

    // Act: stop() is still running when the user presses Ctrl-C again.
    h.advance(SAME_CTRL_C_MS + 1);
    h.handler('SIGINT');

    // Assess
    expect(await h.exitSeen).toBe(130);
    expect(h.calls).toEqual(['stop', 'releaseDataDir']);
    expect(h.lines).toContain('Stopping at once.');
  });

  it('exits 1 with the token redacted when stop() fails', async () => {
    // Prepare
    const h = harness();
    h.handler('SIGTERM');

    // Act
    h.failStop(new Error('dynalite said no to 123456789:AAsecret-token-value-000000000'));

    // Assess
    expect(await h.exitSeen).toBe(1);
    const text = h.lines.join('\n');
    expect(text).toContain('Stopped with errors: dynalite said no');
    expect(text).not.toContain('AAsecret-token-value');
  });
});
