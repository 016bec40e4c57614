/** Small shared pieces: status text with colour, count badges, notices, empty states, copy buttons. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { InstanceStatus } from '../../shared/model/instance-view.js';
import { describeError } from '../state/errors.js';

export function StatusText({ status, title }: { status: InstanceStatus; title?: string }) {
  return (
    <span className={`status status-${status}`} title={title}>
      <span className="status-dot" aria-hidden="true" />
      {status}
    </span>
  );
}

const COUNT_LABELS: Record<InstanceStatus, string> = { healthy: 'healthy', unhealthy: 'unhealthy', zombie: 'zombie', unreadable: 'unreadable' };

/** Coloured count badges; zero counts other than healthy are omitted to keep problems visible. */
export function CountBadges({ counts, compact = false }: { counts: Record<InstanceStatus, number> & { total: number }; compact?: boolean }) {
  const order: InstanceStatus[] = ['healthy', 'unhealthy', 'zombie', 'unreadable'];
  return (
    <span className="badges">
      {order.map((status) =>
        counts[status] > 0 || (status === 'healthy' && !compact) ? (
          <span key={status} className={`badge badge-${status}`} title={`${counts[status]} ${COUNT_LABELS[status]}`} data-count={status}>
            <span className="visually-hidden">{COUNT_LABELS[status]}: </span>
            {counts[status].toLocaleString('en-US')}
            {compact ? null : <span className="badge-label">{COUNT_LABELS[status]}</span>}
          </span>
        ) : null,
      )}
    </span>
  );
}

export function ErrorNotice({ error, doing, onRetry, compact = false }: { error: unknown; doing?: string; onRetry?: () => void; compact?: boolean }) {
  const text = describeError(error, doing);
  return (
    <div className={`notice notice-error${compact ? ' notice-compact' : ''}`} role="alert">
      <div className="notice-title">{text.title}</div>
      <div className="notice-detail">{text.detail}</div>
      <div className="notice-hint">{text.hint}</div>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId}>
      <div className="empty-title">{title}</div>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}

/** Clipboard with a fallback for pages that are not a secure context (web mode on a LAN address). */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the browser refused to copy');
}

/** Copies `text` (or what a function gives, possibly after asking the host) and says whether it worked. */
export function CopyButton({ text, label, testId, disabled = false, title }: { text: string | (() => string | Promise<string>); label: string; testId?: string; disabled?: boolean; title?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const onClick = () => {
    Promise.resolve(typeof text === 'function' ? text() : text)
      .then(copyText)
      .then(
        () => setState('copied'),
        () => setState('failed'),
      );
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" className="button button-small" onClick={onClick} data-testid={testId} aria-live="polite" disabled={disabled} title={title}>
      <span className="copy-label">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}</span>
    </button>
  );
}
