export { createAgentApp, startAgentServer, SESSION_HEADER, MAX_BODY_BYTES, type AgentApp, type PingStatus, type RunningAgentServer } from './server.ts';
export { DEFAULT_MEMORY, type AgentDeps, type ModelConfig } from './deps.ts';
export { readAgentConfig, buildAgentDeps, type AgentConfig } from './config.ts';
export { InvocationPayload, chatIdOf } from './payload.ts';
export { AGENT_TOOLS, toolSpecs } from './model/tools.ts';
export { UserInputError, ModelCallError } from './errors.ts';
export { RecentUpdateIds, RECENT_UPDATES_CAPACITY } from './recent-updates.ts';
export { resumeIfBlocked, RESUME_HOOK_WINDOW_MS } from './chat-resume.ts';
