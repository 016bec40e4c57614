import type { IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import type { ResponseEnvelope } from '../../shared/contract.js';
import type { RangerHost } from '../host/ranger-host.js';
import type { Logger } from '../engine/util/logger.js';
import { isTrustedRendererUrl, REQUEST_CHANNEL, type RendererSource } from './window-options.js';

const invokeMessage = z.object({ name: z.string().max(200), params: z.unknown() }).strict();

/** The client id of a window: its subscriptions are dropped when it reloads or closes. */
export function windowClientId(webContentsId: number): string {
  return `window-${webContentsId}`;
}

/** Only our own renderer's top frame may call the host (not an iframe, not a page it was navigated to). */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, source: RendererSource): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isTrustedRendererUrl(frame.url, source);
}

interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Binds the one request channel to the host. Every answer is an envelope; nothing is thrown across IPC. */
export function bindRequestChannel(ipcMain: IpcMainLike, host: RangerHost, source: RendererSource, logger: Logger): () => void {
  ipcMain.handle(REQUEST_CHANNEL, async (event, message): Promise<ResponseEnvelope<unknown>> => {
    if (!isTrustedSender(event, source)) {
      logger.warn(`refused a request from an untrusted frame (${event.senderFrame?.url ?? 'unknown'})`);
      return { ok: false, error: { code: 'invalid-request', message: 'this page may not call Ranger Desk' } };
    }
    const parsed = invokeMessage.safeParse(message);
    if (!parsed.success) return { ok: false, error: { code: 'invalid-request', message: 'malformed request: expected { name, params }' } };
    return host.handle(parsed.data.name, parsed.data.params, windowClientId(event.sender.id));
  });
  return () => ipcMain.removeHandler(REQUEST_CHANNEL);
}
