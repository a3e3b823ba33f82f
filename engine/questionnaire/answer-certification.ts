import type { SnapshotCertification } from '../evaluate/snapshot.ts';
import { shorten } from './answer-support.ts';
import type { Knowledge } from './knowledge.ts';
import type { Answer, Citation } from './types.ts';

const certificationAsk =
  /\b(certifi|report|audit|attest|complian|accredit|hold|held|have|has|obtain|achiev|sign)/;
const providerScope =
  /\b((hosting|cloud|infrastructure|payment|payments) (provider|processor)|hosting|hosted|data ?cent|aws|azure|gcp|subprocessor)/;
/** A question about the work towards a certification, not about holding it. */
const progressAsk =
  /\b(in progress|under ?way|working towards|pursuing|planned|planning|roadmap|intend)/;

function citeCertification(knowledge: Knowledge, certification: SnapshotCertification): Citation {
  return {
    kind: 'certification',
    id: certification.id,
    version: undefined,
    url: `${knowledge.baseUrl}/#compliance`,
  };
}

/** Answers a question about holding a certification from `certifications.yaml`. */
export function byCertification(knowledge: Knowledge, text: string): Answer | undefined {
  const lower = text.toLowerCase();
  if (!certificationAsk.test(lower) || progressAsk.test(lower)) return undefined;
  const tokens = new Set(knowledge.tokenise(text));
  const frameworkTokens = ['soc2', 'iso27001', 'pcidss', 'hipaa', 'gdpr', 'ccpa', 'type2'];
  const asked = frameworkTokens.filter((token) => tokens.has(token));
  if (asked.length === 0) return undefined;
  const certification = knowledge.snapshot.certifications.find((entry) => {
    const own = new Set(knowledge.tokenise(`${entry.name} ${entry.id.replace(/-/g, ' ')}`));
    return asked.every((token) => own.has(token));
  });
  if (!certification) return undefined;
  const citations = [citeCertification(knowledge, certification)];
  const note = certification.note ? ` ${shorten(certification.note, 220)}` : '';
  const answer = (value: Answer['answer'], explanation: string, confidence = 0.9): Answer => ({
    answer: value,
    explanation,
    citations,
    confidence,
    source: 'certification',
    needsReview: value === 'blank',
  });
  switch (certification.effectiveStatus) {
    case 'certified':
      return answer(
        'yes',
        `${certification.name}: certified until ${'validUntil' in certification ? certification.validUntil : 'the end of the period'}.${note}`,
      );
    case 'lapsed':
      return answer('no', `${certification.name}: the certification has lapsed.${note}`);
    case 'in-progress':
      return answer(
        'no',
        `${certification.name}: in progress, not held yet${'target' in certification && certification.target ? ` (target ${certification.target})` : ''}.${note}`,
      );
    case 'not-held':
      return answer('no', `${certification.name}: not held.${note}`);
    case 'inherited':
      return providerScope.test(lower)
        ? answer(
            'yes',
            `${certification.name} is held by ${certification.providerNames.join(', ')}.${note}`,
            0.85,
          )
        : answer(
            'blank',
            `${certification.name} is held by ${certification.providerNames.join(', ')}, not by the organisation itself.${note}`,
            0.4,
          );
    default:
      return answer(
        'blank',
        `${certification.name}: self-assessed, without an external audit.${note}`,
        0.4,
      );
  }
}
