import { fileStem } from '../load/classify.ts';
import type { SourceFile } from '../load/load-organisation.ts';
import { parseYamlSource, type ValuePath, type YamlSource } from '../source/yaml-source.ts';
import type { SourceKey, SourceLocator, SourceRef } from './source-locator.ts';

/** Options of {@link createSourceLocator}. */
export interface SourceLinesOptions {
  /**
   * The FAQ entries the answer engine numbers (the snapshot's `faq`, which leaves out
   * entries resting on internal controls): a `faq` index then means the entry of this list,
   * found in `policies/faq.yaml` by its question. Without it, an index counts the file's
   * entries.
   */
  faq?: ReadonlyArray<{ question: string }> | undefined;
}

const policyFiles = {
  faq: 'faq',
  certification: 'certifications',
  subprocessor: 'subprocessors',
  subprocessors: 'subprocessors',
  disclosure: 'disclosure',
  processing: 'processing',
  profile: 'trust-center',
} as const satisfies Record<Exclude<SourceKey['kind'], 'control'>, string>;

/**
 * A locator over the organisation's files (organisation-relative paths with forward
 * slashes, as `readOrganisationFiles` gives them). Each file is parsed on first use. Anything
 * not found — a missing file, an unknown id, an index past the end — is undefined.
 */
export function createSourceLocator(
  files: readonly SourceFile[],
  options: SourceLinesOptions = {},
): SourceLocator {
  const texts = new Map(files.map((file) => [file.path, file.text]));
  const controlFiles = new Map<string, string>();
  for (const { path } of files)
    if (/^controls\/[^/]+\.ya?ml$/.test(path) && !controlFiles.has(fileStem(path)))
      controlFiles.set(fileStem(path), path);
  const parsed = new Map<string, YamlSource | undefined>();

  const open = (path: string | undefined): YamlSource | undefined => {
    if (path === undefined) return undefined;
    if (!parsed.has(path)) {
      const text = texts.get(path);
      const source = text === undefined ? undefined : parseYamlSource(path, text);
      parsed.set(path, source?.value === undefined ? undefined : source);
    }
    return parsed.get(path);
  };
  const policy = (name: string) => {
    const path = [`policies/${name}.yaml`, `policies/${name}.yml`].find((p) => texts.has(p));
    return open(path);
  };

  return (key) => {
    if (key.kind === 'control') {
      const source = open(controlFiles.get(key.id));
      return source && keyLine(source, ['claim']);
    }
    const source = policy(policyFiles[key.kind]);
    if (!source) return undefined;
    switch (key.kind) {
      case 'faq': {
        const index = faqIndex(source.value, key.index, options.faq);
        return index === undefined ? undefined : at(source, ['questions', index]);
      }
      case 'certification':
        return entryLine(source, 'certifications', key.id);
      case 'subprocessor':
        return entryLine(source, 'subprocessors', key.id);
      case 'subprocessors':
        return keyLine(source, ['subprocessors']);
      default:
        return key.field === undefined ? at(source, []) : keyLine(source, fieldPath(key.field));
    }
  };
}

/** The line of the deepest key along `path` that the file has, else line 1. */
function keyLine(source: YamlSource, path: ValuePath): SourceRef {
  let present = 0;
  let value = source.value;
  for (const segment of path) {
    if (!isObject(value) || !Object.hasOwn(value, segment)) break;
    value = (value as Record<PropertyKey, unknown>)[segment];
    present++;
  }
  return present === 0 ? at(source, []) : at(source, path.slice(0, present), 'key');
}

/** The first line of the entry of `list` whose `id` is `id`. */
function entryLine(source: YamlSource, list: string, id: string): SourceRef | undefined {
  const entries = isObject(source.value) ? (source.value as Record<string, unknown>)[list] : [];
  if (!Array.isArray(entries)) return undefined;
  const index = entries.findIndex((entry) => isObject(entry) && entry.id === id);
  return index < 0 ? undefined : at(source, [list, index]);
}

/** The index in the file of the engine's `index`-th FAQ entry. */
function faqIndex(
  value: unknown,
  index: number,
  numbered: SourceLinesOptions['faq'],
): number | undefined {
  const entries = isObject(value) ? (value as { questions?: unknown }).questions : undefined;
  if (!Array.isArray(entries)) return undefined;
  if (!numbered)
    return Number.isInteger(index) && index >= 0 && index < entries.length ? index : undefined;
  const question = numbered[index]?.question;
  if (question === undefined) return undefined;
  // Entries with the same question are matched in order.
  const earlier = numbered.slice(0, index).filter((entry) => entry.question === question).length;
  const matches = entries.flatMap((entry, at) =>
    isObject(entry) && entry.question === question ? [at] : [],
  );
  return matches[earlier];
}

/** `bounty.offered` → `['bounty', 'offered']`; digits index a list (`rules.0`). */
function fieldPath(field: string): ValuePath {
  return field.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function at(source: YamlSource, path: ValuePath, target: 'key' | 'value' = 'value'): SourceRef {
  return { file: source.file, line: path.length === 0 ? 1 : source.locate(path, target).line };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
