/** Page geometry, type sizes and colours shared by every Attest PDF (points, A4). */
export const theme = {
  pageSize: 'A4' as const,
  margins: { top: 64, bottom: 64, left: 62, right: 62 },
  bodySize: 10,
  smallSize: 8.5,
  codeSize: 8.5,
  headingSizes: [20, 15, 12.5, 11, 10, 10] as const,
  lineGap: 2,
  paragraphGap: 7,
  listIndent: 16,
  quoteIndent: 14,
  text: '#1c1c1c',
  muted: '#5a5a5a',
  rule: '#c8c8c8',
  fill: '#f1f3f5',
};
