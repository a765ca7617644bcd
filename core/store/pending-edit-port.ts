/** The reminder a chat's next plain message edits, after ✏️ Change (kept on the chat's settings item). */
export interface PendingEdit {
  reminderId: string;
  /** Who pressed ✏️ Change: in a group, only their next message is taken as the edit. */
  userId?: number;
  /** UTC ISO; after it the marker is ignored (and overwritten by the next one). */
  until: string;
}

export interface PendingEditStore {
  /** Marks `edit.reminderId` as the one the chat's next message edits, replacing any earlier marker. */
  setPendingEdit(chatId: number, edit: PendingEdit, now: Date): Promise<void>;
  /** Removes the marker if it still names `reminderId` (a newer ✏️ Change is left alone). */
  clearPendingEdit(chatId: number, reminderId: string): Promise<void>;
}
