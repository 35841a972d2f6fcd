// Runtime: Node (engine). The handler for every invoke channel, shared by Electron IPC and the web host,
// so both transports serve exactly the same behaviour.
import { join } from 'node:path';
import type { z } from 'zod';
import {
  INVOKE_CHANNELS,
  isInvokeChannel,
  type ApiResult,
  type EventChannel,
  type EventPayload,
  type InvokeChannel,
  type InvokeResponse,
  type Unsubscribe,
} from '../../shared/ipc-contract';
import type { DownloadEngine } from './engine';
import { DownloadError, isDownloadError } from './errors';

/** What only the host can do: Electron's shell, or the OS opener for the web host. */
export interface DesktopActions {
  openPath(path: string): Promise<void>;
  showItemInFolder(path: string): Promise<void>;
}

type ParsedRequest<C extends InvokeChannel> = z.output<(typeof INVOKE_CHANNELS)[C]['request']>;

export type HandlerTable = {
  [C in InvokeChannel]: (request: ParsedRequest<C>) => Promise<InvokeResponse<C>> | InvokeResponse<C>;
};

/** Builds the table of handlers: one per channel, nothing more. */
export function createHandlerTable(engine: DownloadEngine, actions: DesktopActions): HandlerTable {
  const pathOf = (id: string): string => {
    const item = engine.get(id);
    if (item.fileName === null) throw new DownloadError('DL_ERR_INVALID_STATE', 'This download has no file yet.');
    if (item.state !== 'completed') throw new DownloadError('DL_ERR_INVALID_STATE', 'The file is not finished yet.');
    return join(item.directory, item.fileName);
  };
  return {
    'downloads:add': async ({ urls, options }) => ({ outcomes: await engine.add(urls, options ?? {}) }),
    'downloads:pause': async ({ ids }) => {
      await engine.pause(ids);
      return null;
    },
    'downloads:resume': ({ ids }) => {
      engine.resume(ids);
      return null;
    },
    'downloads:cancel': async ({ ids }) => {
      await engine.cancel(ids);
      return null;
    },
    'downloads:remove': async ({ ids, deleteFiles }) => {
      await engine.remove(ids, deleteFiles);
      return null;
    },
    'downloads:retry': ({ ids }) => {
      engine.retry(ids);
      return null;
    },
    'downloads:refresh-link': ({ id, url }) => engine.refreshLink(id, url),
    'downloads:reorder': ({ id, move }) => {
      engine.reorder(id, move);
      return null;
    },
    'downloads:configure': ({ id, connections, speedLimitBytesPerSecond }) =>
      engine.configureItem(id, { connections, speedLimitBytesPerSecond }),
    'downloads:list': ({ offset, limit, states }) => engine.list({ offset, limit, states }),
    'downloads:log': ({ id, limit }) => engine.getLog(id, limit),
    'downloads:pause-all': async () => {
      await engine.pauseAll();
      return null;
    },
    'downloads:resume-all': () => {
      engine.resumeAll();
      return null;
    },
    'downloads:clear-completed': async () => {
      await engine.clearCompleted();
      return null;
    },
    'files:open': async ({ id }) => {
      await actions.openPath(pathOf(id));
      return null;
    },
    'files:show-in-folder': async ({ id }) => {
      await actions.showItemInFolder(pathOf(id));
      return null;
    },
    'settings:get': () => engine.getSettings(),
    'settings:set': (patch) => engine.updateSettings(patch),
    'engine:status': () => engine.status(),
  };
}

/**
 * The four steps every handler runs, after the transport has checked the sender:
 * parse the payload with the channel's schema, call the engine, and wrap the answer in the envelope.
 */
export async function dispatchInvoke(table: HandlerTable, channel: unknown, payload: unknown): Promise<ApiResult<unknown>> {
  if (!isInvokeChannel(channel)) {
    return { ok: false, error: { code: 'DL_ERR_INVALID_INPUT', message: `Unknown channel ${String(channel)}.`, retryable: false } };
  }
  const parsed = INVOKE_CHANNELS[channel].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
    return { ok: false, error: { code: 'DL_ERR_INVALID_INPUT', message: `The request for ${channel} is invalid (${detail}).`, retryable: false } };
  }
  try {
    const handler = table[channel] as (request: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (isDownloadError(error)) return { ok: false, error: { code: error.code, message: error.message, retryable: error.retryable } };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'DL_ERR_INTERNAL', message: `Something went wrong: ${message}`, retryable: false } };
  }
}

/** Forwards engine events to a transport under their contract channel names. */
export function bridgeEngineEvents(
  engine: DownloadEngine,
  emit: <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void,
): Unsubscribe {
  return engine.subscribe((event) => {
    if (event.type === 'items-changed') emit('downloads:changed', { items: event.items, removedIds: event.removedIds });
    else if (event.type === 'progress') emit('downloads:progress', event.batch);
    else emit('engine:status-changed', event.status);
  });
}
