/**
 * Lays out rows as a plain-text table with a header and aligned columns (display width = code points, which is
 * right for the Latin text of data headers). Cells longer than `maxWidth` are cut with an ellipsis.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], maxWidth = 60): string {
  const cut = (s: string) => {
    const chars = [...s]
    return chars.length > maxWidth ? `${chars.slice(0, maxWidth - 1).join('')}…` : s
  }
  const cells = [header, ...rows].map((r) => r.map(cut))
  const widths = header.map((_, j) => Math.max(...cells.map((r) => [...(r[j] ?? '')].length)))
  const line = (r: readonly string[]) =>
    r
      .map((c, j) => (j === r.length - 1 ? c : c + ' '.repeat(widths[j] - [...c].length)))
      .join('  ')
      .trimEnd()
  return [line(cells[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}
