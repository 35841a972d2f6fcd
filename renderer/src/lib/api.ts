// Runtime: renderer. The one door to the engine: Electron's preload provides window.fetchpoint; in a plain browser
// the web host's WebSocket transport builds the same API from the contract.
import { createFetchpointApi, type FetchpointApi, type Unsubscribe } from '../../../shared/ipc-contract';
import { buildSocketUrl, takeWebAccessToken } from './web-access-token';
import { createWebTransport } from './web-transport';

declare global {
  interface Window {
    /** Set by Electron's preload; absent when the page is served by the web host. */
    fetchpoint?: FetchpointApi;
  }
}

export interface ApiConnection {
  api: FetchpointApi;
  /**
   * Reports whether the engine can be reached. Electron's IPC never drops, so there it is never called; the web
   * socket can, and after it comes back events may have been missed.
   */
  onConnectionChange(listener: (isConnected: boolean) => void): Unsubscribe;
}

/** Connects once: the preload's object in Electron, a WebSocket client in a browser. */
export function connectApi(): ApiConnection {
  if (window.fetchpoint !== undefined) return { api: window.fetchpoint, onConnectionChange: () => () => undefined };
  const token = takeWebAccessToken({
    location: window.location,
    storage: readLocalStorage(),
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
  });
  const transport = createWebTransport({ url: buildSocketUrl(window.location, token) });
  return {
    api: createFetchpointApi(transport),
    onConnectionChange: (listener) =>
      transport.onStateChange((state) => {
        if (state === 'open') listener(true);
        else if (state === 'reconnecting' || state === 'closed') listener(false);
      }),
  };
}

/** Storage can be refused (private modes, strict settings); the token then lasts as long as the page. */
function readLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch (error) {
    console.warn('Fetchpoint cannot keep its access token between pages:', error);
    return null;
  }
}
