/**
 * The connection profile form: its fields as text, inline validation with the reason, and the ProfileInput
 * it sends. The host validates again (shared/schemas.ts); these checks only give the reason before sending.
 */
import type { ProfileInput, ProfileView } from '../../shared/contract.js';

export interface ProfileFormValues {
  id: string | null;
  name: string;
  connectionString: string;
  /** Seconds, as typed. */
  sessionTimeoutSeconds: string;
  readOnly: boolean;
  /** `user:password` to set; empty keeps what is stored. Never filled from the host. */
  credentials: string;
  clearCredentials: boolean;
}

export type ProfileFormErrors = Partial<Record<'name' | 'connectionString' | 'sessionTimeoutSeconds' | 'credentials', string>>;

export const DEFAULT_SESSION_TIMEOUT_MS = 30_000;

export function emptyProfileForm(): ProfileFormValues {
  return { id: null, name: '', connectionString: '127.0.0.1:2181', sessionTimeoutSeconds: String(DEFAULT_SESSION_TIMEOUT_MS / 1000), readOnly: false, credentials: '', clearCredentials: false };
}

export function profileFormFrom(profile: ProfileView): ProfileFormValues {
  return {
    id: profile.id,
    name: profile.name,
    connectionString: profile.connectionString,
    sessionTimeoutSeconds: String(profile.sessionTimeoutMs / 1000),
    readOnly: profile.readOnly,
    credentials: '',
    clearCredentials: false,
  };
}

/** Why a ZooKeeper connection string is unusable (`host[:port][,host[:port]...][/chroot]`), or null. */
export function connectionStringProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return 'Enter at least one server, for example 127.0.0.1:2181.';
  const slash = value.indexOf('/');
  const servers = slash === -1 ? value : value.slice(0, slash);
  const chroot = slash === -1 ? null : value.slice(slash);
  if (chroot !== null && chroot !== '/' && (chroot.endsWith('/') || chroot.includes('//'))) {
    return `The chroot "${chroot}" must not end with "/" or contain "//".`;
  }
  for (const entry of servers.split(',')) {
    const item = entry.trim();
    const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]/]+)(?::(\d+))?$/.exec(item);
    if (!match) return item === '' ? 'There is an empty server between commas.' : `"${item}" is not host or host:port.`;
    if (match[2] !== undefined) {
      const port = Number(match[2]);
      if (!Number.isInteger(port) || port < 1 || port > 65535) return `Port ${match[2]} is outside 1 to 65535.`;
    }
  }
  return null;
}

export function validateProfileForm(values: ProfileFormValues): ProfileFormErrors {
  const errors: ProfileFormErrors = {};
  if (values.name.trim() === '') errors.name = 'Give the connection a name, for example "staging".';
  else if (values.name.trim().length > 200) errors.name = 'Keep the name under 200 characters.';
  const connection = connectionStringProblem(values.connectionString);
  if (connection) errors.connectionString = connection;
  const seconds = Number(values.sessionTimeoutSeconds.trim());
  if (values.sessionTimeoutSeconds.trim() === '' || !Number.isFinite(seconds)) errors.sessionTimeoutSeconds = 'Enter a number of seconds.';
  else if (seconds < 1 || seconds > 120) errors.sessionTimeoutSeconds = 'ZooKeeper accepts 1 to 120 seconds (the server may narrow it further).';
  else if (!Number.isInteger(seconds * 1000)) errors.sessionTimeoutSeconds = 'Use at most three decimals.';
  if (values.credentials !== '' && !/^[^:]+:.*$/.test(values.credentials)) errors.credentials = 'Write credentials as user:password.';
  return errors;
}

export function hasErrors(errors: ProfileFormErrors): boolean {
  return Object.keys(errors).length > 0;
}

export function toProfileInput(values: ProfileFormValues): ProfileInput {
  const input: ProfileInput = {
    name: values.name.trim(),
    connectionString: values.connectionString.trim(),
    sessionTimeoutMs: Math.round(Number(values.sessionTimeoutSeconds.trim()) * 1000),
    readOnly: values.readOnly,
  };
  if (values.id !== null) input.id = values.id;
  if (values.clearCredentials) input.digestAuth = null;
  else if (values.credentials !== '') input.digestAuth = values.credentials;
  return input;
}
