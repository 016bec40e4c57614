/**
 * Registrations: local dev services Ranger Desk publishes to ZooKeeper, each with its live status and actions;
 * "New registration" opens the form, whose "Register" creates and starts it. Import and export as JSON.
 */
import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import type { ConnectionView, RangerApi } from '../../../shared/contract.js';
import type { RegistrationInput, RegistrationView } from '../../../shared/registration.js';
import { useNow } from '../../hooks/clock.js';
import type { HostData } from '../../hooks/use-host.js';
import type { HostAddresses, RegistrationsData } from '../../hooks/use-registrations.js';
import { useResource } from '../../hooks/use-resource.js';
import type { RouteUpdate } from '../../hooks/use-route.js';
import { plural } from '../../state/format.js';
import { isPublishing, sortRegistrations } from '../../state/registrations.js';
import { EmptyState, ErrorNotice, Loading } from '../common.js';
import { downloadText, readPickedFile } from '../download.js';
import { RegistrationCard } from './RegistrationCard.js';
import { RegistrationForm, type ConnectionChoice } from './RegistrationForm.js';

interface Props {
  api: RangerApi;
  host: HostData;
  registrations: RegistrationsData;
  /** The connection selected in the top bar (its profile and namespace are the form's defaults). */
  active: ConnectionView | null;
  namespace: string | null;
  setRoute(update: RouteUpdate): void;
}

export const EXPORT_FILENAME = 'ranger-desk-registrations.json';

/** Saved profiles, plus open connections without one in the list (the sandbox). */
function connectionChoices(host: HostData): ConnectionChoice[] {
  const choices: ConnectionChoice[] = (host.profiles ?? []).map((profile) => ({ id: profile.id, name: profile.name, readOnly: profile.readOnly }));
  for (const connection of host.connections) {
    if (connection.profileId !== null && !choices.some((choice) => choice.id === connection.profileId)) {
      choices.push({ id: connection.profileId, name: connection.name, readOnly: connection.readOnly });
    }
  }
  return choices;
}

export function RegistrationsView({ api, host, registrations, active, namespace, setRoute }: Props) {
  const now = useNow();
  const { list, error, busy, actions } = registrations;
  const [form, setForm] = useState<{ editing: RegistrationView | null; key: number } | null>(null);
  const [failure, setFailure] = useState<{ error: unknown; doing: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const hosts = useResource<HostAddresses>('hosts', () => api.request('registrations.hosts', {}));

  const choices = useMemo(() => connectionChoices(host), [host]);
  const names = useMemo(() => new Map(choices.map((choice) => [choice.id, choice.name])), [choices]);
  const sorted = useMemo(() => sortRegistrations(list ?? []), [list]);
  const running = sorted.filter(isPublishing).length;

  const defaultProfile = useMemo(() => {
    const writable = choices.filter((choice) => !choice.readOnly);
    return writable.find((choice) => choice.id === active?.profileId)?.id ?? writable[0]?.id ?? null;
  }, [choices, active]);

  const run = (doing: string, work: () => Promise<unknown>) => {
    setFailure(null);
    setNotice(null);
    work().catch((reason: unknown) => setFailure({ error: reason, doing }));
  };

  const openForm = (editing: RegistrationView | null) => {
    setNotice(null);
    setForm((current) => ({ editing, key: (current?.key ?? 0) + 1 }));
  };

  const submit = async (input: RegistrationInput) => {
    const editing = form?.editing ?? null;
    if (editing) {
      await actions.update(editing.id, input);
      setForm(null);
      return;
    }
    // "Register": save it, then publish it. A failed start leaves it saved and stopped, with the reason.
    const created = await actions.create(input);
    setForm(null);
    run(`Starting ${created.spec.serviceName}`, () => actions.start(created.id));
  };

  const onShow = (view: RegistrationView) => {
    const connection = host.connections.find((item) => item.profileId === view.spec.profileId && item.state !== 'closed');
    if (!connection) return;
    setRoute({ view: 'browse', connectionId: connection.id, namespace: view.spec.namespace, service: view.spec.serviceName, instance: `${view.spec.host}:${view.spec.port}` });
  };
  const canShow = (view: RegistrationView) => host.connections.some((item) => item.profileId === view.spec.profileId && item.state !== 'closed');

  const onImport = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    run(`Importing ${file.name}`, async () => {
      const imported = await actions.importJson(await readPickedFile(file));
      setNotice(`Imported ${plural(imported.length, 'registration')} from ${file.name}. They are stopped: start each when ready.`);
    });
  };

  const onExport = () =>
    run('Exporting', async () => {
      downloadText(EXPORT_FILENAME, await actions.exportJson(), 'application/json');
      setNotice(`Exported ${plural(sorted.length, 'registration')} to ${EXPORT_FILENAME}.`);
    });

  return (
    <div className="registrations-view" data-testid="registrations-view">
      <header className="view-header">
        <div className="view-title">
          <h1>Registrations</h1>
          <span className="muted" data-testid="registration-count">
            {list ? `${plural(sorted.length, 'registration')}, ${running} published` : ''}
          </span>
        </div>
        <div className="view-actions">
          <button type="button" className="button button-primary" onClick={() => openForm(null)} data-testid="registration-new">
            New registration
          </button>
          <button type="button" className="button" onClick={() => fileRef.current?.click()} data-testid="registration-import">
            Import…
          </button>
          <input ref={fileRef} type="file" accept=".json,application/json" className="offscreen" tabIndex={-1} aria-hidden="true" onChange={onImport} data-testid="registration-import-file" />
          <button type="button" className="button" disabled={!list || sorted.length === 0} onClick={onExport} data-testid="registration-export">
            Export
          </button>
        </div>
      </header>
      <div className="view-scroll">
        {failure ? <ErrorNotice error={failure.error} doing={failure.doing} /> : null}
        {notice ? (
          <div className="notice notice-ok" role="status" data-testid="registration-notice">
            {notice}
          </div>
        ) : null}
        {form ? (
          <RegistrationForm
            key={form.key}
            choices={choices}
            defaults={{ profileId: defaultProfile, namespace, host: hosts.data?.hostname ?? null }}
            hosts={hosts.data}
            editing={form.editing}
            onSubmit={submit}
            onCancel={() => setForm(null)}
          />
        ) : null}
        {list === null ? (
          error ? (
            <ErrorNotice error={error} doing="Listing registrations" onRetry={actions.reload} />
          ) : (
            <Loading what="registrations" />
          )
        ) : sorted.length === 0 ? (
          form ? null : (
            <EmptyState title="Nothing published from this desktop yet" testId="registrations-empty">
              Register a service running on this machine so that Ranger finders in Java, Python or Node discover it, with a live health check behind it. Use <strong>New registration</strong>, or import a file
              exported from another Ranger Desk.
            </EmptyState>
          )
        ) : (
          <ul className="reg-list" aria-label="Registrations" data-testid="registration-list">
            {sorted.map((view) => (
              <RegistrationCard
                key={view.id}
                view={view}
                busy={busy.has(view.id)}
                now={now}
                connectionName={names.get(view.spec.profileId) ?? null}
                actions={actions}
                onEdit={(item) => openForm(item)}
                onShow={canShow(view) ? onShow : null}
              />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
