import { copyFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistrationStore } from '../engine/registrations/registration-manager.js';
import { SerialWriter } from './atomic-file.js';
import { HostError } from './errors.js';

export const REGISTRATIONS_FILE = 'registrations.json';

/**
 * The registrations of this desktop in `<dataDir>/registrations.json`, written atomically (a crash mid-write
 * leaves the old file or the new one). A file that cannot be read is kept aside as `.corrupt` by the host.
 */
export class RegistrationFileStore implements RegistrationStore {
  readonly file: string;
  private readonly writer: SerialWriter;
  private refusal: string | undefined;

  constructor(dataDir: string) {
    this.file = join(dataDir, REGISTRATIONS_FILE);
    this.writer = new SerialWriter(this.file);
  }

  async load(): Promise<string | undefined> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  save(text: string): Promise<void> {
    if (this.refusal !== undefined) return Promise.reject(new HostError('internal', `not overwriting ${this.file}: ${this.refusal}`));
    return this.writer.write(text);
  }

  /** After a file could be neither read nor kept aside: never write over it. */
  refuseWrites(reason: string): void {
    this.refusal = reason;
  }

  /** Copies the current file beside itself (`registrations.json.corrupt`, or a dated name if that exists). */
  async keepCorruptCopy(): Promise<string> {
    let target = `${this.file}.corrupt`;
    if (existsSync(target)) target = `${this.file}.${Date.now()}.corrupt`;
    await copyFile(this.file, target);
    return target;
  }
}
