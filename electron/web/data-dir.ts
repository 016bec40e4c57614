import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Ranger Desk';

/**
 * Where Ranger Desk keeps profiles and settings: RANGER_DESK_DATA, else the same directory Electron uses for
 * the packaged app's userData, so the desktop app and the web mode share saved profiles.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RANGER_DESK_DATA) return env.RANGER_DESK_DATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
