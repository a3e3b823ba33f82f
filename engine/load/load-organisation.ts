import type { z } from 'zod';
import {
  type Access,
  type Certifications,
  type Control,
  type Disclosure,
  type DocumentFrontMatter,
  type Faq,
  type FileKind,
  fileFormats,
  type Policy,
  type Processing,
  policy as policySchema,
  type Subprocessors,
  subprocessors as subprocessorsSchema,
  type TrustCenter,
} from '../schema/index.ts';
import {
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
  sortDiagnostics,
} from '../source/diagnostic.ts';
import { parseYamlSource, type YamlSource } from '../source/yaml-source.ts';
import { issuesToDiagnostics } from '../source/zod-issues.ts';
import { loadAccessRules } from './access-rules.ts';
import { classifyPath, fileStem } from './classify.ts';
import { splitFrontMatter } from './front-matter.ts';
import type { Organisation, OrganisationDocument } from './model.ts';
import { checkTargets } from './rules/check-target-rules.ts';
import type { Loaded, Rule, RuleContext } from './rules/context.ts';
import { checkControlEvidence, checkControlIdentity } from './rules/control-rules.ts';
import { checkDocumentPlaceholders } from './rules/document-placeholders.ts';
import { checkKnowledgeContradictions } from './rules/knowledge-contradictions.ts';
import {
  checkDates,
  checkLogoFile,
  checkOrganisationIds,
  checkSubprocessorChanges,
} from './rules/organisation-rules.ts';
import { checkReferences } from './rules/reference-rules.ts';
import { checkControlTopics } from './rules/topic-rules.ts';
import { checkTranslationLanguages } from './rules/translation-rules.ts';

/** One file of an organisation: its path relative to the organisation directory, and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

export interface LoadOptions {
  /** Today's date (YYYY-MM-DD) for expiry rules; defaults to the current UTC date. */
  today?: string;
  /**
   * The image files under policies/ (paths relative to it, e.g. `brand/logo.svg`), when the
   * caller can list them: a logo that names none of them is reported.
   */
  images?: readonly string[];
}

export interface LoadResult {
  /** The organisation, or undefined when its profile (trust-center.yaml) is missing or invalid. */
  model: Organisation | undefined;
  /** Every problem found, sorted by file and position. */
  diagnostics: Diagnostic[];
}

/** Files larger than this are refused rather than parsed; no organisation file comes close. */
export const maxFileCharacters = 1_000_000;

const rules: Rule[] = [
  checkControlIdentity,
  checkControlEvidence,
  checkReferences,
  checkTargets,
  checkOrganisationIds,
  checkLogoFile,
  checkSubprocessorChanges,
  checkDates,
  checkDocumentPlaceholders,
  checkKnowledgeContradictions,
  checkControlTopics,
  checkTranslationLanguages,
];

function fileDiagnostic(
  file: string,
  code: DiagnosticCode,
  message: string,
  hint: string,
  severity: Severity = 'error',
): Diagnostic {
  return { file, line: 1, column: 1, code, severity, message, hint };
}

/** Refuses text that cannot be an organisation file before any parser sees it. */
function screen(file: string, text: string): Diagnostic | undefined {
  if (text.length > maxFileCharacters) {
    return fileDiagnostic(
      file,
      'file-too-large',
      `file is ${(text.length / 1_000_000).toFixed(1)} MB; the limit is ${maxFileCharacters / 1_000_000} MB`,
      'split it up: one control per file, documents under policies/documents/',
    );
  }
  if (text.includes('\u0000') || text.includes('\uFFFD')) {
    return fileDiagnostic(
      file,
      'file-binary',
      'file is binary or not valid UTF-8',
      'save it as UTF-8 text',
    );
  }
  return undefined;
}

