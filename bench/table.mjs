// Tables for the terminal and for the README (GitHub markdown), from the same rows.

export function textTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function markdownTable(headers, rows) {
  const line = (cells) => '| ' + cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ') + ' |';
  return [line(headers), '|' + headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|') + '|', ...rows.map(line)].join('\n');
}
