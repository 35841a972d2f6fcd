// Runtime: any. The one source of truth for every message between the UI and the engine.
// Electron IPC (electron/main/ipc, electron/preload) and the web host's WebSocket are both generated from it.
import { z } from 'zod';
import {
  addOptionsSchema,
  addOutcomeSchema,
  downloadItemSchema,
  downloadStateSchema,
  engineStatusSchema,
  errorInfoSchema,
  logEntrySchema,
  progressBatchSchema,
  settingsPatchSchema,
  settingsSchema,
} from './download-types';

const idsSchema = z.object({ ids: z.array(z.string().min(1)).min(1).max(100_000) });
const idSchema = z.object({ id: z.string().min(1) });
const emptySchema = z.object({}).strict();
const nothingSchema = z.null();

/** Invoke channels: `domain:action` → request and response schemas, plus the method name the UI calls. */
export const INVOKE_CHANNELS = {
  'downloads:add': {
    method: 'addDownloads',
    request: z.object({ urls: z.array(z.string().max(65_536)).min(1).max(10_000), options: addOptionsSchema.optional() }),
    response: z.object({ outcomes: z.array(addOutcomeSchema) }),
  },
  'downloads:pause': { method: 'pauseDownloads', request: idsSchema, response: nothingSchema },
  'downloads:resume': { method: 'resumeDownloads', request: idsSchema, response: nothingSchema },
  'downloads:cancel': { method: 'cancelDownloads', request: idsSchema, response: nothingSchema },
  'downloads:remove': {
    method: 'removeDownloads',
    request: idsSchema.extend({ deleteFiles: z.boolean() }),
    response: nothingSchema,
  },
  'downloads:retry': { method: 'retryDownloads', request: idsSchema, response: nothingSchema },
  'downloads:refresh-link': {
    method: 'refreshLink',
    request: idSchema.extend({ url: z.string().min(1).max(65_536) }),
    response: downloadItemSchema,
  },
  'downloads:reorder': {
    method: 'reorderDownload',
    request: idSchema.extend({ move: z.enum(['up', 'down', 'top', 'bottom']) }),
    response: nothingSchema,
  },
  'downloads:configure': {
    method: 'configureDownload',
    request: idSchema.extend({
      connections: z.number().int().min(1).max(32).optional(),
      speedLimitBytesPerSecond: z.number().int().positive().nullable().optional(),
    }),
    response: downloadItemSchema,
  },
  'downloads:list': {
    method: 'listDownloads',
    request: z.object({
      offset: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(100_000),
      states: z.array(downloadStateSchema).optional(),
    }),
    response: z.object({ items: z.array(downloadItemSchema), total: z.number().int().nonnegative() }),
  },
  'downloads:log': {
    method: 'getDownloadLog',
    request: idSchema.extend({ limit: z.number().int().min(1).max(500).optional() }),
    response: z.array(logEntrySchema),
  },
  'downloads:pause-all': { method: 'pauseAll', request: emptySchema, response: nothingSchema },
  'downloads:resume-all': { method: 'resumeAll', request: emptySchema, response: nothingSchema },
  'downloads:clear-completed': { method: 'clearCompleted', request: emptySchema, response: nothingSchema },
  'files:open': { method: 'openFile', request: idSchema, response: nothingSchema },
  'files:show-in-folder': { method: 'showInFolder', request: idSchema, response: nothingSchema },
  'settings:get': { method: 'getSettings', request: emptySchema, response: settingsSchema },
  'settings:set': { method: 'updateSettings', request: settingsPatchSchema, response: settingsSchema },
  'engine:status': { method: 'getEngineStatus', request: emptySchema, response: engineStatusSchema },
} as const;

/** Event channels: `domain:event` → payload schema, plus the subscription method name. */
export const EVENT_CHANNELS = {
  'downloads:changed': {
    method: 'onDownloadsChanged',
    payload: z.object({ items: z.array(downloadItemSchema), removedIds: z.array(z.string()) }),
  },
  'downloads:progress': { method: 'onProgress', payload: progressBatchSchema },
  'engine:status-changed': { method: 'onEngineStatus', payload: engineStatusSchema },
} as const;

export type InvokeChannel = keyof typeof INVOKE_CHANNELS;
export type EventChannel = keyof typeof EVENT_CHANNELS;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof INVOKE_CHANNELS)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof INVOKE_CHANNELS)[C]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof EVENT_CHANNELS)[E]['payload']>;

export const INVOKE_CHANNEL_NAMES = Object.keys(INVOKE_CHANNELS) as InvokeChannel[];
export const EVENT_CHANNEL_NAMES = Object.keys(EVENT_CHANNELS) as EventChannel[];

/** Every invoke answers with this envelope; errors carry a stable code and a sentence for the user. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof errorInfoSchema> };
export const apiErrorSchema = errorInfoSchema;

export type Unsubscribe = () => void;

type MethodName<C extends InvokeChannel> = (typeof INVOKE_CHANNELS)[C]['method'];
type EventMethodName<E extends EventChannel> = (typeof EVENT_CHANNELS)[E]['method'];

/** The API the renderer sees as `window.fetchpoint`, whichever transport serves it. */
export type FetchpointApi = {
  [C in InvokeChannel as MethodName<C>]: (request: InvokeRequest<C>) => Promise<ApiResult<InvokeResponse<C>>>;
} & {
  [E in EventChannel as EventMethodName<E>]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

/** A transport-neutral way to send one invoke and to listen to one event channel. */
export interface ContractTransport {
  invoke(channel: InvokeChannel, request: unknown): Promise<unknown>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): Unsubscribe;
}

/**
 * Builds the FetchpointApi from the contract over any transport: the preload and the web client both use this,
 * so adding a channel means editing this file only.
 */
export function createFetchpointApi(transport: ContractTransport): FetchpointApi {
  const api: Record<string, unknown> = {};
  for (const channel of INVOKE_CHANNEL_NAMES) {
    api[INVOKE_CHANNELS[channel].method] = (request: unknown) => transport.invoke(channel, request);
  }
  for (const channel of EVENT_CHANNEL_NAMES) {
    api[EVENT_CHANNELS[channel].method] = (listener: (payload: unknown) => void) => transport.subscribe(channel, listener);
  }
  // The loops above fill exactly the keys FetchpointApi declares, one per channel.
  return api as FetchpointApi;
}

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(INVOKE_CHANNELS, value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && Object.hasOwn(EVENT_CHANNELS, value);
}
