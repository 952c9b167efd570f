/** Escape text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A number for a table cell: integers as they are, others to 6 significant digits. */
export function formatCell(v: string | number): string {
  if (typeof v !== 'number') return v;
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

/** An HTML table; numeric cells are right-aligned. */
export function htmlTable(columns: readonly string[], rows: readonly (readonly (string | number)[])[], caption?: string): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r) => `<tr>${r.map((v) => `<td${typeof v === 'number' ? ' class="num"' : ''}>${escapeHtml(formatCell(v))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

/** A two-column table of names and values. */
export function keyValueTable(pairs: readonly (readonly [string, string | number])[]): string {
  const rows = pairs.map(
    ([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td${typeof v === 'number' ? ' class="num"' : ''}>${escapeHtml(formatCell(v))}</td></tr>`,
  );
  return `<table class="kv"><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}
