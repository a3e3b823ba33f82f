import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScalar, parseDocument, visit } from 'yaml';
import { loadConcepts } from '../../language/concepts/concepts.ts';
import { crosswalkConcepts, crosswalkFiles, loadCrosswalks } from './crosswalks.ts';
import { CrosswalkError, parseCrosswalk } from './parse-crosswalk.ts';

const conceptIds = new Set(loadConcepts().concepts.keys());

/** The problems a crosswalk text has, as the error message lists them. */
function problemsOf(text: string): string {
  try {
    parseCrosswalk('caiq-v4.yaml', text, conceptIds);
  } catch (error) {
    if (error instanceof CrosswalkError) return error.message;
    throw error;
  }
  return 'no problem';
}

const conceptsOf = (id: string) => crosswalkConcepts(id)?.concepts ?? [];

describe('the bundled crosswalks', () => {
  it('load, and name only concepts of the vocabulary', () => {
    const crosswalks = loadCrosswalks();
    expect([...crosswalks.keys()].sort()).toEqual(['caiq-v4', 'hecvat', 'sig-lite']);
    for (const crosswalk of crosswalks.values())
      for (const [key, concepts] of crosswalk.entries)
        for (const concept of concepts)
          expect(conceptIds.has(concept), `${key}: ${concept}`).toBe(true);
  });

  it('cover every CCM v4 control and domain', () => {
    const keys = [...(loadCrosswalks().get('caiq-v4')?.entries.keys() ?? [])];
    expect(keys.filter((key) => key.includes('-'))).toHaveLength(197);
    expect(keys.filter((key) => !key.includes('-'))).toHaveLength(17);
  });

  it('hold ids and concept ids, never sentences pasted from a questionnaire', () => {
    for (const file of crosswalkFiles) {
      const long: string[] = [];
      visit(parseDocument(readFileSync(file, 'utf8')), {
        Scalar(_, node) {
          if (isScalar(node) && String(node.value).length > 80) long.push(String(node.value));
        },
      });
      expect(long, basename(file)).toEqual([]);
    }
  });
});

describe('crosswalkConcepts', () => {
  it('resolves a CAIQ v4 question through its control', () => {
    expect(crosswalkConcepts('CEK-03.1')).toMatchObject({
      questionnaire: 'caiq-v4',
      id: 'CEK-03.1',
      matched: 'CEK-03',
    });
    expect(conceptsOf('CEK-03.1')).toContain('encryption-at-rest');
    expect(conceptsOf('IAM-14.2')).toContain('mfa');
    expect(conceptsOf('TVM-06.1')).toContain('penetration-testing');
    expect(conceptsOf('TVM-07.1')).toContain('vulnerability-management');
    expect(conceptsOf('DSP-19.1')).toContain('data-residency');
    expect(conceptsOf('A&A-02.1')).toContain('external-audit');
  });

  it('falls back to the domain when the control is not listed', () => {
    expect(crosswalkConcepts('TVM-42.1')).toMatchObject({
      matched: 'TVM',
      concepts: ['vulnerability-management'],
    });
    expect(crosswalkConcepts('D.2.1')).toMatchObject({ questionnaire: 'sig-lite', matched: 'D' });
    expect(crosswalkConcepts('HIPA-99')).toMatchObject({ matched: 'HIPA', concepts: ['hipaa'] });
  });

  it('reads ids written loosely', () => {
    for (const written of [
      'cek-03.1',
      ' CEK - 03.1 ',
      'CEK–03.1',
      'CEK‑3.1',
      'CEK 03.1',
      'CEK-03.01.',
    ])
      expect(crosswalkConcepts(written)?.id, written).toBe('CEK-03.1');
    expect(crosswalkConcepts('A & A-2.1')?.matched).toBe('A&A-02');
    expect(crosswalkConcepts('appl-1')?.id).toBe('APPL-01');
  });

  it('maps HECVAT ids', () => {
    expect(crosswalkConcepts('APPL-11')).toMatchObject({
      questionnaire: 'hecvat',
      concepts: ['secure-coding-training'],
    });
    expect(conceptsOf('DATA-03')).toContain('encryption-at-rest');
    expect(conceptsOf('DATA-02')).toContain('encryption-in-transit');
    expect(conceptsOf('AAAI-17')).toContain('mfa');
    expect(conceptsOf('VULN-04')).toContain('penetration-testing');
    expect(conceptsOf('HFIH-01')).toContain('incident-response-plan');
    expect(conceptsOf('BCPL-04')).toContain('business-continuity');
    expect(conceptsOf('ITAC-08')).toContain('accessibility');
  });

  it('leaves plain numbers, bare prefixes and unknown prefixes unmapped', () => {
    for (const id of [
      undefined,
      '',
      '1',
      '12',
      '2.3',
      '1.2.3',
      'CEK',
      'D',
      'XYZ-01',
      'QQQQ-01',
      'GNRL-01',
      'Z.1',
    ])
      expect(crosswalkConcepts(id), String(id)).toBeUndefined();
  });
});

describe('parseCrosswalk', () => {
  it('names the line and column of an unknown concept, with a suggestion', () => {
    const text = `questionnaire: caiq-v4
crosswalk:
  CEK: [encryption]
  CEK-03: [encryption, encryption-at-rst]
  IAM-14: [mfa, mfa]
`;
    expect(problemsOf(text)).toMatchInlineSnapshot(`
      "a questionnaire crosswalk is invalid:
      caiq-v4.yaml:4:24: "CEK-03" names unknown concept "encryption-at-rst" (did you mean "encryption-at-rest"?)
      caiq-v4.yaml:5:17: "IAM-14" lists concept "mfa" twice (remove the repeated concept)"
    `);
  });

  it('rejects keys that are not ids of the questionnaire', () => {
    const text = `questionnaire: caiq-v4
crosswalk:
  cek-03: [encryption]
  APPL-01: [sso]
`;
    expect(problemsOf(text)).toMatchInlineSnapshot(`
      "a questionnaire crosswalk is invalid:
      caiq-v4.yaml:3:3: "cek-03" is not a caiq-v4 question id (write a domain prefix like "CEK" or a control id like "CEK-03", in capitals)
      caiq-v4.yaml:4:3: "APPL-01" is not a caiq-v4 question id (write a domain prefix like "CEK" or a control id like "CEK-03", in capitals)"
    `);
  });

  it('reports a misshapen file at its line', () => {
    expect(problemsOf('questionnaire: caiq-v5\ncrosswalk:\n  CEK: []\n')).toMatchInlineSnapshot(`
      "a questionnaire crosswalk is invalid:
      caiq-v4.yaml:1:16: questionnaire "caiq-v5" is not allowed (did you mean "caiq-v4"?)
      caiq-v4.yaml:3:8: crosswalk.CEK a list is invalid: list at least one concept id"
    `);
    expect(
      problemsOf('questionnaire: caiq-v4\ncrosswalk:\n  CEK: [encryption\n'),
    ).toMatchInlineSnapshot(`
      "a questionnaire crosswalk is invalid:
      caiq-v4.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ] (fix the YAML syntax here; indentation and unclosed brackets are the usual causes)"
    `);
  });
});
