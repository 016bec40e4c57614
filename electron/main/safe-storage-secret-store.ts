import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SerialWriter } from '../host/atomic-file.js';
import type { SecretStore } from '../host/secret-store.js';
import type { Logger } from '../engine/util/logger.js';

/** The part of Electron's safeStorage this store needs (injected, so tests need no Electron). */
export interface StringEncryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

export const SECRETS_FILE = 'secrets.json';
const fileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

/**
 * Secrets encrypted with the OS keychain through safeStorage, in `<dataDir>/secrets.json` (base64 ciphertext,
 * written atomically). Where the OS offers no real encryption, secrets are kept in memory only and never
 * written: a credential is never stored in plain text.
 */
export class SafeStorageSecretStore implements SecretStore {
  private readonly file: string;
  private readonly writer: SerialWriter;
  private readonly memory = new Map<string, string>();
  private encrypted: Record<string, string> = {};
  private loading: Promise<void> | undefined;
  readonly persistent: boolean;

  constructor(
    dataDir: string,
    private readonly encryptor: StringEncryptor,
    private readonly logger: Logger,
  ) {
    this.file = join(dataDir, SECRETS_FILE);
    this.writer = new SerialWriter(this.file);
    const backend = encryptor.getSelectedStorageBackend?.();
    this.persistent = encryptor.isEncryptionAvailable() && backend !== 'basic_text';
    if (!this.persistent) logger.warn('no OS keychain available: credentials are kept for this session only and never written to disk');
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      if (!this.persistent) return;
      try {
        const parsed = fileSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
        if (parsed.success) this.encrypted = parsed.data.secrets;
        else this.logger.warn(`${this.file} is unreadable; stored credentials are lost`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn(`${this.file}: ${(error as Error).message}`);
      }
    })();
    return this.loading;
  }

  private async persist(): Promise<void> {
    await this.writer.write(`${JSON.stringify({ version: 1, secrets: this.encrypted }, null, 2)}\n`);
  }

  async get(key: string): Promise<string | undefined> {
    await this.load();
    if (!this.persistent) return this.memory.get(key);
    const value = this.encrypted[key];
    if (value === undefined) return undefined;
    try {
      return this.encryptor.decryptString(Buffer.from(value, 'base64'));
    } catch (error) {
      this.logger.warn(`could not decrypt a stored credential (${(error as Error).message}); enter it again`);
      return undefined;
    }
  }

  async set(key: string, secret: string): Promise<void> {
    await this.load();
    if (!this.persistent) {
      this.memory.set(key, secret);
      return;
    }
    this.encrypted = { ...this.encrypted, [key]: this.encryptor.encryptString(secret).toString('base64') };
    await this.persist();
  }

  async delete(key: string): Promise<void> {
    await this.load();
    this.memory.delete(key);
    if (!(key in this.encrypted)) return;
    const { [key]: _removed, ...rest } = this.encrypted;
    this.encrypted = rest;
    await this.persist();
  }

  async has(key: string): Promise<boolean> {
    await this.load();
    return this.persistent ? key in this.encrypted : this.memory.has(key);
  }
}
