/**
 * What the person controls about the agent's conversation memory (the turns themselves are in the
 * reminder store, bounded in number and expiring by TTL).
 */
export interface MemoryControl {
  /** Deletes every stored turn of the chat and any /new marker; returns how many turns were deleted. */
  forget(chatId: number): Promise<number>;
  /** Starts a fresh conversation: turns stored until now are no longer used (they expire as usual). */
  startNew(chatId: number, now: Date): Promise<void>;
  /** Sort key after which turns belong to the current conversation; undefined = all unexpired turns do. */
  conversationStart(chatId: number): Promise<string | undefined>;
}
