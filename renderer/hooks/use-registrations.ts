/**
 * The registrations the host publishes for us: listed each time the host link opens (a new epoch), then kept
 * current by `registration.state` and `registration.removed` events. Shared by the Registrations view and by
 * Browse (which marks our own rows).
 */
import { useEffect, useMemo, useState } from 'react';
import type { RangerApi, RequestResult } from '../../shared/contract.js';
import type { RegistrationInput, RegistrationView } from '../../shared/registration.js';
import { removeRegistration, upsertRegistration } from '../state/registrations.js';
import { useBusy } from './use-busy.js';

export type HostAddresses = RequestResult<'registrations.hosts'>;

export interface RegistrationActions {
  reload(): void;
  /** Saves a new registration (stopped). */
  create(input: RegistrationInput): Promise<RegistrationView>;
  update(id: string, input: RegistrationInput): Promise<RegistrationView>;
  start(id: string, override?: boolean): Promise<RegistrationView>;
  stop(id: string): Promise<RegistrationView>;
  drain(id: string, drained: boolean): Promise<RegistrationView>;
  duplicate(id: string): Promise<RegistrationView>;
  remove(id: string): Promise<void>;
  exportJson(ids?: string[]): Promise<string>;
  importJson(json: string): Promise<RegistrationView[]>;
  commands(id: string): Promise<RequestResult<'registrations.commands'>>;
}

export interface RegistrationsData {
  /** Null until the first list arrives. */
  list: RegistrationView[] | null;
  error: unknown;
  /** Registration ids with a request in flight, for button states. */
  busy: ReadonlySet<string>;
  actions: RegistrationActions;
}

export function useRegistrations(api: RangerApi, epoch: number): RegistrationsData {
  const [list, setList] = useState<RegistrationView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { busy, withBusy } = useBusy();
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    const offs = [
      api.on('registration.state', (view) => setList((current) => upsertRegistration(current ?? [], view))),
      api.on('registration.removed', ({ id }) => setList((current) => (current ? removeRegistration(current, id) : current))),
    ];
    return () => offs.forEach((off) => off());
  }, [api]);

  useEffect(() => {
    if (epoch === 0) return;
    let cancelled = false;
    api.request('registrations.list', {}).then(
      (views) => {
        if (cancelled) return;
        setList(views);
        setError(null);
      },
      (failure: unknown) => {
        if (!cancelled) setError(failure);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, epoch, nonce]);


  const actions = useMemo<RegistrationActions>(() => {
    const keep = (view: RegistrationView): RegistrationView => {
      setList((current) => upsertRegistration(current ?? [], view));
      return view;
    };
    return {
      reload: () => setNonce((value) => value + 1),
      create: async (input) => keep(await api.request('registrations.create', input)),
      update: (id, spec) => withBusy(id, async () => keep(await api.request('registrations.update', { id, spec }))),
      start: (id, override) => withBusy(id, async () => keep(await api.request('registrations.start', override ? { id, override: true } : { id }))),
      stop: (id) => withBusy(id, async () => keep(await api.request('registrations.stop', { id }))),
      drain: (id, drained) => withBusy(id, async () => keep(await api.request('registrations.drain', { id, drained }))),
      duplicate: (id) => withBusy(id, async () => keep(await api.request('registrations.duplicate', { id }))),
      remove: (id) =>
        withBusy(id, async () => {
          await api.request('registrations.delete', { id });
          setList((current) => (current ? removeRegistration(current, id) : current));
        }),
      exportJson: async (ids) => (await api.request('registrations.export', ids ? { ids } : {})).json,
      importJson: async (json) => {
        const views = await api.request('registrations.import', { json });
        setList((current) => views.reduce((acc, view) => upsertRegistration(acc, view), current ?? []));
        return views;
      },
      commands: (id) => api.request('registrations.commands', { id }),
    };
  }, [api, withBusy]);

  return { list, error, busy, actions };
}
