/**
 * What the whole app shares about the host: app info, saved profiles, open connections and the sandbox.
 * Loaded each time the host link opens (a new epoch), then kept current by events.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ConnectionView, ProfileInput, ProfileView, RangerApi, RequestResult, SandboxView } from '../../shared/contract.js';
import { useBusy } from './use-busy.js';

export type AppInfo = RequestResult<'app.info'>;

export interface HostData {
  info: AppInfo | null;
  profiles: ProfileView[] | null;
  connections: ConnectionView[];
  sandbox: SandboxView | null;
  loadError: unknown;
  /** Opening or closing connections, by profile id or connection id, for button states. */
  busy: ReadonlySet<string>;
  actions: HostActions;
}

export interface HostActions {
  reload(): void;
  saveProfile(input: ProfileInput): Promise<ProfileView>;
  deleteProfile(id: string): Promise<void>;
  openConnection(profileId: string): Promise<ConnectionView>;
  closeConnection(connectionId: string): Promise<void>;
  startSandbox(demo: boolean): Promise<SandboxView>;
  stopSandbox(): Promise<SandboxView>;
}

function upsertConnection(list: ConnectionView[], view: ConnectionView): ConnectionView[] {
  if (view.state === 'closed') return list.filter((item) => item.id !== view.id);
  const index = list.findIndex((item) => item.id === view.id);
  if (index === -1) return [...list, view];
  const next = list.slice();
  next[index] = view;
  return next;
}

export function useHost(api: RangerApi, epoch: number): HostData {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [profiles, setProfiles] = useState<ProfileView[] | null>(null);
  const [connections, setConnections] = useState<ConnectionView[]>([]);
  const [sandbox, setSandbox] = useState<SandboxView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, withBusy } = useBusy();
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    const offs = [
      api.on('connection.state', (view) => setConnections((list) => upsertConnection(list, view))),
      api.on('sandbox.state', (view) => setSandbox(view)),
    ];
    return () => offs.forEach((off) => off());
  }, [api]);

  useEffect(() => {
    if (epoch === 0) return;
    let cancelled = false;
    Promise.all([api.request('app.info', {}), api.request('profiles.list', {}), api.request('connections.list', {}), api.request('sandbox.status', {})]).then(
      ([nextInfo, nextProfiles, nextConnections, nextSandbox]) => {
        if (cancelled) return;
        setInfo(nextInfo);
        setProfiles(nextProfiles);
        setConnections(nextConnections.filter((view) => view.state !== 'closed'));
        setSandbox(nextSandbox);
        setLoadError(null);
      },
      (error: unknown) => {
        if (!cancelled) setLoadError(error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, epoch, nonce]);


  const actions = useMemo<HostActions>(
    () => ({
      reload: () => setNonce((value) => value + 1),
      saveProfile: async (input) => {
        const saved = await api.request('profiles.save', input);
        setProfiles((list) => {
          const current = list ?? [];
          const index = current.findIndex((item) => item.id === saved.id);
          if (index === -1) return [...current, saved];
          const next = current.slice();
          next[index] = saved;
          return next;
        });
        return saved;
      },
      deleteProfile: async (id) => {
        await api.request('profiles.delete', { id });
        setProfiles((list) => (list ?? []).filter((item) => item.id !== id));
      },
      openConnection: (profileId) =>
        withBusy(profileId, async () => {
          const view = await api.request('connections.open', { profileId });
          setConnections((list) => upsertConnection(list, view));
          return view;
        }),
      closeConnection: (connectionId) =>
        withBusy(connectionId, async () => {
          await api.request('connections.close', { connectionId });
          setConnections((list) => list.filter((item) => item.id !== connectionId));
        }),
      startSandbox: (demo) =>
        withBusy('sandbox', async () => {
          const view = await api.request('sandbox.start', { demo });
          setSandbox(view);
          // The host may open a connection to it: pick that up without waiting for an event.
          const list = await api.request('connections.list', {});
          setConnections(list.filter((item) => item.state !== 'closed'));
          return view;
        }),
      stopSandbox: () =>
        withBusy('sandbox', async () => {
          const view = await api.request('sandbox.stop', {});
          setSandbox(view);
          const list = await api.request('connections.list', {});
          setConnections(list.filter((item) => item.state !== 'closed'));
          return view;
        }),
    }),
    [api, withBusy],
  );

  return { info, profiles, connections, sandbox, loadError, busy, actions };
}
