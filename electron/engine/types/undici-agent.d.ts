// undici's index loads fetch, WebSocket, caches and more (about 120 ms at start-up); the engine needs only the
// Agent (about 46 ms), which undici ships as its own CommonJS module. undici has no "exports" map, so this path is
// public in practice; the dependency is pinned to one major version.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}
