/**
 * Where profile credentials live, apart from the profiles file so that they are never written in plain text.
 * Electron backs it with safeStorage (electron/main/safe-storage-secret-store.ts); web mode and tests use
 * MemorySecretStore, so credentials entered there last only as long as the process.
 */
export interface SecretStore {
  /** False when secrets are kept only in memory (they are lost on exit). */
  readonly persistent: boolean;
  get(key: string): Promise<string | undefined>;
  set(key: string, secret: string): Promise<void>;
  delete(key: string): Promise<void>;
  has(key: string): Promise<boolean>;
}

/** Keeps secrets in this process only and never writes them anywhere. */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly secrets = new Map<string, string>();

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(key));
  }

  set(key: string, secret: string): Promise<void> {
    this.secrets.set(key, secret);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.secrets.delete(key);
    return Promise.resolve();
  }

  has(key: string): Promise<boolean> {
    return Promise.resolve(this.secrets.has(key));
  }
}
