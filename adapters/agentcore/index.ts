export { createAgentCoreRelay, type AgentCoreRelayOptions } from './agentcore-relay.ts';
export { AGENT_SECRET_HEADER, createHttpRelay, SESSION_HEADER, type HttpRelayOptions } from './http-relay.ts';
