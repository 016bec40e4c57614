/** Create or edit a connection profile: labelled fields, inline validation with the reason, write-only credentials. */
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import { RangerApiError, type ProfileInput, type ProfileView } from '../../shared/contract.js';
import { describeError } from '../state/errors.js';
import { emptyProfileForm, hasErrors, profileFormFrom, toProfileInput, validateProfileForm, type ProfileFormErrors, type ProfileFormValues } from '../state/profile-form.js';

interface Props {
  profile: ProfileView | null;
  onSave(input: ProfileInput, connect: boolean): Promise<void>;
  onCancel(): void;
}

export function ProfileForm({ profile, onSave, onCancel }: Props) {
  const id = useId();
  const [values, setValues] = useState<ProfileFormValues>(() => (profile ? profileFormFrom(profile) : emptyProfileForm()));
  const [touched, setTouched] = useState<Partial<Record<keyof ProfileFormValues, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const errors: ProfileFormErrors = validateProfileForm(values);
  const show = (field: keyof ProfileFormErrors) => (submitted || touched[field] ? errors[field] : undefined);

  const set = <K extends keyof ProfileFormValues>(field: K, value: ProfileFormValues[K]) => setValues((current) => ({ ...current, [field]: value }));
  const blur = (field: keyof ProfileFormValues) => () => setTouched((current) => ({ ...current, [field]: true }));

  const submit = (connect: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    setSubmitted(true);
    if (hasErrors(errors)) return;
    setSaving(true);
    setServerError(null);
    onSave(toProfileInput(values), connect).then(
      () => setSaving(false),
      (error: unknown) => {
        setSaving(false);
        const text = describeError(error, 'Saving the profile');
        setServerError(error instanceof RangerApiError ? text.detail : `${text.title}: ${text.detail}`);
      },
    );
  };

  const field = (name: keyof ProfileFormErrors, label: string, input: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string }) => ReactElement, help?: string) => {
    const error = show(name);
    const inputId = `${id}-${name}`;
    return (
      <div className={`form-field${error ? ' invalid' : ''}`}>
        <label htmlFor={inputId}>{label}</label>
        {input({ id: inputId, 'aria-invalid': Boolean(error), 'aria-describedby': `${inputId}-msg` })}
        <div id={`${inputId}-msg`} className={error ? 'field-error' : 'field-help'} role={error ? 'alert' : undefined}>
          {error ?? help ?? '\u00a0'}
        </div>
      </div>
    );
  };

  return (
    <form className="profile-form" onSubmit={submit(false)} noValidate data-testid="profile-form" aria-label={profile ? `Edit ${profile.name}` : 'New connection'}>
      <h3>{profile ? `Edit “${profile.name}”` : 'New connection'}</h3>
      {field('name', 'Name', (props) => <input {...props} value={values.name} onChange={(event) => set('name', event.target.value)} onBlur={blur('name')} autoFocus data-testid="profile-name" />)}
      {field(
        'connectionString',
        'Connection string',
        (props) => <input {...props} className="mono" value={values.connectionString} onChange={(event) => set('connectionString', event.target.value)} onBlur={blur('connectionString')} spellCheck={false} data-testid="profile-connection" />,
        'host:port, comma-separated for an ensemble, optional /chroot',
      )}
      {field(
        'sessionTimeoutSeconds',
        'Session timeout (seconds)',
        (props) => <input {...props} inputMode="decimal" value={values.sessionTimeoutSeconds} onChange={(event) => set('sessionTimeoutSeconds', event.target.value)} onBlur={blur('sessionTimeoutSeconds')} data-testid="profile-timeout" />,
        'How long ZooKeeper keeps the session while disconnected',
      )}
      {field(
        'credentials',
        'Digest credentials',
        (props) => (
          <input
            {...props}
            type="password"
            autoComplete="off"
            placeholder={profile?.hasCredentials ? 'stored — leave empty to keep' : 'user:password (optional)'}
            value={values.credentials}
            disabled={values.clearCredentials}
            onChange={(event) => set('credentials', event.target.value)}
            onBlur={blur('credentials')}
            data-testid="profile-credentials"
          />
        ),
        profile?.hasCredentials ? 'Stored encrypted; never shown again. Type new ones to replace them.' : 'Kept encrypted by the host and never shown again',
      )}
      {profile?.hasCredentials ? (
        <label className="inline-check">
          <input type="checkbox" checked={values.clearCredentials} onChange={(event) => set('clearCredentials', event.target.checked)} />
          Remove the stored credentials
        </label>
      ) : null}
      <label className="inline-check">
        <input type="checkbox" checked={values.readOnly} onChange={(event) => set('readOnly', event.target.checked)} data-testid="profile-readonly" />
        Read-only (never write to this cluster)
      </label>
      {serverError ? (
        <div className="notice notice-error notice-compact" role="alert">
          {serverError}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={saving} onClick={submit(true)} data-testid="profile-save-connect">
          Save and connect
        </button>
        <button type="submit" className="button" disabled={saving} data-testid="profile-save">
          Save
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
