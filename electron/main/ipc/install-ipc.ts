// Runtime: Electron main. Connects the handler table to Electron's real ipcMain; register-ipc.ts holds the logic so
// tests can drive it with a stand-in.
import { ipcMain } from 'electron';
import type { HandlerTable } from '../../engine/contract-handlers';
import { registerIpc } from './register-ipc';

/** Serves every invoke channel over Electron IPC. Returns a function that removes the handlers. */
export function installIpc(table: HandlerTable): () => void {
  return registerIpc(ipcMain, table);
}
