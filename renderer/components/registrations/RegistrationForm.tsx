/**
 * New (or edit) registration: labelled fields, inline validation with the host's own reasons, a Host field that
 * offers this machine's names and addresses. "Register" creates the registration and starts it.
 */
import { useId, useMemo, useState, type FormEvent, type KeyboardEvent, type ReactElement } from 'react';
import { RangerApiError } from '../../../shared/contract.js';
import type { RegistrationInput, RegistrationView } from '../../../shared/registration.js';
import type { HostAddresses } from '../../hooks/use-registrations.js';
import { describeError } from '../../state/errors.js';
import {
  emptyRegistrationForm,
  hasRegistrationErrors,
  hostSuggestions,
  readRegistrationForm,
  registrationFormFrom,
  type RegistrationField,
  type RegistrationFormDefaults,
  type RegistrationFormValues,
} from '../../state/registration-form.js';

export interface ConnectionChoice {
  /** Profile id (what a registration publishes through). */
  id: string;
  name: string;
  readOnly: boolean;
}

interface Props {
  choices: readonly ConnectionChoice[];
  defaults: RegistrationFormDefaults;
  hosts: HostAddresses | null;
  /** The registration being edited; null for a new one. */
  editing: RegistrationView | null;
  onSubmit(input: RegistrationInput): Promise<void>;
  onCancel(): void;
}

type InputProps = { id: string; 'aria-invalid': boolean; 'aria-describedby': string };

