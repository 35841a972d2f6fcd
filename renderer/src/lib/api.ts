// Runtime: renderer. The one door to the engine: Electron's preload provides window.fetchpoint; in a plain browser
// the web host's WebSocket transport builds the same API from the contract.
import { createFetchpointApi, type FetchpointApi } from '../../../shared/ipc-contract';
import { createWebTransport } from './web-transport';

declare global {
  interface Window {
    /** Set by Electron's preload; absent when the page is served by the web host. */
    fetchpoint?: FetchpointApi;
  }
}

/** Creates the API once: the preload's object in Electron, a WebSocket client in a browser. */
export function createApi(): FetchpointApi {
  return window.fetchpoint ?? createFetchpointApi(createWebTransport());
}
