import type { EmailSetup } from './tools/deps.ts';
import { codeMatches, EMAIL_RULES, hashCode, newCode, normaliseAddress, normaliseLabel, utcDay } from '../core/email/verification.ts';
import { MailError } from '../core/email/errors.ts';
import type { ChatContext } from './chat-context.ts';
import type { Reply } from './reply.ts';
import type { AgentDeps } from './deps.ts';
import { mailFailureText, TOOL_TEXT } from './tools/texts.ts';

const USAGE = 'Use /email you@example.com [label] to add an address (I send a 6-digit code there), /email verify 123456, /email remove <label>, or /email to see them.';

/**
 * `/email` — the only way an address becomes one the agent may e-mail: the chat owner proves they
 * read it by sending back a 6-digit code that was mailed there.
 */
export async function emailCommand(deps: AgentDeps, ctx: ChatContext, args: string): Promise<Reply> {
  const email = deps.tools?.email;
  if (!email) return { text: TOOL_TEXT.emailNotSetUp, refused: true };
  // In a group anyone could add an address the others' requests then mail: private chats only.
  if (ctx.chatId < 0) return { text: 'E-mail addresses can only be added in a private chat with me, not in a group.', refused: true };
  const [first = '', ...rest] = args.split(/\s+/).filter(Boolean);
  const verb = first.toLowerCase();
  if (!verb) return listAddresses(email, ctx);
  if (verb === 'verify') return verify(deps, email, ctx, rest.join(''));
  if (verb === 'remove' || verb === 'delete') return remove(email, ctx, rest.join(' '));
  if (first.includes('@')) return startVerification(deps, email, ctx, first, rest.join(' '));
  return { text: `I don't understand "/email ${args}". ${USAGE}`, refused: true };
}

async function listAddresses(email: EmailSetup, ctx: ChatContext): Promise<Reply> {
  const [verified, pending] = await Promise.all([email.book.listVerified(ctx.chatId), email.book.getPendingCode(ctx.chatId, ctx.now)]);
  const lines = verified.length ? ['Your verified e-mail addresses:', ...verified.map((v) => `• ${v.label} — ${v.address}`)] : ['No verified e-mail address yet.'];
  if (pending && !pending.expired) lines.push(`Waiting for the code sent to ${pending.address}: /email verify <code>`);
  lines.push(USAGE);
  return { text: lines.join('\n') };
}

async function startVerification(deps: AgentDeps, email: EmailSetup, ctx: ChatContext, rawAddress: string, rawLabel: string): Promise<Reply> {
  const address = normaliseAddress(rawAddress);
  if (!address) return { text: `"${rawAddress}" is not an e-mail address I can use. ${USAGE}`, refused: true };
  const verified = await email.book.listVerified(ctx.chatId);
  const already = verified.find((v) => v.address === address);
  if (already) return { text: `${address} is already verified as "${already.label}".` };
  if (verified.length >= EMAIL_RULES.maxAddressesPerChat) {
    return { text: `This chat already has ${EMAIL_RULES.maxAddressesPerChat} verified addresses, the most it may have. Remove one first: /email remove <label>.`, refused: true };
  }
  const label = rawLabel ? normaliseLabel(rawLabel) : defaultLabel(address, verified.map((v) => v.label));
  if (!label) return { text: `A label is one word (letters, digits, - or _), e.g. /email ${address} work.`, refused: true };
  if (verified.some((v) => v.label === label)) return { text: `The label "${label}" is taken. Pick another: /email ${address} <label>.`, refused: true };

  if (!(await email.book.takeSend(ctx.chatId, utcDay(ctx.now), email.dailyLimit, ctx.now))) return { text: TOOL_TEXT.dailyLimit(email.dailyLimit), refused: true };
  const code = newCode();
  const expiresAt = Math.floor(ctx.now.getTime() / 1000) + EMAIL_RULES.codeTtlSeconds;
  await email.book.putPendingCode(ctx.chatId, { address, label, codeHash: hashCode(code, ctx.chatId, address), expiresAt }, ctx.now);
  try {
    await email.sender.send({
      from: email.from,
      to: address,
      chatId: ctx.chatId,
      subject: 'Your Nudge verification code',
      text: [
        `Your code is ${code}.`,
        '',
        `Someone asked the Nudge Telegram bot to e-mail this address. If that was you, send this in the chat:`,
        `/email verify ${code}`,
        '',
        `The code expires in ${EMAIL_RULES.codeTtlSeconds / 60} minutes. If it was not you, ignore this message: nothing will be sent here.`,
      ].join('\n'),
    });
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    await email.book.deletePendingCode(ctx.chatId);
    deps.log.warn('verification e-mail not sent', { chatId: ctx.chatId, sender: email.sender.kind, error: `${error.name}: ${error.message}` });
    return { text: mailFailureText(error, address), refused: true };
  }
  return {
    text: `📨 I sent a 6-digit code to ${address}. Send it here as /email verify 123456 within ${EMAIL_RULES.codeTtlSeconds / 60} minutes (the address will be called "${label}").`,
  };
}

