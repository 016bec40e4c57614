/** List and table keyboard movement. Pure: the key, the current index and the list size give the next index. */

/** The index a navigation key moves to, or null when the key is not a movement key. */
export function nextIndex(key: string, current: number, count: number, pageSize: number): number | null {
  if (count <= 0) return null;
  const clamp = (index: number) => Math.max(0, Math.min(count - 1, index));
  const from = current < 0 ? -1 : clamp(current);
  switch (key) {
    case 'ArrowDown':
      return clamp(from + 1);
    case 'ArrowUp':
      return from < 0 ? 0 : clamp(from - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return clamp(from + Math.max(1, pageSize));
    case 'PageUp':
      return clamp(from - Math.max(1, pageSize));
    default:
      return null;
  }
}

/** True when a key press belongs to a text field and must not trigger shortcuts like "/". */
export function isTypingTarget(tagName: string | undefined, isContentEditable: boolean, inputType?: string): boolean {
  if (isContentEditable) return true;
  const tag = (tagName ?? '').toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag !== 'input') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes((inputType ?? 'text').toLowerCase());
}
