import { ConverseCommand, type ContentBlock, type Message, type Tool } from '@aws-sdk/client-bedrock-runtime';
import type { ModelConfig } from '../deps.ts';
import { ModelCallError } from '../errors.ts';

export interface ToolCallOutcome {
  ok: boolean;
  text: string;
}

export interface ConverseLoopInput {
  system: string;
  /** History plus the new user message; the loop appends the model's turns and tool results. */
  messages: Message[];
  tools: Tool[];
  runTool(name: string, input: unknown): Promise<ToolCallOutcome>;
  signal?: AbortSignal;
}

export interface ConverseLoopResult {
  /** The model's final words (empty when it only used tools). */
  text: string;
  /** Model calls made. */
  turns: number;
  toolCalls: Array<{ name: string; ok: boolean }>;
  /** Why the loop ended without the model finishing, if it did. */
  cutShort?: 'max_turns' | 'max_tokens';
}

/**
 * The Converse tool loop: call the model; while it stops for `tool_use`, run every requested tool
 * and answer with `toolResult` blocks. At most `maxTurns` model calls and `maxTokens` per reply, so a
 * looping model costs a bounded amount. Bedrock errors surface as ModelCallError.
 */
export async function runConverseLoop(model: ModelConfig, input: ConverseLoopInput): Promise<ConverseLoopResult> {
  const messages = input.messages;
  const toolCalls: ConverseLoopResult['toolCalls'] = [];
  let lastText = '';
  for (let turn = 1; turn <= model.maxTurns; turn++) {
    const output = await callModel(model, input, messages);
    const reply = output.output?.message;
    if (!reply?.content) throw new ModelCallError(`model returned no message (stopReason ${output.stopReason})`);
    messages.push({ role: 'assistant', content: reply.content });
    lastText = textOf(reply.content) || lastText;

    if (output.stopReason !== 'tool_use') {
      return { text: lastText, turns: turn, toolCalls, ...(output.stopReason === 'max_tokens' ? { cutShort: 'max_tokens' as const } : {}) };
    }
    const results: ContentBlock[] = [];
    for (const block of reply.content) {
      if (!block.toolUse) continue;
      const { toolUseId, name = '', input: toolInput } = block.toolUse;
      const outcome = await input.runTool(name, toolInput);
      toolCalls.push({ name, ok: outcome.ok });
      results.push({ toolResult: { toolUseId, content: [{ text: outcome.text }], status: outcome.ok ? 'success' : 'error' } });
    }
    if (results.length === 0) throw new ModelCallError('model stopped for tool_use without a tool call');
    messages.push({ role: 'user', content: results });
  }
  return { text: lastText, turns: model.maxTurns, toolCalls, cutShort: 'max_turns' };
}

async function callModel(model: ModelConfig, input: ConverseLoopInput, messages: Message[]) {
  try {
    return await model.client.send(
      new ConverseCommand({
        modelId: model.modelId,
        system: [{ text: input.system }],
        messages,
        inferenceConfig: { maxTokens: model.maxTokens },
        toolConfig: { tools: input.tools },
      }),
      input.signal ? { abortSignal: input.signal } : {},
    );
  } catch (error) {
    throw new ModelCallError(`Bedrock Converse failed: ${error instanceof Error ? error.name : 'unknown error'}`, { cause: error });
  }
}

function textOf(content: ContentBlock[]): string {
  return content
    .map((block) => block.text ?? '')
    .join('')
    .trim();
}
