import { z } from 'zod';
import { MailError } from '../../core/email/errors.ts';
import type { VerifiedAddress } from '../../core/email/port.ts';
import { EMAIL_RULES, maskAddress, normaliseLabel, utcDay } from '../../core/email/verification.ts';
import { UserInputError } from '../errors.ts';
import type { AgentTool, ToolContext } from '../model/tools.ts';
import { mailFailureText, TOOL_TEXT } from './texts.ts';

/** A looping model cannot spend the day's allowance in one message. */
const MAX_SENDS_PER_REQUEST = 3;

/**
 * Plain-text e-mail to one of the chat's verified addresses. The tool takes no address: only the
 * label of a verified one (a verified address itself is accepted as its own label). Anything else —
 * an address the model made up or read in a message — is refused, and nothing is sent.
 */
export const sendEmailTool: AgentTool = {
  name: 'send_email',
  description:
    "E-mail plain text to the person's own verified address (added by them with /email). You cannot choose a recipient: give `address_label` only to pick one of several verified addresses by its label. Keep the subject short and descriptive.",
  input: z.strictObject({
    subject: z.string().trim().min(1).max(EMAIL_RULES.maxSubject),
    body: z.string().min(1).max(EMAIL_RULES.maxBody),
    address_label: z.string().trim().min(1).max(254).optional().describe('Label of a verified address, e.g. "work"; omit when there is only one'),
  }),
  async run(input: { subject: string; body: string; address_label?: string }, ctx: ToolContext) {
    const email = ctx.deps.tools?.email;
    if (!email) throw new UserInputError(TOOL_TEXT.emailNotSetUp);
    const verified = await email.book.listVerified(ctx.chat.chatId);
    const target = pickVerified(verified, input.address_label);
    const notes = (ctx.notes ??= []);
    if (notes.filter((n) => n.startsWith('📧')).length >= MAX_SENDS_PER_REQUEST) throw new UserInputError(TOOL_TEXT.tooManyInOneRequest);
    const now = ctx.deps.clock();
    if (!(await email.book.takeSend(ctx.chat.chatId, utcDay(now), email.dailyLimit, now))) throw new UserInputError(TOOL_TEXT.dailyLimit(email.dailyLimit));
    const masked = maskAddress(target.address);
    try {
      await email.sender.send({ from: email.from, to: target.address, subject: input.subject, text: input.body, chatId: ctx.chat.chatId });
    } catch (error) {
      if (!(error instanceof MailError)) throw error;
      ctx.deps.log.warn('e-mail not sent', { chatId: ctx.chat.chatId, sender: email.sender.kind, error: `${error.name}: ${error.message}` });
      throw new UserInputError(mailFailureText(error, masked), { cause: error });
    }
    const note = TOOL_TEXT.emailSent(input.subject, target.label, masked);
    notes.push(note);
    return `${note} Tell the person it was sent, with the subject.`;
  },
} as AgentTool;

function pickVerified(verified: VerifiedAddress[], requested: string | undefined): VerifiedAddress {
  if (verified.length === 0) throw new UserInputError(TOOL_TEXT.noVerifiedAddress);
  const labels = verified.map((v) => v.label);
  if (requested === undefined) {
    if (verified.length === 1) return verified[0] as VerifiedAddress;
    throw new UserInputError(TOOL_TEXT.whichAddress(labels));
  }
  const wanted = requested.trim().toLowerCase();
  const match = verified.find((v) => v.label === normaliseLabel(wanted) || v.address === wanted);
  if (!match) throw new UserInputError(TOOL_TEXT.notAVerifiedAddress(labels));
  return match;
}
