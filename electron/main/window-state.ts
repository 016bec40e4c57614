import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SerialWriter } from '../host/atomic-file.js';

export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: WindowBounds;
  maximized: boolean;
}

export interface DisplayArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW: WindowState = { bounds: { x: 0, y: 0, width: 1280, height: 820 }, maximized: false };
export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;

const stateSchema = z.object({
  bounds: z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(MIN_WIDTH).max(20_000), height: z.number().int().min(MIN_HEIGHT).max(20_000) }),
  maximized: z.boolean(),
});

export const WINDOW_STATE_FILE = 'window-state.json';

/** The saved state, or undefined when there is none or it is unreadable (the window then opens at its default). */
export async function loadWindowState(dataDir: string): Promise<WindowState | undefined> {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(await readFile(join(dataDir, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A window restored onto a display that is gone would be invisible: keep the saved bounds only if a display shows them. */
export function visibleState(saved: WindowState | undefined, displays: readonly DisplayArea[]): WindowState | undefined {
  if (!saved) return undefined;
  const { bounds } = saved;
  const visible = displays.some(
    (area) =>
      bounds.x + 100 <= area.x + area.width && bounds.x + bounds.width - 100 >= area.x && bounds.y >= area.y - 10 && bounds.y + 40 <= area.y + area.height,
  );
  return visible ? saved : { bounds: { ...DEFAULT_WINDOW.bounds, width: bounds.width, height: bounds.height }, maximized: saved.maximized };
}

/** Writes the window state atomically, at most once per burst of moves and resizes. */
export class WindowStateSaver {
  private readonly writer: SerialWriter;
  private timer: NodeJS.Timeout | undefined;
  private latest: WindowState | undefined;

  constructor(dataDir: string, private readonly delayMs = 500) {
    this.writer = new SerialWriter(join(dataDir, WINDOW_STATE_FILE));
  }

  update(state: WindowState): void {
    this.latest = state;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const state = this.latest;
    this.latest = undefined;
    if (state) await this.writer.write(`${JSON.stringify(state, null, 2)}\n`).catch(() => undefined);
  }
}
