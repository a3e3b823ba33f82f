import { describe, expect, it } from 'vitest';
import { accessibleAccent, contrastRatio, themeBackgrounds, themeStylesheet } from './accent.ts';

describe('accent colours', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('keeps an accent that already contrasts, and darkens or lightens one that does not', () => {
    expect(accessibleAccent('#1f6f5c', themeBackgrounds.light)).toBe('#1f6f5c');
    const pink = accessibleAccent('#e0457b', themeBackgrounds.light);
    expect(pink).not.toBe('#e0457b');
    expect(contrastRatio(pink, themeBackgrounds.light)).toBeGreaterThanOrEqual(4.5);
    const darkTheme = accessibleAccent('#1f6f5c', themeBackgrounds.dark);
    expect(contrastRatio(darkTheme, themeBackgrounds.dark)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(['#1f6f5c', '#e0457b', '#7a3ee0', '#2b5fd9', '#ffff00', '#000000', '#ffffff', '#808080'])(
    'gives %s at least 4.5:1 for text and buttons in both themes',
    (accent) => {
      const { css } = themeStylesheet(accent);
      const [light, dark] = [...css.matchAll(/--accent:(#[0-9a-f]{6})/g)].map((match) => match[1]);
      expect(contrastRatio(light ?? '', themeBackgrounds.light)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(light ?? '', '#ffffff')).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(dark ?? '', themeBackgrounds.dark)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(dark ?? '', '#15181c')).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('names the stylesheet by its content', () => {
    const first = themeStylesheet('#1f6f5c');
    expect(first).toEqual(themeStylesheet('#1f6f5c'));
    expect(first.path).toMatch(/^\/theme-[0-9a-f]{10}\.css$/);
    expect(themeStylesheet('#7a3ee0').path).not.toBe(first.path);
  });
});
