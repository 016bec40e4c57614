import { randomUUID } from 'node:crypto';
import { copyFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ProfileInput, ProfileView } from '../../shared/contract.js';
import { DEFAULT_SESSION_TIMEOUT_MS } from '../engine/zk/session.js';
import { SerialWriter } from './atomic-file.js';
import { HostError } from './errors.js';
import type { SecretStore } from './secret-store.js';
import type { Logger } from '../engine/util/logger.js';

/** What is stored per profile. Credentials are not here: they live in the SecretStore. */
export interface Profile {
  id: string;
  name: string;
  connectionString: string;
  sessionTimeoutMs: number;
  readOnly: boolean;
}

const storedProfile = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  connectionString: z.string().min(1).max(2000),
  sessionTimeoutMs: z.number().int().min(1000).max(120_000),
  readOnly: z.boolean(),
});
const storedFile = z.object({ version: z.literal(1), profiles: z.array(z.unknown()) });

export const PROFILES_FILE = 'profiles.json';
const secretKey = (id: string): string => `profile:${id}:digest`;

/**
 * Saved connection profiles in `<dataDir>/profiles.json`, written atomically. A file that cannot be read is
 * kept aside as `profiles.json.corrupt` and the store starts from what could be salvaged (often nothing).
 * Transient profiles (the sandbox, a `--zk` given on the command line) are listed but never written.
 */
export class ProfileStore {
  private readonly file: string;
  private readonly writer: SerialWriter;
  private readonly profiles = new Map<string, Profile & { transient: boolean }>();
  private loading: Promise<void> | undefined;

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
  ) {
    this.file = join(dataDir, PROFILES_FILE);
    this.writer = new SerialWriter(this.file);
  }

  private load(): Promise<void> {
    this.loading ??= this.readFile();
    return this.loading;
  }

  private async readFile(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let problems = 0;
    try {
      const parsed = storedFile.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'unexpected shape');
      for (const entry of parsed.data.profiles) {
        const profile = storedProfile.safeParse(entry);
        if (profile.success && !this.profiles.has(profile.data.id)) this.profiles.set(profile.data.id, { ...profile.data, transient: false });
        else problems++;
      }
    } catch (error) {
      problems++;
      this.logger.warn(`${this.file} is not a valid profiles file (${(error as Error).message})`);
    }
    if (problems > 0) await this.keepCorruptCopy();
  }

  private async keepCorruptCopy(): Promise<void> {
    let target = `${this.file}.corrupt`;
    if (existsSync(target)) target = `${this.file}.${Date.now()}.corrupt`;
    await copyFile(this.file, target);
    this.logger.warn(`kept the unreadable profiles as ${target}; starting with ${this.profiles.size} readable profile(s)`);
  }

  private async persist(): Promise<void> {
    const profiles = [...this.profiles.values()]
      .filter((profile) => !profile.transient)
      .map(({ id, name, connectionString, sessionTimeoutMs, readOnly }) => ({ id, name, connectionString, sessionTimeoutMs, readOnly }));
    await this.writer.write(`${JSON.stringify({ version: 1, profiles }, null, 2)}\n`);
  }

  private async view(profile: Profile): Promise<ProfileView> {
    const { id, name, connectionString, sessionTimeoutMs, readOnly } = profile;
    return { id, name, connectionString, sessionTimeoutMs, readOnly, hasCredentials: await this.secrets.has(secretKey(id)) };
  }

  async list(): Promise<ProfileView[]> {
    await this.load();
    const sorted = [...this.profiles.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return Promise.all(sorted.map((profile) => this.view(profile)));
  }

  async get(id: string): Promise<Profile> {
    await this.load();
    const profile = this.profiles.get(id);
    if (!profile) throw new HostError('not-found', `no profile with id ${id}`);
    return profile;
  }

  /** The digest credentials (`user:password`) for connecting; never sent to the UI. */
  async credentials(id: string): Promise<string | undefined> {
    return this.secrets.get(secretKey(id));
  }

  async save(input: ProfileInput, options: { transient?: boolean } = {}): Promise<ProfileView> {
    await this.load();
    const existing = input.id === undefined ? undefined : this.profiles.get(input.id);
    if (input.id !== undefined && !existing && !options.transient) throw new HostError('not-found', `no profile with id ${input.id}`);
    const profile = {
      id: input.id ?? randomUUID(),
      name: input.name.trim(),
      connectionString: input.connectionString.trim(),
      sessionTimeoutMs: input.sessionTimeoutMs ?? existing?.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      readOnly: input.readOnly ?? existing?.readOnly ?? false,
      transient: existing?.transient ?? options.transient ?? false,
    };
    this.profiles.set(profile.id, profile);
    if (input.digestAuth === null) await this.secrets.delete(secretKey(profile.id));
    else if (input.digestAuth !== undefined) await this.secrets.set(secretKey(profile.id), input.digestAuth);
    if (!profile.transient) await this.persist();
    return this.view(profile);
  }

  async delete(id: string): Promise<boolean> {
    await this.load();
    const profile = this.profiles.get(id);
    if (!profile) return false;
    this.profiles.delete(id);
    await this.secrets.delete(secretKey(id));
    if (!profile.transient) await this.persist();
    return true;
  }
}
