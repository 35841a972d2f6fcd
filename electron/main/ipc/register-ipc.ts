// Runtime: Electron main. Serves every invoke channel of the contract over ipcMain with the shared handler table.
// ipcMain is passed in (and only its type imported), so a stand-in can prove every channel is registered.
import type { ApiResult } from '../../../shared/ipc-contract';
import { INVOKE_CHANNEL_NAMES } from '../../../shared/ipc-contract';
import { dispatchInvoke, type HandlerTable } from '../../engine/contract-handlers';
import { isAppUrl } from '../app-origin';

/** The parts of a sender frame the check reads; Electron's WebFrameMain has them. */
export interface SenderFrameFacts {
  readonly url: string;
  readonly parent: unknown;
}

/** The part of an invoke event the handlers read; Electron's IpcMainInvokeEvent has it. */
export interface InvokeEventFacts {
  readonly senderFrame: SenderFrameFacts | null;
}

/** The part of Electron's ipcMain this needs. */
export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEventFacts, payload: unknown) => Promise<ApiResult<unknown>>): void;
  removeHandler(channel: string): void;
}

/** The code of the envelope a frame that is not the app's own page gets. */
export const UNTRUSTED_SENDER_ERROR_CODE = 'DL_ERR_UNTRUSTED_SENDER';

/**
 * Only the app's own top-level page may call the engine: not a subframe, not a page the window was somehow
 * navigated to. A frame that navigated away or was destroyed (senderFrame null) is refused too.
 */
export function isTrustedSender(frame: SenderFrameFacts | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Registers one handler per invoke channel. Each runs the contract's four steps: check the sender, parse the
 * payload, call the engine, answer with the envelope. Returns a function that removes them all.
 */
export function registerIpc(ipcMain: IpcMainPort, table: HandlerTable): () => void {
  for (const channel of INVOKE_CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, payload) => {
      if (!isTrustedSender(event.senderFrame)) {
        const refused: ApiResult<unknown> = {
          ok: false,
          error: { code: UNTRUSTED_SENDER_ERROR_CODE, message: `Only Fetchpoint's own window may call ${channel}.`, retryable: false },
        };
        return refused;
      }
      return dispatchInvoke(table, channel, payload);
    });
  }
  return () => {
    for (const channel of INVOKE_CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}
