/**
 * The placeholders a document body may use, `{{ name }}`, each with what it is filled
 * with. Pure data: the loader reports unknown names, the renderer fills known ones.
 */
export const placeholders = {
  'org.name': 'Product or company name (trust-center.yaml `name`).',
  'org.legalName': 'Registered legal entity (trust-center.yaml `legalName`).',
  'org.address':
    'Registered address (trust-center.yaml `address`, else the importer address in processing.yaml).',
  'org.website': 'Main website.',
  'org.trustCenterUrl': 'Public address of the trust center (`url`, else `website`).',
  'org.contacts.security': 'Security contact.',
  'org.contacts.privacy': 'Privacy contact (falls back to the security contact).',
  'org.contacts.legal': 'Legal contact (falls back to privacy, then security).',
  'subprocessors.noticeDays':
    'Days of notice before a new subprocessor starts (subprocessors.yaml `noticeDays`; not stated when it is left out).',
  'subprocessors.count': 'Number of subprocessors currently processing data.',
  'processing.subjectMatter': 'Subject matter of the processing (processing.yaml).',
  'processing.duration': 'Duration of the processing.',
  'processing.retention': 'Retention of personal data.',
  'processing.frequency': 'Frequency of transfers.',
  'processing.supervisoryAuthority': 'Competent supervisory authority.',
  'processing.dpo': 'Data protection officer (falls back to the privacy contact).',
  'disclosure.contact': 'Where vulnerability reports go (disclosure.yaml email, else url).',
  'document.title': "The document's title (front matter).",
  'document.version': "The document's version (front matter).",
  'document.updated': 'When the document last changed (front matter).',
  'snapshot.publishedDate': 'Date (YYYY-MM-DD) of the snapshot the PDF is generated from.',
  'snapshot.hash': 'First 12 characters of the snapshot content hash.',
} as const;

export type PlaceholderName = keyof typeof placeholders;

/** Names of every known placeholder. */
export const placeholderNames = Object.keys(placeholders) as PlaceholderName[];

export function isPlaceholderName(name: string): name is PlaceholderName {
  return Object.hasOwn(placeholders, name);
}

/** One `{{ … }}` in a text: the name inside, where the braces start (0-based offset, 1-based line and column). */
export interface PlaceholderUse {
  name: string;
  offset: number;
  length: number;
  line: number;
  column: number;
}

/**
 * `{{`, a dotted name, `}}`. Anything else in double braces (`{{7*7}}`, `{{ }}`) is not a
 * placeholder and prints as written.
 */
const pattern = /\{\{\s*([A-Za-z][\w.-]*)\s*\}\}/g;

/** Every `{{ name }}` in `text`, in order, with its position. */
export function findPlaceholders(text: string): PlaceholderUse[] {
  const uses: PlaceholderUse[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const match of text.matchAll(pattern)) {
    const offset = match.index;
    for (let index = scanned; index < offset; index++) {
      if (text.charCodeAt(index) === 10) {
        line++;
        lineStart = index + 1;
      }
    }
    scanned = offset;
    uses.push({
      name: match[1] ?? '',
      offset,
      length: match[0].length,
      line,
      column: offset - lineStart + 1,
    });
  }
  return uses;
}
