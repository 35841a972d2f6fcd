// Runtime: Node (tests). One valid and one invalid request for every invoke channel of the contract. The mapped
// types make the compiler reject this file when a channel is added without a sample.
import type { InvokeChannel, InvokeRequest } from '../../shared/ipc-contract';

export interface SampleContext {
  /** An existing download (for id-based channels). */
  id: string;
  /** A URL the fault server serves. */
  url: string;
}

/** A minimal request each channel's schema accepts. */
export function createValidRequests(context: SampleContext): { [C in InvokeChannel]: InvokeRequest<C> } {
  const ids = [context.id];
  return {
    'downloads:add': { urls: [context.url], options: { startPaused: true } },
    'downloads:pause': { ids },
    'downloads:resume': { ids },
    'downloads:cancel': { ids },
    'downloads:remove': { ids, deleteFiles: false },
    'downloads:retry': { ids },
    'downloads:refresh-link': { id: context.id, url: context.url },
    'downloads:reorder': { id: context.id, move: 'top' },
    'downloads:configure': { id: context.id, connections: 2 },
    'downloads:list': { offset: 0, limit: 50 },
    'downloads:log': { id: context.id, limit: 10 },
    'downloads:pause-all': {},
    'downloads:resume-all': {},
    'downloads:clear-completed': {},
    'files:open': { id: context.id },
    'files:show-in-folder': { id: context.id },
    'settings:get': {},
    'settings:set': { notifyAllDone: false },
    'engine:status': {},
  };
}

/** A request each channel's schema refuses, wrong in a way specific to that channel. */
export const INVALID_REQUESTS: { readonly [C in InvokeChannel]: unknown } = {
  'downloads:add': { urls: [] },
  'downloads:pause': { ids: [] },
  'downloads:resume': { ids: 'all' },
  'downloads:cancel': { ids: [42] },
  'downloads:remove': { ids: ['x'] },
  'downloads:retry': {},
  'downloads:refresh-link': { id: 'x' },
  'downloads:reorder': { id: 'x', move: 'sideways' },
  'downloads:configure': { id: 'x', connections: 0 },
  'downloads:list': { offset: -1, limit: 10 },
  'downloads:log': { id: '', limit: 10 },
  'downloads:pause-all': { everything: true },
  'downloads:resume-all': { everything: true },
  'downloads:clear-completed': { olderThanDays: 3 },
  'files:open': { path: '/etc/passwd' },
  'files:show-in-folder': { id: 7 },
  'settings:get': { key: 'downloadDirectory' },
  'settings:set': { maxActiveDownloads: 0 },
  'engine:status': { verbose: true },
};
