// Runtime: Electron preload (sandboxed; bundled to CommonJS). Builds window.fetchpoint from the contract and exposes
// it, and nothing else: one method per channel, never ipcRenderer itself or a free-form `on(channel)`.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createFetchpointApi, type ContractTransport } from '../../shared/ipc-contract';

const transport: ContractTransport = {
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe: (channel, listener) => {
    // The page never sees the IPC event object (it carries `sender`), only the payload.
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('fetchpoint', createFetchpointApi(transport));
