import type { Diagnostic } from '../../source/diagnostic.ts';
import { closest } from '../../source/suggest.ts';
import type { ValuePath } from '../../source/yaml-source.ts';
import { diagnosticAt, type Loaded, type Rule } from './context.ts';

function unknownReference(
  loaded: Loaded<unknown>,
  path: ValuePath,
  code: 'provider-unknown' | 'document-unknown' | 'control-unknown',
  id: string,
  known: readonly string[],
  where: string,
  create: string,
): Diagnostic {
  const guess = closest(id, known);
  return diagnosticAt(loaded, path, code, `"${id}" is not ${where}`, {
    hint: guess
      ? `did you mean "${guess}"?`
      : `${create}${known.length ? `, or use one of: ${known.join(', ')}` : ''}`,
  });
}

/** Providers, documents and controls named anywhere must exist. */
export const checkReferences: Rule = ({
  controls,
  subprocessors,
  present,
  faq,
  certifications,
}) => {
  const diagnostics: Diagnostic[] = [];
  // Without a valid subprocessors.yaml every provider would look unknown: skip those checks.
  const providers = subprocessors?.value.subprocessors.map((entry) => entry.id);
  const documentIds = present.documents;
  const controlIds = present.controls;
  const providerWhere = 'a subprocessor in policies/subprocessors.yaml';
  const documentWhere = 'a document in policies/documents/';

  for (const loaded of controls) {
    for (const [index, item] of loaded.value.evidence.entries()) {
      if ('inherited' in item && providers && !providers.includes(item.inherited.provider)) {
        diagnostics.push(
          unknownReference(
            loaded,
            ['evidence', index, 'inherited', 'provider'],
            'provider-unknown',
            item.inherited.provider,
            providers,
            providerWhere,
            `add an entry with id: ${item.inherited.provider} to policies/subprocessors.yaml`,
          ),
        );
      }
      const document = 'attestation' in item ? item.attestation.document : undefined;
      if (document !== undefined && !documentIds.includes(document)) {
        diagnostics.push(
          unknownReference(
            loaded,
            ['evidence', index, 'attestation', 'document'],
            'document-unknown',
            document,
            documentIds,
            documentWhere,
            `create policies/documents/${document}.md`,
          ),
        );
      }
    }
  }
  for (const [index, entry] of (faq?.value.questions ?? []).entries()) {
    for (const [position, id] of entry.controls.entries()) {
      if (faq && !controlIds.includes(id)) {
        diagnostics.push(
          unknownReference(
            faq,
            ['questions', index, 'controls', position],
            'control-unknown',
            id,
            controlIds,
            'a control in controls/',
            `create controls/${id}.yaml`,
          ),
        );
      }
    }
  }
  for (const [index, certification] of (certifications?.value.certifications ?? []).entries()) {
    if (!certifications) break;
    if (
      certification.status === 'certified' &&
      certification.report !== undefined &&
      !documentIds.includes(certification.report)
    ) {
      diagnostics.push(
        unknownReference(
          certifications,
          ['certifications', index, 'report'],
          'document-unknown',
          certification.report,
          documentIds,
          documentWhere,
          `create policies/documents/${certification.report}.md`,
        ),
      );
    }
    if (certification.status === 'inherited' && providers) {
      for (const [position, provider] of certification.providers.entries()) {
        if (!providers.includes(provider)) {
          diagnostics.push(
            unknownReference(
              certifications,
              ['certifications', index, 'providers', position],
              'provider-unknown',
              provider,
              providers,
              providerWhere,
              `add an entry with id: ${provider} to policies/subprocessors.yaml`,
            ),
          );
        }
      }
    }
  }
  return diagnostics;
};
