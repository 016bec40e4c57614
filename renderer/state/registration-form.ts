/**
 * The registration form: its fields as typed, the RegistrationInput it sends, and inline validation with the
 * reason. The rules are the host's own (`registrationSpecSchema` from shared/registration.ts), so the form says
 * exactly what the host would refuse; only "is this text a number" is checked here first. Pure.
 */
import { registrationSpecSchema, type RegistrationInput, type RegistrationSpec } from '../../shared/registration.js';

export type PortScheme = 'http' | 'https' | 'tcp';
export type HealthMethod = 'GET' | 'POST';

export interface RegistrationFormValues {
  profileId: string;
  serviceName: string;
  namespace: string;
  host: string;
  port: string;
  environment: string;
  region: string;
  /** Comma separated. */
  tags: string;
  routingWeight: string;
  portScheme: PortScheme;
  /** Empty: no health check (the node is published healthy while the process is up). */
  healthUrl: string;
  healthMethod: HealthMethod;
  healthTimeoutMs: string;
  /** Comma separated; empty means any 2xx. */
  healthExpectedStatus: string;
  updateIntervalSeconds: string;
  startOnLaunch: boolean;
}

export type RegistrationField = Exclude<keyof RegistrationFormValues, 'portScheme' | 'healthMethod' | 'startOnLaunch'>;
export type RegistrationFormErrors = Partial<Record<RegistrationField, string>>;

export const DEFAULT_ENVIRONMENT = 'stage';
export const DEFAULT_UPDATE_INTERVAL_MS = 1000;
export const DEFAULT_HEALTH_TIMEOUT_MS = 1000;

export interface RegistrationFormDefaults {
  profileId?: string | null;
  namespace?: string | null;
  /** This machine's hostname (registrations.hosts). */
  host?: string | null;
}

export function emptyRegistrationForm(defaults: RegistrationFormDefaults = {}): RegistrationFormValues {
  return {
    profileId: defaults.profileId ?? '',
    serviceName: '',
    namespace: defaults.namespace ?? '',
    host: defaults.host ?? '',
    port: '',
    environment: DEFAULT_ENVIRONMENT,
    region: '',
    tags: '',
    routingWeight: '1',
    portScheme: 'http',
    healthUrl: '',
    healthMethod: 'GET',
    healthTimeoutMs: String(DEFAULT_HEALTH_TIMEOUT_MS),
    healthExpectedStatus: '',
    updateIntervalSeconds: String(DEFAULT_UPDATE_INTERVAL_MS / 1000),
    startOnLaunch: false,
  };
}

/** The form filled from a saved registration (to edit it). */
export function registrationFormFrom(spec: RegistrationSpec): RegistrationFormValues {
  return {
    profileId: spec.profileId,
    serviceName: spec.serviceName,
    namespace: spec.namespace,
    host: spec.host,
    port: String(spec.port),
    environment: spec.environment,
    region: spec.region ?? '',
    tags: spec.tags.join(', '),
    routingWeight: String(spec.routingWeight),
    portScheme: spec.portScheme,
    healthUrl: spec.healthCheck?.url ?? '',
    healthMethod: spec.healthCheck?.method ?? 'GET',
    healthTimeoutMs: String(spec.healthCheck?.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS),
    healthExpectedStatus: spec.healthCheck?.expectedStatus.join(', ') ?? '',
    updateIntervalSeconds: String(spec.updateIntervalMs / 1000),
    startOnLaunch: spec.startOnLaunch,
  };
}

/** "api, canary,, api " -> ["api", "canary"]: trimmed, no empties, no repeats, order kept. */
export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** "200, 204" -> [200, 204], or the reason it is not a list of HTTP status codes. */
export function parseStatusCodes(text: string): number[] | { problem: string } {
  const codes: number[] = [];
  for (const part of text.split(/[,\s]+/)) {
    if (part === '') continue;
    const code = /^\d{3}$/.test(part) ? Number(part) : NaN;
    if (!(code >= 100 && code <= 599)) return { problem: `"${part}" is not an HTTP status code (100 to 599); separate codes with commas` };
    if (!codes.includes(code)) codes.push(code);
  }
  return codes;
}

/** A number typed in a field, or the reason it is not one. */
function parseNumber(text: string, what: string): number | { problem: string } {
  const value = text.trim();
  if (value === '') return { problem: `Enter the ${what}` };
  const number = Number(value);
  if (!Number.isFinite(number)) return { problem: `The ${what} must be a number, not "${value}"` };
  return number;
}

function isProblem(value: unknown): value is { problem: string } {
  return typeof value === 'object' && value !== null && 'problem' in value;
}

