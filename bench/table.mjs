// Tables for the terminal and for the README (GitHub markdown), from the same rows: the first
// column is names, the others figures.
import { table } from '../scripts/size-report.mjs';

export function textTable(headers, rows) {
  return table(
    headers,
    rows,
    headers.map((_, i) => i > 0)
  );
}

export function markdownTable(headers, rows) {
  const line = (cells) => '| ' + cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ') + ' |';
  return [
    line(headers),
    '|' + headers.map((_, i) => (i === 0 ? '---' : '---:')).join('|') + '|',
    ...rows.map(line)
  ].join('\n');
}