export function RegistrationForm({ choices, defaults, hosts, editing, onSubmit, onCancel }: Props) {
  const id = useId();
  const [values, setValues] = useState<RegistrationFormValues>(() => (editing ? registrationFormFrom(editing.spec) : emptyRegistrationForm(defaults)));
  const [touched, setTouched] = useState<Partial<Record<RegistrationField, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  // The hostname arrives after the form opens: fill it in unless the person already typed a host.
  const [hostFilled, setHostFilled] = useState(editing !== null || Boolean(defaults.host));
  if (!hostFilled && hosts && values.host === '') {
    setHostFilled(true);
    setValues((current) => ({ ...current, host: hosts.hostname }));
  }

  const readOnlyProfiles = useMemo(() => new Map(choices.filter((choice) => choice.readOnly).map((choice) => [choice.id, choice.name])), [choices]);
  const { input, errors } = readRegistrationForm(values, { readOnlyProfiles });
  const show = (field: RegistrationField) => (submitted || touched[field] ? errors[field] : undefined);
  const suggestions = hostSuggestions(hosts);
  const hasHealthCheck = values.healthUrl.trim() !== '';

  const set = <K extends keyof RegistrationFormValues>(field: K, value: RegistrationFormValues[K]) => setValues((current) => ({ ...current, [field]: value }));
  const blur = (field: RegistrationField) => () => setTouched((current) => ({ ...current, [field]: true }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (hasRegistrationErrors(errors)) {
      // Take the person to the first field that needs them.
      const first = (event.currentTarget as HTMLFormElement).querySelector<HTMLElement>('[aria-invalid="true"]');
      first?.focus();
      return;
    }
    setSaving(true);
    setServerError(null);
    onSubmit(input).then(
      () => setSaving(false),
      (error: unknown) => {
        setSaving(false);
        const text = describeError(error, editing ? 'Saving the registration' : 'Registering');
        setServerError(error instanceof RangerApiError ? text.detail : `${text.title}: ${text.detail}`);
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Escape' && !saving) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  const field = (name: RegistrationField, label: string, control: (props: InputProps) => ReactElement, help?: string, wide = false) => {
    const error = show(name);
    const inputId = `${id}-${name}`;
    return (
      <div className={`form-field${error ? ' invalid' : ''}${wide ? ' wide' : ''}`}>
        <label htmlFor={inputId}>{label}</label>
        {control({ id: inputId, 'aria-invalid': Boolean(error), 'aria-describedby': `${inputId}-msg` })}
        <div id={`${inputId}-msg`} className={error ? 'field-error' : 'field-help'} role={error ? 'alert' : undefined} data-testid={error ? `reg-error-${name}` : undefined}>
          {error ?? help ?? '\u00a0'}
        </div>
      </div>
    );
  };

  type TextOptions = { mono?: boolean; placeholder?: string; inputMode?: 'numeric' | 'decimal' | 'url'; list?: string; autoFocus?: boolean; disabled?: boolean };
  const text = (name: RegistrationField, testId: string, extra: TextOptions = {}) => (props: InputProps) => (
    <input
      {...props}
      className={extra.mono ? 'mono' : undefined}
      value={values[name]}
      onChange={(event) => set(name, event.target.value)}
      onBlur={blur(name)}
      placeholder={extra.placeholder}
      inputMode={extra.inputMode}
      list={extra.list}
      autoFocus={extra.autoFocus}
      disabled={extra.disabled}
      spellCheck={false}
      autoComplete="off"
      data-testid={testId}
    />
  );

  const hostListId = `${id}-hosts`;
  return (
    <form className="registration-form card" onSubmit={submit} onKeyDown={onKeyDown} noValidate data-testid="registration-form" aria-label={editing ? `Edit registration ${editing.spec.serviceName}` : 'New registration'}>
      <div className="section-head">
        <h2>{editing ? `Edit ${editing.spec.serviceName} (${editing.spec.host}:${editing.spec.port})` : 'New registration'}</h2>
        <span className="muted">{editing ? 'A running registration is re-published with the new values.' : 'Publishes a local service so Java, Python and Node Ranger finders discover it.'}</span>
      </div>

      <fieldset className="form-grid">
        <legend>Where</legend>
        {field(
          'profileId',
          'Connection',
          (props) => (
            <select {...props} value={values.profileId} onChange={(event) => set('profileId', event.target.value)} onBlur={blur('profileId')} data-testid="reg-profile">
              <option value="">Choose a connection…</option>
              {choices.map((choice) => (
                <option key={choice.id} value={choice.id}>
                  {choice.name}
                  {choice.readOnly ? ' (read-only)' : ''}
                </option>
              ))}
            </select>
          ),
          choices.length === 0 ? 'Save a connection profile first (Connections).' : 'The ZooKeeper the node is written to',
        )}
        {field('namespace', 'Namespace', text('namespace', 'reg-namespace', { mono: true, placeholder: 'e.g. myorg', autoFocus: !editing && values.namespace === '' }), 'The first path segment: /namespace/service/host:port')}
        {field('serviceName', 'Service', text('serviceName', 'reg-service', { mono: true, placeholder: 'e.g. orders', autoFocus: !editing && values.namespace !== '' }), 'What finders ask for')}
      </fieldset>

      <fieldset className="form-grid">
        <legend>Address</legend>
        {field('host', 'Host', text('host', 'reg-host', { mono: true, list: hostListId }), 'This machine’s name; pick localhost or a LAN address from the list')}
        <datalist id={hostListId} data-testid="reg-host-options">
          {suggestions.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
        {field('port', 'Port', text('port', 'reg-port', { mono: true, inputMode: 'numeric', placeholder: '8080' }), 'Where the service listens (1 to 65535)')}
        <div className="form-field">
          <label htmlFor={`${id}-scheme`}>Port scheme</label>
          <select id={`${id}-scheme`} value={values.portScheme} onChange={(event) => set('portScheme', event.target.value as RegistrationFormValues['portScheme'])} data-testid="reg-scheme">
            <option value="http">http</option>
            <option value="https">https</option>
            <option value="tcp">tcp</option>
          </select>
          <div className="field-help">{'\u00a0'}</div>
        </div>
      </fieldset>

      <fieldset className="form-grid">
        <legend>Node data</legend>
        {field('environment', 'Environment', text('environment', 'reg-environment', { placeholder: 'stage' }), 'Finders filter on it (stage, prod…)')}
        {field('region', 'Region', text('region', 'reg-region', { placeholder: 'optional' }))}
        {field('tags', 'Tags', text('tags', 'reg-tags', { placeholder: 'api, canary' }), 'Comma separated')}
        {field('routingWeight', 'Routing weight', text('routingWeight', 'reg-weight', { inputMode: 'decimal' }), 'Relative share of traffic')}
      </fieldset>

      <fieldset className="form-grid">
        <legend>Health</legend>
        {field('healthUrl', 'Health check URL', text('healthUrl', 'reg-health-url', { mono: true, inputMode: 'url', placeholder: 'http://localhost:8080/health (optional)' }), 'Without one, the node is published healthy while Ranger Desk runs', true)}
        <div className="form-field">
          <label htmlFor={`${id}-method`}>Method</label>
          <select id={`${id}-method`} value={values.healthMethod} onChange={(event) => set('healthMethod', event.target.value as RegistrationFormValues['healthMethod'])} disabled={!hasHealthCheck} data-testid="reg-health-method">
            <option value="GET">GET</option>
            <option value="POST">POST</option>
          </select>
          <div className="field-help">{'\u00a0'}</div>
        </div>
        {field('healthTimeoutMs', 'Timeout (ms)', text('healthTimeoutMs', 'reg-health-timeout', { inputMode: 'numeric', disabled: !hasHealthCheck }), 'A slower answer counts as unhealthy')}
        {field('healthExpectedStatus', 'Expected status codes', text('healthExpectedStatus', 'reg-health-status', { placeholder: 'any 2xx', disabled: !hasHealthCheck }), 'Comma separated; empty means any 2xx')}
        {field('updateIntervalSeconds', 'Update interval (seconds)', text('updateIntervalSeconds', 'reg-interval', { inputMode: 'decimal' }), 'How often it checks health and heartbeats')}
      </fieldset>

      <label className="inline-check">
        <input type="checkbox" checked={values.startOnLaunch} onChange={(event) => set('startOnLaunch', event.target.checked)} data-testid="reg-start-on-launch" />
        Start on launch (publish again when Ranger Desk starts)
      </label>

      {serverError ? (
        <div className="notice notice-error notice-compact" role="alert" data-testid="registration-form-error">
          {serverError}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving} data-testid="reg-submit">
          {editing ? 'Save' : 'Register'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel} disabled={saving} data-testid="reg-cancel">
          Cancel
        </button>
        {submitted && hasRegistrationErrors(errors) ? <span className="field-error">Correct the highlighted fields.</span> : null}
      </div>
    </form>
  );
}
