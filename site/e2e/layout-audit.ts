import type { Page } from 'playwright-core';

/** How much two boxes may share, or a page may spill, before it counts (sub-pixel rounding). */
const tolerance = 1;

/**
 * What is visibly broken in the page's layout as it is now, one line each:
 *
 * - horizontal scroll: the document is wider than the viewport;
 * - text overflow: a text container whose content is wider than its box (scrollWidth >
 *   clientWidth), unless the container scrolls on purpose (overflow-x auto or scroll);
 * - overlapping boxes: two sibling items of a list, grid, flex or multi-column container
 *   whose boxes intersect;
 * - touching the footer: content of <main> ending less than 16 px above the footer.
 */
export async function layoutProblems(page: Page, label: string): Promise<string[]> {
  const found = await page.evaluate((slack) => {
    const problems: string[] = [];
    const describe = (element: Element): string => {
      const id = element.id ? `#${element.id}` : '';
      const classes = element.classList.length > 0 ? `.${[...element.classList].join('.')}` : '';
      const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50);
      return `<${element.tagName.toLowerCase()}${id}${classes}> "${text}"`;
    };
    const shown = (element: Element): boolean =>
      element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
    // Visually hidden helpers (.sr-only) are clipped to 1 px on purpose.
    const clipped = (element: Element): boolean =>
      element.closest('.sr-only') !== null || element.getBoundingClientRect().width <= 1;

    const viewport = window.innerWidth;
    const documentWidth = document.documentElement.scrollWidth;
    if (documentWidth > viewport + slack)
      problems.push(
        `horizontal scroll: the page is ${documentWidth} px wide in a ${viewport} px viewport`,
      );

    const textContainers =
      'h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption, label, legend, summary, button, a, span, time, code, strong, blockquote, figcaption';
    for (const element of document.body.querySelectorAll<HTMLElement>(textContainers)) {
      if (!shown(element) || clipped(element)) continue;
      const style = getComputedStyle(element);
      // An inline box has no clientWidth of its own; its block container is checked instead.
      if (style.display === 'inline' || style.display === 'contents') continue;
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      if (element.scrollWidth > element.clientWidth + slack)
        problems.push(
          `text overflow: ${describe(element)} is ${element.scrollWidth} px wide in a ${element.clientWidth} px box`,
        );
    }

    const containers = new Set<Element>(document.body.querySelectorAll('ul, ol, dl'));
    for (const element of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(element);
      if (/flex|grid/.test(style.display) || style.columnCount !== 'auto') containers.add(element);
    }
    for (const container of containers) {
      if (!shown(container)) continue;
      const boxes = [...container.children]
        .filter((child) => {
          if (!shown(child) || clipped(child)) return false;
          const style = getComputedStyle(child);
          return (
            style.display !== 'inline' &&
            style.position !== 'absolute' &&
            style.position !== 'fixed'
          );
        })
        .map((child) => ({ child, rect: child.getBoundingClientRect() }));
      boxes.forEach((first, index) => {
        for (const second of boxes.slice(index + 1)) {
          const a = first.rect;
          const b = second.rect;
          const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (width > slack && height > slack)
            problems.push(
              `overlapping boxes: ${describe(first.child)} and ${describe(second.child)} share ${Math.round(width)}×${Math.round(height)} px`,
            );
        }
      });
    }

    const main = document.querySelector('main');
    const footer = document.querySelector('body > footer');
    if (main && footer) {
      let bottom = 0;
      let last: Element = main;
      for (const element of main.querySelectorAll('*')) {
        const edge = element.getBoundingClientRect().bottom;
        if (edge > bottom && shown(element) && !clipped(element)) {
          bottom = edge;
          last = element;
        }
      }
      const gap = footer.getBoundingClientRect().top - bottom;
      if (gap < 16)
        problems.push(`touching the footer: ${describe(last)} ends ${Math.round(gap)} px above it`);
    }
    return problems;
  }, tolerance);
  return found.map((problem) => `${label}: ${problem}`);
}
