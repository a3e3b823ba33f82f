import type { PdfPage, PdfTextItem } from './read-pdf.ts';

/**
 * Text items that stick out of the printable area: closer than `side` points to the left or
 * right edge, or than `edge` points to the top or bottom (where header and footer live).
 */
export function outOfBounds(page: PdfPage, side: number, edge = 20): PdfTextItem[] {
  return page.items.filter(
    (item) =>
      item.x < side - 0.5 ||
      item.y < edge ||
      item.x + item.width > page.width - side + 0.5 ||
      item.y + item.height > page.height - edge,
  );
}

/** Pairs of text items on a page whose boxes overlap (by more than `tolerance` points each way). */
export function overlaps(page: PdfPage, tolerance = 0.5): Array<[PdfTextItem, PdfTextItem]> {
  const found: Array<[PdfTextItem, PdfTextItem]> = [];
  const items = [...page.items].sort((a, b) => a.y - b.y);
  for (const [index, a] of items.entries()) {
    for (const b of items.slice(index + 1)) {
      if (b.y >= a.y + a.height - tolerance) break;
      const horizontal = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > tolerance;
      if (horizontal) found.push([a, b]);
    }
  }
  return found;
}