/** The schema's message as a sentence: "port must be..." -> "Port must be...". */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** Which form field a schema issue belongs to. */
function fieldOf(path: readonly PropertyKey[]): RegistrationField | null {
  const [head, next] = path;
  switch (head) {
    case 'profileId':
    case 'serviceName':
    case 'namespace':
    case 'host':
    case 'port':
    case 'environment':
    case 'region':
    case 'tags':
    case 'routingWeight':
      return head;
    case 'updateIntervalMs':
      return 'updateIntervalSeconds';
    case 'healthCheck':
      if (next === 'url') return 'healthUrl';
      if (next === 'timeoutMs') return 'healthTimeoutMs';
      if (next === 'expectedStatus') return 'healthExpectedStatus';
      return 'healthUrl';
    default:
      return null;
  }
}

export interface RegistrationFormResult {
  /** What would be sent (numbers that did not parse are NaN here, and have an error). */
  input: RegistrationInput;
  errors: RegistrationFormErrors;
}

export interface RegistrationFormContext {
  /** Profiles that must not be written to, by id, with their names. */
  readOnlyProfiles?: ReadonlyMap<string, string>;
}

/**
 * Converts the form to a RegistrationInput and validates it with the host's schema. Each field gets at most
 * one error: the text-level one (not a number) before the schema's.
 */
export function readRegistrationForm(values: RegistrationFormValues, context: RegistrationFormContext = {}): RegistrationFormResult {
  const errors: RegistrationFormErrors = {};
  const number = (field: RegistrationField, text: string, what: string): number => {
    const parsed = parseNumber(text, what);
    if (isProblem(parsed)) {
      errors[field] = parsed.problem;
      return Number.NaN;
    }
    return parsed;
  };

  const portText = values.port.trim();
  let port: number;
  if (portText === '') {
    errors.port = 'Enter the port the service listens on (1 to 65535)';
    port = Number.NaN;
  } else if (!/^-?\d+$/.test(portText)) {
    errors.port = `The port must be a whole number from 1 to 65535, not "${portText}"`;
    port = Number.NaN;
  } else {
    port = Number(portText);
  }
  const routingWeight = number('routingWeight', values.routingWeight, 'routing weight');
  const intervalSeconds = number('updateIntervalSeconds', values.updateIntervalSeconds, 'update interval in seconds');
  const region = values.region.trim();

  let healthCheck: RegistrationInput['healthCheck'] = null;
  if (values.healthUrl.trim() !== '') {
    const timeoutMs = number('healthTimeoutMs', values.healthTimeoutMs, 'timeout in milliseconds');
    const codes = parseStatusCodes(values.healthExpectedStatus);
    if (isProblem(codes)) errors.healthExpectedStatus = sentence(codes.problem);
    healthCheck = {
      url: values.healthUrl.trim(),
      method: values.healthMethod,
      timeoutMs: Number.isNaN(timeoutMs) ? timeoutMs : Math.round(timeoutMs),
      expectedStatus: isProblem(codes) ? [] : codes,
    };
  }

  const input: RegistrationInput = {
    profileId: values.profileId,
    serviceName: values.serviceName.trim(),
    namespace: values.namespace.trim(),
    host: values.host.trim(),
    port,
    environment: values.environment.trim(),
    region: region === '' ? null : region,
    tags: parseTags(values.tags),
    routingWeight,
    portScheme: values.portScheme,
    healthCheck,
    updateIntervalMs: Number.isNaN(intervalSeconds) ? intervalSeconds : Math.round(intervalSeconds * 1000),
    startOnLaunch: values.startOnLaunch,
  };

  const parsed = registrationSpecSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      if (field && errors[field] === undefined) errors[field] = sentence(issue.message);
    }
  }
  if (errors.profileId === undefined && values.profileId === '') errors.profileId = 'Choose a connection';
  const readOnlyName = context.readOnlyProfiles?.get(values.profileId);
  if (errors.profileId === undefined && readOnlyName !== undefined) {
    errors.profileId = `“${readOnlyName}” is read-only: registering writes to ZooKeeper. Pick another connection, or clear read-only in its profile.`;
  }
  return { input, errors };
}

export function hasRegistrationErrors(errors: RegistrationFormErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** Host suggestions for the datalist: the hostname, localhost, then each address, without repeats. */
export function hostSuggestions(hosts: { hostname: string; addresses: readonly string[] } | null): string[] {
  const out: string[] = [];
  for (const value of [hosts?.hostname ?? '', 'localhost', ...(hosts?.addresses ?? [])]) {
    if (value !== '' && !out.includes(value)) out.push(value);
  }
  return out;
}
