import type { Message } from '@aws-sdk/client-bedrock-runtime';
import type { InlineKeyboardButton } from '../../core/telegram/port.ts';
import type { ChatContext } from '../chat-context.ts';
import type { AgentDeps, ModelConfig } from '../deps.ts';
import { ModelCallError } from '../errors.ts';
import { loadHistory } from '../memory.ts';
import { runConverseLoop } from './converse-loop.ts';
import { systemPrompt } from './prompt.ts';
import { AGENT_TOOLS, runTool, toolSpecs, type ToolContext } from './tools.ts';
import { optionalTools, toolPromptLines } from '../tools/index.ts';

export interface ModelAnswer {
  /** What to send to the chat; never empty. */
  reply: string;
  /** Messages the model already sent with send_message. */
  sent: string[];
  toolCalls: Array<{ name: string; ok: boolean }>;
  /** Buttons tools asked the reply to carry ("↔️ I meant …"); absent when none. */
  buttons?: InlineKeyboardButton[][];
  /** The model could not be reached: `reply` is the apology. A scheduled action backs off instead of sending it. */
  modelFailed?: boolean;
}

/**
 * Answers `text` with Claude and the reminder tools, for the chat in `ctx` only. History comes from
 * the table. Model failures become a reply that says what still works — never silence.
 */
export async function answerWithModel(
  deps: AgentDeps,
  model: ModelConfig,
  ctx: ChatContext,
  text: string,
  mode: 'message' | 'action' = 'message',
): Promise<ModelAnswer> {
  const toolCtx: ToolContext = { deps, chat: ctx, sent: [], notes: [] };
  const tools = [...AGENT_TOOLS, ...optionalTools(deps)];
  const history = mode === 'message' ? await loadHistory(deps, ctx.chatId) : [];
  const messages: Message[] = appendUser(history, mode === 'action' ? `Scheduled instruction: ${text}` : text);
  try {
    const result = await runConverseLoop(model, {
      system: [systemPrompt(ctx, mode), ...toolPromptLines(deps)].join('\n'),
      messages,
      tools: toolSpecs(tools),
      runTool: (name, input) => runTool(tools, name, input, toolCtx),
    });
    let reply = result.text;
    if (result.cutShort === 'max_turns') {
      reply = `${reply ? `${reply}\n` : ''}(I stopped there: that took more steps than I allow for one message. /list shows what is scheduled.)`;
    } else if (result.cutShort === 'max_tokens' && reply) {
      reply = `${reply} …`;
    }
    if (!reply) reply = result.toolCalls.length > 0 || toolCtx.sent.length > 0 ? 'Done.' : 'Sorry, I have no answer to that. /help shows what I can do.';
    // What a tool did (an e-mail sent) is said by us, not left to the model's wording.
    const notes = (toolCtx.notes ?? []).filter((note) => !reply.includes(note));
    if (notes.length > 0) reply = `${reply}\n${notes.join('\n')}`;
    const buttons = toolCtx.buttons ?? [];
    return { reply, sent: toolCtx.sent, toolCalls: result.toolCalls, ...(buttons.length > 0 ? { buttons } : {}) };
  } catch (error) {
    if (!(error instanceof ModelCallError)) throw error;
    deps.log.error('model call failed', { chatId: ctx.chatId, error: error.message, cause: describeCause(error.cause) });
    return {
      reply: [
        "Sorry, I couldn't reach my language model just now, so I couldn't handle that message. Commands still work: /remind, /every, /list, /cancel, /snooze, /tz — /help shows examples.",
        // An e-mail sent before the model failed was still sent: say so.
        ...(toolCtx.notes ?? []),
      ].join('\n'),
      sent: toolCtx.sent,
      toolCalls: [],
      modelFailed: true,
    };
  }
}

/** Adds the new message as the last user turn (merged if history already ends with one). */
function appendUser(history: Message[], text: string): Message[] {
  const last = history.at(-1);
  if (last?.role === 'user') {
    last.content = [...(last.content ?? []), { text }];
    return history;
  }
  return [...history, { role: 'user', content: [{ text }] }];
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`.slice(0, 300);
  return String(cause).slice(0, 300);
}
