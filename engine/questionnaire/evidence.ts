/**
 * Every statement the organisation's files make, as evidence an answer can rest on:
 * controls (claim, details, answers), certifications, subprocessors, the disclosure
 * policy, the processing description (DPA Annex I) and the trust-center profile. Each
 * piece knows the concepts and scopes it speaks of, whether it holds (a claim that can
 * be made today) and where a buyer can read it. Built once per snapshot. Pure.
 */

import type { Snapshot, SnapshotControl } from '../evaluate/snapshot.ts';
import type { ScopeId } from '../language/concepts/concept-schema.ts';
import { conceptsOf, loadConcepts } from '../language/concepts/concepts.ts';
import { en } from '../language/i18n/en.ts';
import { hardNegationPattern, negationPattern, tokenise } from '../language/text.ts';
import { type Duration, formatDuration } from '../schema/common.ts';
import type { SourceKey, SourceLocator } from './source-locator.ts';
import type { Citation, SourceKind } from './types.ts';

/**
 * What a piece of evidence allows an answer to say: `holds` supports "yes"; `not-yet`
 * (planned, in progress) and `not-held` support "no"; `not-applicable` supports "N/A";
 * `blocked` (failing, unverified, withheld) supports nothing.
 */
export type Standing = 'holds' | 'not-yet' | 'not-held' | 'not-applicable' | 'blocked';

/** One statement of the organisation's files. */
export interface Evidence {
  source: Exclude<SourceKind, 'framework' | 'crosswalk' | 'none' | 'control-answer' | 'faq'>;
  /** Groups the sentences of one control or one file section (residual words are looked up in the whole group). */
  group: string;
  /** Plain text of the statement. */
  text: string;
  /** Concepts of the statement, with the concepts of its heading and all broader concepts. */
  concepts: Set<string>;
  /** Concepts of the heading alone (and declared topics), with broader ones: what the group is about. */
  subject: Set<string>;
  /** The same, without broader concepts. */
  subjectExact: Set<string>;
  /** Concepts the statement names in its own words. */
  own: Set<string>;
  scopes: Set<ScopeId>;
  /** Whose systems it is about: a provider's (inherited, subprocessors), the organisation's own, or not said. */
  owner: 'own' | 'provider' | 'either';
  /** Whether the statement's main clause rules something out ("never", "no", "not"). */
  denies: boolean;
  /** Whether it is a control's claim (its one-sentence promise) or a whole file statement. */
  primary: boolean;
  /** Concepts named in a clause that rules them out ("…; SMS is not offered"). */
  deniedConcepts: Set<string>;
  /** Concepts named in a clause that does not. */
  assertedConcepts: Set<string>;
  standing: Standing;
  /** Why a blocked statement cannot be used. */
  reason: string | undefined;
  controls: string[];
  citations: Citation[];
}

/** All evidence of an organisation, and the words of each group. */
export interface EvidenceBase {
  items: Evidence[];
  /** Tokens of every statement of a group that does not rule anything out (title included). */
  groupTokens: Map<string, Set<string>>;
  /** Tokens said only in the group's statements that rule something out ("SMS codes are not offered"). */
  deniedTokens: Map<string, Set<string>>;
  /** Text of every statement of a group, joined. */
  groupText: Map<string, string>;
  /** Every token any statement or any concept term uses: words outside it cannot be checked. */
  known: Set<string>;
}

let broaderOf: Map<string, string[]> | undefined;

/** A concept with every concept it is a kind of. */
export function withBroader(ids: Iterable<string>): Set<string> {
  if (!broaderOf) {
    broaderOf = new Map();
    for (const [id, entry] of loadConcepts().concepts) broaderOf.set(id, entry.broader ?? []);
  }
  const out = new Set<string>();
  const visit = (id: string) => {
    if (out.has(id)) return;
    out.add(id);
    for (const parent of broaderOf?.get(id) ?? []) visit(parent);
  };
  for (const id of ids) visit(id);
  return out;
}

