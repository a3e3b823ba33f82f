import type { Snapshot } from '../../evaluate/snapshot.ts';
import type { DocumentFrontMatter } from '../../schema/index.ts';
import { defaultDpaId, defaultDpaMeta } from './default-dpa.ts';

/**
 * The documents a prospect can request through the gated flow: the organisation's gated
 * documents, and the DPA generated from default terms when it has no `dpa` document of its
 * own (that one is always gated, so the organisation decides whether to send it).
 */
export function requestableDocuments(snapshot: Snapshot): DocumentFrontMatter[] {
  const gated: DocumentFrontMatter[] = snapshot.documents.filter(
    (document) => document.visibility === 'gated',
  );
  if (snapshot.documents.some((document) => document.id === defaultDpaId)) return gated;
  return [
    ...gated,
    {
      ...defaultDpaMeta(snapshot),
      draft: snapshot.organisation.draft?.note,
      description:
        'Standard GDPR Article 28 terms, with annexes on processing, security measures and subprocessors generated from this trust center.',
    },
  ];
}
