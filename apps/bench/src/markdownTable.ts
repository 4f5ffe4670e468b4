/**
 * Markdown table helpers for the benchmark report (bench-results/<mode>.md and docs/BENCHMARKS.md).
 */

/** Formats a number for a table: fixed decimals, or `n/a` for null/undefined/non-finite. */
export function cell(value: number | null | undefined, decimals = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(decimals);
}

/** A GitHub-flavoured markdown table; `|` inside cells is escaped. */
export function markdownTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