/** Splits prose (markdown allowed) into plain sentences. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/\n\s*(?:[-*+]\s+|(?=\|))|\n{2,}/)
    .map((block) => block.replace(/\|/g, ' ').replace(/\s-{3,}\s/g, ' '))
    .flatMap((block) => plain(block).split(/(?<=[.!?;])\s+(?=[A-Z(])/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 3);
}

/** Plain text of markdown: no emphasis, links or list marks. */
export function plain(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>]/g, '')
    .replace(/^\s*[-+]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The first clause of a sentence: what it says before "and", "but" or a comma. "An independent
 * firm tests the app every year, and no critical finding remains open" is not a denial.
 */
function mainClause(text: string): string {
  return text.split(/[,;:]|\b(?:and|but|while|whereas)\b/i)[0] ?? text;
}

/** The concepts of each clause of a sentence, split by whether the clause rules them out. */
function clauseConcepts(
  text: string,
  prose: boolean,
): { deniedConcepts: Set<string>; assertedConcepts: Set<string> } {
  const deniedConcepts = new Set<string>();
  const assertedConcepts = new Set<string>();
  // "ISO/IEC 27001: not held by us": a short label before a colon is the subject of what follows.
  const label = /^([^:]{1,60}):\s*(.+)$/s.exec(text);
  const labelled = label?.[1] && label[2] && label[1].trim().split(/\s+/).length <= 6;
  const clauses = (labelled ? (label[2] as string) : text).split(
    /[,;:]|\b(?:and|but|while|whereas)\b/i,
  );
  if (labelled) clauses[0] = `${label[1]} ${clauses[0] ?? ''}`;
  for (const clause of clauses) {
    const named = withBroader(conceptsOf(clause).concepts);
    const target = prose && hardNegationPattern.test(clause) ? deniedConcepts : assertedConcepts;
    for (const id of named) target.add(id);
  }
  return { deniedConcepts, assertedConcepts };
}

/** Text that records the absence of a statement rather than making one. */
const placeholder =
  /\b(?:not (?:stated|specified|disclosed|documented|published) (?:on|in|by)\b|placeholder|\bTBD\b|to be (?:confirmed|determined))/i;

/** Check types and the concepts a passing check of that type proves something about. */
const checkConcepts: Record<string, string[]> = {
  tls: ['encryption-in-transit', 'tls-certificates'],
  headers: ['security-headers'],
  dns: ['dns'],
  'email-auth': ['email-authentication'],
  http: [],
};

function standingOf(control: SnapshotControl): { standing: Standing; reason?: string } {
  if (control.withheld)
    return { standing: 'blocked', reason: `withheld (${control.withheld.reason})` };
  switch (control.status) {
    case 'verified':
    case 'attested':
    case 'inherited':
      return { standing: 'holds' };
    case 'in-progress':
    case 'planned':
      return { standing: 'not-yet' };
    case 'not-applicable':
      return { standing: 'not-applicable' };
    default:
      return { standing: 'blocked', reason: `${control.status}: ${control.reason}` };
  }
}

/** Builds the evidence base of a snapshot. */
export function evidenceOf(
  snapshot: Snapshot,
  baseUrl: string,
  locate: SourceLocator,
): EvidenceBase {
  const items: Evidence[] = [];
  const cite = (
    kind: Citation['kind'],
    id: string,
    url: string,
    key: SourceKey,
    version?: number,
  ): Citation => {
    const at = locate(key);
    return { kind, id, version, url, file: at?.file, line: at?.line };
  };
  const add = (
    base: Omit<
      Evidence,
      | 'concepts'
      | 'scopes'
      | 'denies'
      | 'subject'
      | 'owner'
      | 'subjectExact'
      | 'own'
      | 'deniedConcepts'
      | 'assertedConcepts'
      | 'primary'
    > & {
      primary?: boolean;
      owner?: Evidence['owner'];
      heading: string;
      extra?: string[];
      scopes?: ScopeId[];
    },
  ) => {
    // "Not stated on the security page" says nothing: it is neither a claim nor a denial.
    if (placeholder.test(base.text) && base.source !== 'subprocessors') return;
    const heading = conceptsOf(base.heading);
    const prose = base.source === 'control' || base.source === 'processing';
    const own = conceptsOf(base.text);
    const subject = withBroader([...heading.concepts, ...(base.extra ?? [])]);
    items.push({
      source: base.source,
      group: base.group,
      text: base.text,
      concepts: withBroader([...subject, ...own.concepts, ...own.asides]),
      subject,
      subjectExact: new Set([...heading.concepts, ...(base.extra ?? [])]),
      own: new Set(own.concepts),
      scopes: new Set([
        ...(base.scopes ?? []),
        ...heading.scopes,
        ...own.scopes,
        // Privileged and production access is the workforce's.
        ...(own.concepts.includes('privileged-access') ||
        heading.concepts.includes('privileged-access')
          ? (['staff'] as const)
          : []),
      ]),
      owner: base.owner ?? 'either',
      // Prose (controls, the processing description) can rule things out; lists say what they list.
      primary: base.primary ?? base.source !== 'control',
      denies: prose && hardNegationPattern.test(mainClause(base.text)),
      ...clauseConcepts(base.text, prose),
      standing: base.standing,
      reason: base.reason,
      controls: base.controls,
      citations: base.citations,
    });
  };

  /** Adds statements of one policy file, each citing its field (`bounty.offered`, `retention`…). */
  const addFacts = (
    kind: 'disclosure' | 'processing' | 'profile',
    page: string,
    heading: (extra: readonly string[]) => string,
    facts: ReadonlyArray<[text: string, field: string, extra: string[], standing?: Standing]>,
  ) => {
    for (const [text, field, extra, standing = 'holds'] of facts)
      add({
        source: kind,
        group: `${kind}:${field}`,
        text,
        heading: heading(extra),
        extra,
        standing,
        reason: undefined,
        controls: [],
        citations: [cite(kind, field, `${baseUrl}${page}`, { kind, field })],
      });
  };

  for (const control of snapshot.controls) {
    const { standing, reason } = standingOf(control);
    const citation = cite(
      'control',
      control.id,
      `${baseUrl}/controls/${control.id}/`,
      { kind: 'control', id: control.id },
      control.version,
    );
    const extra = [
      ...(control.topics ?? []),
      ...control.evidence.flatMap((item) =>
        'check' in item ? (checkConcepts[item.check] ?? []) : [],
      ),
    ];
    // A control's `answers` questions speak for themselves; its prose speaks under its title.
    // An answer's comment speaks under its question ("Through SSO with 2FA" answers a
    // question about staff reaching production, not about customers' sign-in).
    const texts = (
      [
        [control.claim, true, control.title],
        ...sentencesOf(control.details ?? '').map((text): [string, boolean, string] => [
          text,
          true,
          control.title,
        ]),
        ...control.answers
          .filter((entry) => entry.answer === 'yes')
          .flatMap(
            (entry): Array<[string, boolean, string]> => [
              [entry.question, false, entry.question],
              [entry.comment ?? '', false, entry.question],
            ],
          ),
      ] as Array<[string, boolean, string]>
    ).filter(([text]) => Boolean(text));
    for (const [text, titled, heading] of texts)
      add({
        primary: text === control.claim,
        source: 'control',
        group: `control:${control.id}`,
        text: plain(text),
        heading,
        extra: titled ? extra : [],
        scopes: control.status === 'inherited' ? ['provider'] : [],
        owner: control.status === 'inherited' ? 'provider' : 'either',
        standing,
        reason,
        controls: [control.id],
        citations: [citation],
      });
  }

  for (const certification of snapshot.certifications) {
    const citation = cite('certification', certification.id, `${baseUrl}/#compliance`, {
      kind: 'certification',
      id: certification.id,
    });
    const status = certification.effectiveStatus;
    const standing: Standing =
      status === 'certified' || status === 'inherited'
        ? 'holds'
        : status === 'in-progress'
          ? 'not-yet'
          : status === 'not-held' || status === 'lapsed'
            ? 'not-held'
            : 'blocked';
    const text = certificationSentence(certification);
    add({
      source: 'certification',
      group: `certification:${certification.id}`,
      text,
      heading: `${certification.name} ${certification.id.replace(/-/g, ' ')}`,
      extra: ['certifications'],
      scopes: status === 'inherited' ? ['provider'] : ['own'],
      owner: status === 'inherited' ? 'provider' : 'own',
      standing,
      reason: standing === 'blocked' ? 'self-assessed, without an external audit' : undefined,
      controls: [],
      citations: [citation],
    });
  }

  for (const certification of snapshot.certifications) {
    const note = certification.note ? plain(certification.note) : '';
    // Only a sentence that says the organisation itself does not hold it ("… is not ISO 27001
    // certified"), not any negation ("card data never reaches us").
    const denial = sentencesOf(note).find(
      (sentence) =>
        negationPattern.test(sentence) &&
        /\b(?:certifi\w*|compliant|complian\w+|audited|attest\w*|report)\b/i.test(sentence),
    );
    if (certification.effectiveStatus !== 'inherited' || !denial) continue;
    add({
      source: 'certification',
      group: `certification:${certification.id}:own`,
      text: denial,
      heading: `${certification.name} ${certification.id.replace(/-/g, ' ')}`,
      extra: ['certifications'],
      scopes: ['own'],
      owner: 'own',
      standing: 'not-held',
      reason: undefined,
      controls: [],
      citations: [
        cite('certification', certification.id, `${baseUrl}/#compliance`, {
          kind: 'certification',
          id: certification.id,
        }),
      ],
    });
  }

  const current = snapshot.subprocessors.entries.filter((entry) => entry.state !== 'past');
  const listCitation = cite('subprocessors', 'subprocessors', `${baseUrl}/subprocessors/`, {
    kind: 'subprocessors',
  });
  if (current.length > 0) {
    add({
      source: 'subprocessors',
      group: 'subprocessors',
      text: `Subprocessors (purpose; where): ${current.map((entry) => subprocessorPhrase(entry, 60, 200)).join('; ')}.`,
      heading: 'subprocessors',
      scopes: ['provider'],
      owner: 'provider',
      standing: 'holds',
      reason: undefined,
      controls: [],
      citations: [listCitation],
    });
    for (const entry of current)
      add({
        source: 'subprocessors',
        group: `subprocessor:${entry.id}`,
        text: subprocessorPhrase(entry),
        heading: 'subprocessor',
        scopes: ['provider'],
        owner: 'provider',
        standing: 'holds',
        reason: undefined,
        controls: [],
        citations: [
          cite('subprocessors', entry.id, `${baseUrl}/subprocessors/`, {
            kind: 'subprocessor',
            id: entry.id,
          }),
        ],
      });
  }
  if (snapshot.subprocessors.noticeDays !== undefined)
    add({
      source: 'subprocessors',
      group: 'subprocessor-notice',
      text: `Customers are notified in advance, at least ${snapshot.subprocessors.noticeDays} days before a new or replaced subprocessor starts, and can object.`,
      heading: 'subprocessor change notice',
      extra: ['subprocessors'],
      standing: 'holds',
      reason: undefined,
      controls: [],
      citations: [listCitation],
    });

  const disclosure = snapshot.disclosure;
  if (disclosure) {
    const channel = [disclosure.contact.email, disclosure.contact.url].filter(Boolean).join(' or ');
    const facts: Array<[string, string, string[], Standing]> = [
      [
        `Security researchers can report vulnerabilities to ${channel} under a published vulnerability disclosure policy${disclosure.policyUrl ? ` (${disclosure.policyUrl})` : ''}, with a security.txt file.`,
        'contact',
        ['vulnerability-disclosure'],
        'holds',
      ],
    ];
    if (disclosure.safeHarbour)
      facts.push([
        `Good-faith security research is covered by a safe harbour. ${sentencesOf(disclosure.safeHarbour)[0] ?? ''}`,
        'safeHarbour',
        ['vulnerability-disclosure'],
        'holds',
      ]);
    const fix = disclosure.sla?.fix;
    const fixes = fix
      ? (['critical', 'high', 'medium', 'low'] as const)
          .filter((level) => fix[level])
          .map((level) => `${level} within ${formatDuration(fix[level] as Duration)}`)
      : [];
    if (fixes.length > 0)
      facts.push([
        `Vulnerability remediation timelines: ${fixes.join(', ')}.`,
        'sla.fix',
        ['vulnerability-management', 'patch-management'],
        'holds',
      ]);
    if (disclosure.sla?.acknowledge)
      facts.push([
        `Vulnerability reports are acknowledged within ${formatDuration(disclosure.sla.acknowledge)}${disclosure.sla.triage ? ` and triaged within ${formatDuration(disclosure.sla.triage)}` : ''}.`,
        'sla.acknowledge',
        ['vulnerability-disclosure'],
        'holds',
      ]);
    if (disclosure.bounty)
      facts.push([
        disclosure.bounty.offered
          ? `A paid bug bounty is offered. ${disclosure.bounty.details ?? ''}`.trim()
          : `No paid bug bounty is run. ${disclosure.bounty.details ?? ''}`.trim(),
        'bounty.offered',
        ['bug-bounty'],
        disclosure.bounty.offered ? 'holds' : 'not-held',
      ]);
    addFacts(
      'disclosure',
      '/disclosure/',
      (extra) => (extra.includes('bug-bounty') ? 'bug bounty' : 'vulnerability disclosure'),
      facts,
    );
  }

  const processing = snapshot.processing;
  if (processing) {
    const facts: Array<[string, string, string[], Standing?]> = [
      [
        `Retention: ${plain(processing.retention)}`,
        'retention',
        ['data-retention', 'data-deletion'],
      ],
      [
        `Personal data processed: ${processing.dataCategories.join('; ')}.`,
        'dataCategories',
        ['personal-data-categories'],
      ],
    ];
    // The schema makes every organisation say true or false; a bare false is a required field
    // filled in, not a statement. It rules the data out when its safeguards speak of it.
    const sensitive = processing.sensitiveData;
    const saysSo = conceptsOf(sensitive.safeguards ?? '').concepts.includes(
      'special-category-data',
    );
    if (sensitive.processed || saysSo)
      facts.push([
        sensitive.processed
          ? `Special categories of personal data are processed.${sensitive.safeguards ? ` ${plain(sensitive.safeguards)}` : ''}`
          : `Special categories of personal data are not processed.${sensitive.safeguards ? ` ${plain(sensitive.safeguards)}` : ''}`,
        'sensitiveData',
        ['special-category-data'],
        sensitive.processed ? 'holds' : 'not-applicable',
      ]);
    if (processing.dpo)
      facts.push([
        `Data protection officer or privacy contact: ${processing.dpo}.`,
        'dpo',
        ['privacy-contact'],
      ]);
    if (processing.supervisoryAuthority)
      facts.push([
        `Lead supervisory authority under the GDPR: ${plain(processing.supervisoryAuthority)}.`,
        'supervisoryAuthority',
        ['supervisory-authority'],
      ]);
    for (const transfer of processing.transfers ?? [])
      facts.push([plain(transfer), 'transfers', ['cross-border-transfers']]);
    // The processing description is the DPA's annex, not a promise to sign one: offering a DPA
    // is a control's to declare.
    addFacts('processing', '/documents/', () => 'processing', facts);
  }

  const contacts = snapshot.organisation.contacts;
  const profile = snapshot.organisation;
  const profileFacts: Array<[string, string, string[]]> = [
    [
      `Legal entity: ${profile.legalName}${profile.address ? `, ${profile.address}` : ''}.`,
      profile.address ? 'address' : 'legalName',
      ['company-information'],
    ],
    ...(contacts.privacy
      ? [
          [
            `Privacy and data protection contact: ${contacts.privacy}.`,
            'contacts.privacy',
            ['privacy-contact'],
          ] as [string, string, string[]],
        ]
      : []),
  ];
  addFacts('profile', '/', () => 'contact', profileFacts);

  const groupTokens = new Map<string, Set<string>>();
  const deniedTokens = new Map<string, Set<string>>();
  const groupText = new Map<string, string>();
  for (const item of items) {
    // Words of the clauses that rule something out are denied; the rest of the sentence is said.
    const clauses = item.denies
      ? item.text.split(/[,;:()]|\b(?:and|but|while|whereas)\b/i)
      : [item.text];
    for (const clause of clauses) {
      const target = item.denies && negationPattern.test(clause) ? deniedTokens : groupTokens;
      const tokens = target.get(item.group) ?? new Set<string>();
      for (const token of tokenise(clause)) tokens.add(token);
      target.set(item.group, tokens);
    }
    if (!groupTokens.has(item.group)) groupTokens.set(item.group, new Set());
    groupText.set(item.group, `${groupText.get(item.group) ?? ''} ${item.text}`.trim());
  }
  for (const control of snapshot.controls) {
    const tokens = groupTokens.get(`control:${control.id}`);
    if (tokens) for (const token of tokenise(control.title)) tokens.add(token);
  }
  const known = new Set<string>();
  for (const tokens of groupTokens.values()) for (const token of tokens) known.add(token);
  const vocabulary = loadConcepts();
  for (const entry of [...vocabulary.conceptTerms, ...vocabulary.scopeTerms])
    for (const term of entry.terms) for (const token of tokenise(term.join(' '))) known.add(token);
  for (const [group, tokens] of deniedTokens) {
    for (const token of tokenise(
      snapshot.controls.find((c) => `control:${c.id}` === group)?.title ?? '',
    ))
      tokens.delete(token);
    const said = groupTokens.get(group);
    for (const token of tokens) if (said?.has(token)) tokens.delete(token);
  }
  return { items, groupTokens, deniedTokens, groupText, known };
}

function subprocessorPhrase(
  entry: Snapshot['subprocessors']['entries'][number],
  limit = 400,
  locationLimit = limit,
): string {
  const cut = (text: string, most = limit) =>
    text.length <= most ? text : `${text.slice(0, most).replace(/[\s,;(]+\S*$/, '')}…`;
  const purpose = cut(firstClause(plain(entry.purpose).replace(/\.$/, '')));
  // Where a provider keeps the data is the fact buyers ask for: it is cut far later.
  const location = entry.location ? `; ${cut(plain(entry.location), locationLimit)}` : '';
  const held =
    limit >= 400 && entry.certifications?.length
      ? `; holds ${entry.certifications.join(', ')}`
      : '';
  // A short id that the name does not spell out is how people call it ("AWS").
  const alias =
    /^[a-z0-9]{2,6}$/.test(entry.id) && !entry.name.toLowerCase().includes(entry.id)
      ? ` (${entry.id.toUpperCase()})`
      : '';
  const mechanism = entry.transferMechanism;
  const transfer =
    mechanism === 'sccs' || mechanism === 'adequacy' || mechanism === 'dpf' || mechanism === 'bcr'
      ? `; transfers under ${en.transfer[mechanism]}`
      : '';
  const starts =
    entry.state === 'upcoming' && 'effective' in entry && entry.effective
      ? `; from ${entry.effective}`
      : '';
  return `${entry.name}${alias} (${purpose}${location}${transfer}${held}${starts})`;
}

/** A text up to its first comma or semicolon, when that leaves enough to read. */
function firstClause(text: string): string {
  const cut = text.search(/[,;]\s/);
  return cut > 20 ? text.slice(0, cut) : text;
}

function certificationSentence(certification: Snapshot['certifications'][number]): string {
  const note = certification.note ? ` ${plain(certification.note)}` : '';
  switch (certification.effectiveStatus) {
    case 'certified': {
      // Who issued it, until when and what it covers are what buyers ask next.
      const auditor =
        'auditor' in certification && certification.auditor
          ? `, issued by ${certification.auditor}`
          : '';
      const until =
        'validUntil' in certification ? `, valid until ${certification.validUntil}` : '';
      const since =
        'validFrom' in certification && certification.validFrom
          ? ` (issued ${certification.validFrom})`
          : '';
      const scope =
        'scope' in certification && certification.scope
          ? ` Scope: ${plain(certification.scope)}`
          : '';
      return `${certification.name}: certified${auditor}${until}${since}.${scope}${note}`;
    }
    case 'inherited':
      return `${certification.name}: held by ${certification.providerNames.join(', ')} (inherited, not held by the organisation itself).${note}`;
    case 'in-progress':
      return `${certification.name}: in progress, not held yet${'target' in certification && certification.target ? ` (target ${certification.target})` : ''}.${note}`;
    case 'lapsed':
      return `${certification.name}: lapsed.${note}`;
    case 'not-held':
      return `${certification.name}: not held.${note}`;
    default:
      return `${certification.name}: self-assessed, without an external audit.${note}`;
  }
}
