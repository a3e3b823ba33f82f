import { createHash } from 'node:crypto';

type Rgb = readonly [number, number, number];

/** Backgrounds accent-coloured text sits on, per theme: the darker (light theme) or lighter (dark theme) of page and card. */
export const themeBackgrounds = { light: '#f5f7f9', dark: '#1f2329' } as const;

function parseHex(hex: string): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [
    Number.parseInt(match[1] ?? '0', 16),
    Number.parseInt(match[2] ?? '0', 16),
    Number.parseInt(match[3] ?? '0', 16),
  ];
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

function channelLuminance(channel: number): number {
  const value = channel / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return 0.2126 * channelLuminance(r) + 0.7152 * channelLuminance(g) + 0.0722 * channelLuminance(b);
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The accent nearest to `hex` that reaches `minRatio` against `background`: the colour
 * itself when it already does, otherwise mixed towards black (on a light background) or
 * white (on a dark one) in 2% steps until it does. Deterministic.
 */
export function accessibleAccent(hex: string, background: string, minRatio = 4.5): string {
  const base = parseHex(hex);
  const towards: Rgb = luminance(background) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 0; step <= 50; step += 1) {
    const mix = step / 50;
    const candidate = toHex([
      base[0] + (towards[0] - base[0]) * mix,
      base[1] + (towards[1] - base[1]) * mix,
      base[2] + (towards[2] - base[2]) * mix,
    ]);
    if (contrastRatio(candidate, background) >= minRatio) return candidate;
  }
  return toHex(towards);
}

/** The stylesheet that sets an organisation's accent, and the path it is published at. */
export interface ThemeStylesheet {
  /** Site path, e.g. `/theme-3f2a9c1b.css`; named by content so caches never serve a stale one. */
  path: string;
  /** The `theme-<hash>` route parameter of that path. */
  name: string;
  css: string;
}

/**
 * The accent stylesheet for `accentColor`: the accent adjusted to at least 4.5:1 against
 * the page in the light and in the dark theme, for links, focus rings and buttons (button
 * text takes the page colour, which contrasts as well).
 */
export function themeStylesheet(accentColor: string): ThemeStylesheet {
  const light = accessibleAccent(accentColor, themeBackgrounds.light);
  const dark = accessibleAccent(accentColor, themeBackgrounds.dark);
  const css = [
    `html:root{--accent:${light};--on-accent:#fff}`,
    `@media (prefers-color-scheme:dark){html:root{--accent:${dark};--on-accent:#15181c}}`,
    '',
  ].join('\n');
  const name = `theme-${createHash('sha256').update(css).digest('hex').slice(0, 10)}`;
  return { path: `/${name}.css`, name, css };
}
