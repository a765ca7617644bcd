import type { EmailBook, MailSender } from '../../core/email/port.ts';
import type { MemoryControl } from '../../core/memory/port.ts';
import type { WebSearch } from '../../core/search/port.ts';

/** E-mail, when configured: where mail goes, the chat's records, the sender address, the per-chat daily cap. */
export interface EmailSetup {
  sender: MailSender;
  book: EmailBook;
  /** The From address (on AWS an SES-verified identity). */
  from: string;
  /** E-mails per chat per UTC day, verification codes included. */
  dailyLimit: number;
}

/** The agent's optional tools; each part is off when absent (the model is then not offered it). */
export interface AgentToolDeps {
  search?: WebSearch;
  email?: EmailSetup;
  /** /forget and /new; present wherever the table is. */
  memory?: MemoryControl;
}