async function verify(deps: AgentDeps, email: EmailSetup, ctx: ChatContext, code: string): Promise<Reply> {
  if (!/^\d{6}$/.test(code)) return { text: 'A code is 6 digits, e.g. /email verify 123456.', refused: true };
  const pending = await email.book.getPendingCode(ctx.chatId, ctx.now);
  if (!pending) return { text: 'There is no code waiting here. Start with /email you@example.com.', refused: true };
  if (pending.expired) {
    await email.book.deletePendingCode(ctx.chatId);
    return { text: `That code has expired (codes last ${EMAIL_RULES.codeTtlSeconds / 60} minutes). Send /email ${pending.address} for a new one.`, refused: true };
  }
  if (!codeMatches(code, ctx.chatId, pending.address, pending.codeHash)) {
    const attempts = await email.book.countWrongCode(ctx.chatId);
    const left = EMAIL_RULES.maxWrongCodes - attempts;
    if (left <= 0) {
      await email.book.deletePendingCode(ctx.chatId);
      return { text: `That code is wrong, and that was the last try: the code is void. Send /email ${pending.address} for a new one.`, refused: true };
    }
    return { text: `That code is wrong (${left} ${left === 1 ? 'try' : 'tries'} left). Check the e-mail sent to ${pending.address}.`, refused: true };
  }
  await email.book.addVerified(ctx.chatId, { address: pending.address, label: pending.label }, deps.clock());
  await email.book.deletePendingCode(ctx.chatId);
  return {
    text: `✅ ${pending.address} is verified as "${pending.label}". I can e-mail it when you ask, e.g. "every weekday at 7 e-mail me a summary of the news about AgentCore". /email remove ${pending.label} takes it away.`,
  };
}

async function remove(email: EmailSetup, ctx: ChatContext, which: string): Promise<Reply> {
  const wanted = which.trim().toLowerCase();
  if (!wanted) return { text: 'Which one? /email remove <label> (/email lists them).', refused: true };
  const match = (await email.book.listVerified(ctx.chatId)).find((v) => v.label === wanted || v.address === wanted);
  if (!match || !(await email.book.removeVerified(ctx.chatId, match.address))) {
    return { text: `No verified address "${which.trim()}" here. /email lists them.`, refused: true };
  }
  return { text: `🗑 Removed ${match.address} ("${match.label}"). I won't e-mail it any more.` };
}

/** The local part as a label ("ann" for ann.lee@…, letters and digits only), or the next free "email2"… */
function defaultLabel(address: string, taken: string[]): string {
  const base = normaliseLabel((address.split('@')[0] ?? '').replace(/[^\p{L}\p{N}_-]/gu, '').slice(0, 40)) ?? 'email';
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}${n}`.slice(-40))) return `${base}${n}`.slice(-40);
}