/** Parses YAML and validates it against a schema; returns the typed value or diagnostics. */
function parseWith<T>(
  source: YamlSource,
  schema: z.ZodType<T>,
  diagnostics: Diagnostic[],
  emptyOk: boolean,
): T | undefined {
  diagnostics.push(...source.diagnostics);
  if (source.diagnostics.length > 0) return undefined;
  let value = source.value;
  if (value === null || value === undefined) {
    if (!emptyOk) {
      diagnostics.push(
        fileDiagnostic(source.file, 'file-empty', 'file is empty', 'fill it in, or delete it'),
      );
      return undefined;
    }
    value = {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push({
      file: source.file,
      ...source.locate([]),
      code: 'yaml-not-mapping',
      severity: 'error',
      message: `expected a mapping of keys to values, found ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`,
      hint: 'the file must be a set of key: value lines',
    });
    return undefined;
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  diagnostics.push(...issuesToDiagnostics(source, schema, result.error.issues, value));
  return undefined;
}

/**
 * Turns the files of one organisation into a typed model, reporting every problem —
 * syntax, schema and cross-file — in one pass. Pure: reads nothing but its arguments.
 */
export function loadOrganisation(
  files: readonly SourceFile[],
  options: LoadOptions = {},
): LoadResult {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const diagnostics: Diagnostic[] = [];
  const single: Partial<Record<FileKind, Loaded<unknown>>> = {};
  const controls: Loaded<Control>[] = [];
  const documents: Array<Loaded<DocumentFrontMatter> & { body: string; bodyLine: number }> = [];
  let controlFiles = 0;
  const data = new Map<string, string>();

  for (const { path, text } of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const kind = classifyPath(path);
    if (kind === 'ignored') continue;
    if (kind === 'data') {
      data.set(path, text);
      continue;
    }
    if (kind === 'control') controlFiles++;
    if (kind === 'unknown-policy') {
      diagnostics.push(
        fileDiagnostic(
          path,
          'file-unknown',
          'Attest does not read this file',
          'policy files are trust-center, subprocessors, certifications, disclosure, policy, processing, faq and access (.yaml)',
          'warning',
        ),
      );
      continue;
    }
    const refused = screen(path, text);
    if (refused) {
      diagnostics.push(refused);
      continue;
    }
    if (kind === 'document') {
      const split = splitFrontMatter(text);
      if (split.yaml === undefined) {
        diagnostics.push(
          fileDiagnostic(
            path,
            'front-matter-missing',
            'document has no front matter',
            'start the file with --- , then id, title, version, visibility and updated, then ---',
          ),
        );
        continue;
      }
      const source = parseYamlSource(path, split.yaml, 1);
      const value = parseWith(source, fileFormats.document.schema, diagnostics, false);
      if (value) documents.push({ source, value, body: split.body, bodyLine: split.bodyLine });
      continue;
    }
    const source = parseYamlSource(path, text);
    const value = parseWith(
      source,
      fileFormats[kind].schema as z.ZodType,
      diagnostics,
      kind !== 'control' && kind !== 'trust-center',
    );
    if (value === undefined) continue;
    if (kind === 'control') controls.push({ source, value: value as Control });
    else single[kind] = { source, value };
  }

  const seen = new Set(files.map((file) => classifyPath(file.path)));
  if (!seen.has('trust-center')) {
    diagnostics.push(
      fileDiagnostic(
        'policies/trust-center.yaml',
        'organisation-missing-file',
        'the organisation has no policies/trust-center.yaml',
        'create it with name, legalName, website, intro, contacts and categories',
      ),
    );
  }
  if (!seen.has('disclosure')) {
    diagnostics.push(
      fileDiagnostic(
        'policies/disclosure.yaml',
        'organisation-missing-file',
        'no disclosure policy: security.txt and the disclosure page cannot be published',
        'create policies/disclosure.yaml',
        'warning',
      ),
    );
  }
  if (controlFiles === 0) {
    diagnostics.push(
      fileDiagnostic(
        'controls/',
        'organisation-no-controls',
        'the organisation has no controls',
        'add one YAML file per control under controls/',
      ),
    );
  }

  const context: RuleContext = {
    controls,
    profile: single['trust-center'] as Loaded<TrustCenter> | undefined,
    subprocessors: single.subprocessors as Loaded<Subprocessors> | undefined,
    certifications: single.certifications as Loaded<Certifications> | undefined,
    disclosure: single.disclosure as Loaded<Disclosure> | undefined,
    faq: single.faq as Loaded<Faq> | undefined,
    documents,
    present: {
      controls: files
        .filter((file) => classifyPath(file.path) === 'control')
        .map((file) => fileStem(file.path)),
      documents: files
        .filter((file) => classifyPath(file.path) === 'document')
        .map((file) => fileStem(file.path)),
    },
    today,
    images: options.images,
  };
  for (const rule of rules) diagnostics.push(...rule(context));
  const access = single.access ? loadAccessRules(single.access as Loaded<Access>, data) : undefined;
  if (access) diagnostics.push(...access.diagnostics);

  const model = buildModel(context, single, documents);
  return {
    model: model && access ? { ...model, access: access.policy } : model,
    diagnostics: sortDiagnostics(diagnostics),
  };
}

function buildModel(
  context: RuleContext,
  single: Partial<Record<FileKind, Loaded<unknown>>>,
  documents: Array<Loaded<DocumentFrontMatter> & { body: string; bodyLine: number }>,
): Organisation | undefined {
  if (!context.profile) return undefined;
  const orgDocuments: OrganisationDocument[] = documents.map(
    ({ source, value, body, bodyLine }) => ({
      meta: value,
      body,
      file: source.file,
      bodyLine,
    }),
  );
  return {
    profile: context.profile.value,
    controls: context.controls.map((loaded) => loaded.value),
    subprocessors: context.subprocessors?.value ?? subprocessorsSchema.parse({}),
    certifications: context.certifications?.value.certifications ?? [],
    disclosure: context.disclosure?.value,
    policy: (single.policy?.value as Policy | undefined) ?? policySchema.parse({}),
    processing: single.processing?.value as Processing | undefined,
    faq: context.faq?.value.questions ?? [],
    documents: orgDocuments,
    controlSources: Object.fromEntries(
      context.controls.map(({ source, value }) => [
        value.id,
        {
          file: source.file,
          evidence: value.evidence.map((_, index) => source.locate(['evidence', index])),
        },
      ]),
    ),
  };
}
