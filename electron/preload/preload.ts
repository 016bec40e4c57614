/**
 * The only bridge from the untrusted renderer to the app: `window.ranger`, a RangerApi and nothing else.
 * It runs sandboxed, so it may require only 'electron' at runtime: everything else here is types or inline.
 * (This folder is CommonJS, see package.json: tsc emits dist/electron/preload/preload.js with require('electron').)
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ErrorPayload, EventMap, EventName, RangerApi, RequestName, RequestParams, RequestResult, ResponseEnvelope } from '../../shared/contract.js';

// Kept in step with electron/main/window-options.ts (a unit test checks both).
const REQUEST_CHANNEL = 'ranger:request';
const EVENT_CHANNEL = 'ranger:event';

/** What crosses contextBridge intact: an Error would lose its code on the way (see toRangerApiError). */
function bridgedError(error: ErrorPayload): { name: 'RangerApiError'; code: string; message: string } {
  return { name: 'RangerApiError', code: error.code, message: error.message };
}

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

// One IPC listener for all events; listeners are kept per name here.
ipcRenderer.on(EVENT_CHANNEL, (_event: IpcRendererEvent, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { name, payload } = message as { name?: unknown; payload?: unknown };
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) {
    try {
      listener(payload);
    } catch (error) {
      console.error(`ranger: a listener for ${name} failed`, error);
    }
  }
});

const api: RangerApi = {
  async request<K extends RequestName>(name: K, params: RequestParams<K>): Promise<RequestResult<K>> {
    const envelope = (await ipcRenderer.invoke(REQUEST_CHANNEL, { name, params })) as ResponseEnvelope<RequestResult<K>>;
    if (envelope.ok) return envelope.result;
    // Not an Error on purpose: an Error would lose its code crossing contextBridge.
    throw bridgedError(envelope.error);
  },
  on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void {
    const wrapped: Listener = (payload) => listener(payload as EventMap[E]);
    let set = listeners.get(name);
    if (!set) {
      set = new Set();
      listeners.set(name, set);
    }
    set.add(wrapped);
    return () => {
      listeners.get(name)?.delete(wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('ranger', api);
