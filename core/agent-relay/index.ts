export * from './port.ts';
export { createAgentCoreRelay, type AgentCoreRelayOptions } from './agentcore-relay.ts';
export { createHttpRelay, SESSION_HEADER, type HttpRelayOptions } from './http-relay.ts';
