import Table from 'cli-table3';

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
};

/** A borderless table (like kubectl's) so that grep, awk and cut work on it; cells may carry colours. */
export function renderTable(head: readonly string[], rows: readonly (readonly string[])[], bold: (text: string) => string): string {
  const table = new Table({
    head: head.map(bold),
    chars: NO_BORDER,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push([...row]);
  // cli-table3 pads the last column too: trailing spaces only get in the way of scripts.
  return `${table.toString().split('\n').map((line) => line.trimEnd()).join('\n')}\n`;
}
