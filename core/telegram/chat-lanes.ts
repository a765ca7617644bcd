/**
 * One call at a time per chat, first come first served, so messages reach a chat in the order
 * they were sent even when one of them waits out a 429 or a back-off.
 */
export class ChatLanes {
  private readonly lanes = new Map<number, Array<() => void>>();

  /**
   * Waits for the chat's turn. Resolves to a release function, or `undefined` if the turn did
   * not come within `timeoutMs` (the waiter then leaves the queue without holding anyone up).
   */
  acquire(chatId: number, timeoutMs: number): Promise<(() => void) | undefined> {
    const queue = this.lanes.get(chatId);
    if (!queue) {
      this.lanes.set(chatId, []);
      return Promise.resolve(this.releaser(chatId));
    }
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(this.releaser(chatId));
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(wake);
        if (index >= 0) queue.splice(index, 1);
        resolve(undefined);
      }, Math.max(0, timeoutMs));
      queue.push(wake);
    });
  }

  private releaser(chatId: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const queue = this.lanes.get(chatId);
      const next = queue?.shift();
      if (next) next();
      else this.lanes.delete(chatId);
    };
  }
}
