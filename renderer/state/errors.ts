/** Errors as people read them: what happened, and what to do about it. */
import { RangerApiError } from '../../shared/contract.js';

export interface ErrorText {
  title: string;
  detail: string;
  hint: string;
}

export function describeError(error: unknown, doing = 'That'): ErrorText {
  if (error instanceof RangerApiError) {
    switch (error.code) {
      case 'unavailable':
        return { title: `${doing} could not reach the host`, detail: error.message, hint: 'Ranger Desk retries by itself; check that the host (or `rangerctl web`) is still running.' };
      case 'zookeeper':
        return { title: `${doing} failed in ZooKeeper`, detail: error.message, hint: 'Check the connection state above; the data may have changed or the session may be reconnecting. Try again.' };
      case 'not-found':
        return { title: 'Not found', detail: error.message, hint: 'It may have been deleted or the connection closed. Pick another item.' };
      case 'read-only':
        return { title: 'This connection is read-only', detail: error.message, hint: 'Edit the profile and clear "read-only" to allow writes.' };
      case 'conflict':
        return { title: 'Someone changed it first', detail: error.message, hint: 'Reload and try again.' };
      case 'invalid-request':
        return { title: `${doing} was refused`, detail: error.message, hint: 'Correct the highlighted value and try again.' };
      case 'unknown-request':
        return { title: 'The host does not know this request', detail: error.message, hint: 'The host and the page are different versions: reload the page.' };
      case 'internal':
        return { title: `${doing} failed inside the host`, detail: error.message, hint: 'Try again; if it keeps failing, the host log says more.' };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: `${doing} failed`, detail: message, hint: 'Try again.' };
}
