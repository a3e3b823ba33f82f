import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every same-site link and asset (`href`/`src` starting with `/`) in the HTML pages of a
 * published DIST that does not answer 200 from the served site, as `page → target (status)`.
 */
export async function brokenLinks(distDir: string, origin: string): Promise<string[]> {
  const pages = (await readdir(distDir, { recursive: true })).filter((path) =>
    path.endsWith('.html'),
  );
  const targets = new Map<string, string>();
  for (const page of pages) {
    const html = await readFile(join(distDir, page), 'utf8');
    for (const match of html.matchAll(/\s(?:href|src)="(\/[^"#]*)/g)) {
      const target = match[1] ?? '';
      if (!targets.has(target)) targets.set(target, page);
    }
  }
  const broken: string[] = [];
  for (const [target, page] of targets) {
    const response = await fetch(new URL(target, origin));
    await response.arrayBuffer();
    if (response.status !== 200) broken.push(`${page} → ${target} (${response.status})`);
  }
  return broken;
}
