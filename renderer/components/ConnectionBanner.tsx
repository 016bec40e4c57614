/** Says plainly when a ZooKeeper connection is not live, and what the user can do. */
import type { ConnectionState, ConnectionView } from '../../shared/contract.js';

export const STATE_TEXT: Record<ConnectionState, string> = {
  connecting: 'connecting',
  connected: 'connected',
  disconnected: 'reconnecting',
  expired: 'session expired',
  'auth-failed': 'authentication failed',
  closed: 'closed',
};

export function stateTone(state: ConnectionState): 'ok' | 'warn' | 'bad' {
  if (state === 'connected') return 'ok';
  if (state === 'connecting' || state === 'disconnected') return 'warn';
  return 'bad';
}

export function ConnectionBanner({ connection, onReconnect }: { connection: ConnectionView; onReconnect(connection: ConnectionView): void }) {
  const { state } = connection;
  if (state === 'connected') return null;
  const canReopen = connection.profileId !== null && (state === 'expired' || state === 'auth-failed');
  const message: Record<Exclude<ConnectionState, 'connected'>, string> = {
    connecting: `Connecting to ${connection.connectionString}…`,
    disconnected: `Lost the connection to ZooKeeper at ${connection.connectionString}; reconnecting. What you see may be stale until it is back.`,
    expired: 'ZooKeeper expired this session (it was away longer than the session timeout). Data may be stale until a new session is open.',
    'auth-failed': 'ZooKeeper refused the digest credentials of this profile. Edit the profile and enter the right user:password.',
    closed: 'This connection is closed.',
  };
  return (
    <div className={`banner banner-${stateTone(state)}`} role="status" data-testid="connection-banner" data-state={state}>
      <strong>{connection.name}: {STATE_TEXT[state]}.</strong> {message[state]}
      {canReopen ? (
        <button type="button" className="button button-small" onClick={() => onReconnect(connection)}>
          Reconnect
        </button>
      ) : null}
    </div>
  );
}
