/**
 * Answers a question from the organisation's statements by concept and scope: every
 * concept the question asks about must be supported by a statement that holds, about the
 * same people and systems, saying the qualifiers the question adds (a frequency, a
 * standard, an independent party). "No" needs a statement about the same subject and
 * scope that says it is not held, not yet done, or ruled out. Pure.
 */

import { conceptsOf, loadConcepts } from '../language/concepts/concepts.ts';
import {
  denyingTokens,
  hardNegationPattern,
  normalise,
  oneSlip,
  tokenise,
} from '../language/text.ts';
import { blank, shorten } from './answer-support.ts';
import { type Evidence, withBroader } from './evidence.ts';
import type { Knowledge } from './knowledge.ts';
import { frequencyRank, isUmbrella, type QuestionShape, shapeOf } from './question-shape.ts';
import type { Answer, Citation, SourceKind } from './types.ts';

/** What one concept of a question found. */
export interface Finding {
  concept: string;
  /** Statements that hold and support the concept, best first, with their score. */
  holds: Array<{ item: Evidence; score: number }>;
  /** Statements that say the concept is not held or not yet in place. */
  lacks: Evidence[];
  /** Statements that hold and rule the concept out ("we operate no data centres"). */
  denies: Evidence[];
  /** Statements that would support it but cannot be used (failing, withheld…). */
  blocked: Evidence[];
}

/** Whether a statement is about the people and systems the question asks about. */
/** An ask whose subject is the customers: "Can customers …", "Are your clients able to …". */
const customerActor =
  /^(?:can|may|could|do|does|will|are|is)\s+(?:the\s+|your\s+|our\s+)?(?:customers?|clients?|tenants?|end[- ]users?)\b(?!\s+(?:data|information|content|records|files)\b)/i;

function scopeFits(shape: QuestionShape, item: Evidence): boolean {
  const asks = new Set(shape.scopes);
  if (asks.has('provider') && !asks.has('own')) {
    // Whose certificate it is, is declared; the words of its note do not change it.
    if (item.source === 'certification' && item.owner !== 'provider') return false;
    if (item.owner !== 'provider' && !item.scopes.has('provider')) return false;
  } else if (asks.has('own')) {
    if (item.owner === 'provider') return false;
  } else if (
    item.owner === 'provider' &&
    (item.source === 'certification' ||
      item.subject.has('certifications') ||
      isCertification(shape))
  )
    return false;
  const staff = item.scopes.has('staff');
  const customers = item.scopes.has('customers');
  // When the customers are the ones who act ("Can customers run their own tests?"), only a
  // statement about what customers can do answers it, not what the organisation does.
  if (customerActor.test(shape.ask) && !customers) return false;
  // Sign-in and access controls exist for both staff and customers: a question about staff
  // needs a statement that says it is about staff.
  if (
    asks.has('staff') &&
    !asks.has('customers') &&
    !staff &&
    shape.concepts.some((id) => {
      const up = withBroader([id]);
      return up.has('authentication') || up.has('access-control');
    })
  )
    return false;
  // …and a question that names no one asks about the product its customers sign in to:
  // a statement only about staff ("production sign-in requires SSO") does not answer it.
  if (
    !asks.has('staff') &&
    staff &&
    !customers &&
    shape.concepts.some((id) => {
      const up = withBroader([id]);
      return up.has('authentication');
    })
  )
    return false;
  if (asks.has('staff') && !asks.has('customers') && customers && !staff) return false;
  if (asks.has('customers') && !asks.has('staff') && staff && !customers) return false;
  return true;
}

/** Whether a question asks about holding a certification or audit report. */
function isCertification(shape: QuestionShape): boolean {
  return shape.concepts.some((id) => withBroader([id]).has('certifications'));
}

/** Whether a statement gives a schedule, and a slower one than the question asks for. */
function slowerThanAsked(shape: QuestionShape, text: string): boolean {
  if (shape.frequency === undefined) return false;
  const rank = frequencyRank(text);
  return rank !== undefined && rank < shape.frequency;
}

/** Whether a text says each of the given words. */
function saysEveryWord(words: readonly string[], text: string): boolean {
  const tokens = new Set(tokenise(text));
  return words.every((token) => saysWord(tokens, token));
}

/** Share of the question's other words (at least one) that a statement itself says. */
function saysResidual(shape: QuestionShape, text: string): boolean {
  if (shape.residual.length === 0) return false;
  const tokens = new Set(tokenise(text));
  const found = shape.residual.filter((token) => tokens.has(token)).length;
  return found >= Math.max(1, Math.ceil(shape.residual.length / 2));
}

/**
 * How well a statement's group says the question's own words beyond its concepts: 1 when
 * it says them all; undefined when it misses a qualifier, the asked frequency, or more
 * words than a long question may leave out (one in three).
 */
function wordingScore(
  knowledge: Knowledge,
  shape: QuestionShape,
  item: Evidence,
  concept: string,
): number | undefined {
  const tokens = knowledge.evidence.groupTokens.get(item.group) ?? new Set<string>();
  if (shape.qualifiers.some((token) => !saysQualifier(tokens, token))) return undefined;
  // "Required" or "enforced" is more than "available": the statements must say it too.
  if (
    enforcement.test(shape.ask) &&
    !enforcement.test(knowledge.evidence.groupText.get(item.group) ?? '')
  )
    return undefined;
  // "Will the notice tell us how many people are affected?": the count must be spoken of.
  if (
    shape.kind === 'yes-no' &&
    /\b(?:how many|number of|count of)\b/i.test(shape.ask) &&
    !/\b(?:how many|numbers?|count|counts|approximate|approximately|volume)\b/i.test(
      knowledge.evidence.groupText.get(item.group) ?? '',
    )
  )
    return undefined;
  // "Is it open to customers on every plan?": a statement that limits it to some plans or
  // customers ("enterprise customers can …", "Business and Enterprise workspaces") does not say so.
  if (
    everyPlan.test(shape.ask) &&
    somePlans.test(knowledge.evidence.groupText.get(item.group) ?? item.text)
  )
    return undefined;
  // "Within an hour", "for at least a year": a statement that gives a time says it when its
  // time is within the bound ("30 minutes", "13 months"), and promises less otherwise.
  const bound = askedBound(shape.ask);
  const given = bound ? durationsOf(item.text) : [];
  if (bound && given.length > 0) {
    // A ceiling is met by the shortest time given; a floor ("kept at least a year") by the longest.
    const met = bound.floor ? Math.max(...given) >= bound.hours : Math.min(...given) <= bound.hours;
    if (!met) return undefined;
  }
  if (shape.frequency !== undefined) {
    // The schedule must be said in the statement itself, not elsewhere in its control.
    const rank = frequencyRank(item.text);
    if (rank === undefined || rank < shape.frequency) return undefined;
  }
  const within =
    bound && given.length > 0
      ? { ...shape, residual: shape.residual.filter((token) => !bound.tokens.includes(token)) }
      : shape;
  return residualScore(knowledge, within, item, concept);
}

/**
 * Share of the question's other words that a statement's group says; undefined when more
 * are missing than a question of that length may leave out (one in three).
 */
function residualScore(
  knowledge: Knowledge,
  shape: QuestionShape,
  item: Evidence,
  concept: string,
): number | undefined {
  const tokens = knowledge.evidence.groupTokens.get(item.group) ?? new Set<string>();
  if (shape.residual.length === 0) return 1;
  const found = shape.residual.filter((token) => saysWord(tokens, token)).length;
  // A word that no statement and no concept uses is one the organisation never speaks of:
  // one such word may be missing from a statement that names the concept itself.
  const unknown = shape.residual.filter(
    (token) =>
      !saysWord(tokens, token) &&
      !knowledge.evidence.known.has(token) &&
      // A name the question writes ("China", "Azure") is never filler.
      !shape.names.includes(token),
  ).length;
  const missing =
    shape.residual.length -
    found -
    (unknown > 0 && (item.own.has(concept) || item.subjectExact.has(concept)) ? 1 : 0);
  // A statement that names the concept only through its heading must say every word.
  // A free-text answer quotes what the statements say rather than vouching for every word:
  // it may leave out half of them.
  const quoted = shape.kind === 'free-text' || shape.kind === 'choice';
  const slack =
    item.own.has(concept) || item.source !== 'control'
      ? Math.floor(shape.residual.length / (quoted ? 2 : 3))
      : 0;
  if (missing > slack) return undefined;
  return found / shape.residual.length;
}

/**
 * Whether a group says a word, allowing one slip of the keyboard in a long word (a letter
 * missing, extra, wrong or two swapped: "subscibe", "encrpyted"), as buyers type.
 */
function saysWord(tokens: ReadonlySet<string>, token: string): boolean {
  if (tokens.has(token)) return true;
  if (token.length < 6) return false;
  for (const said of tokens)
    if (Math.abs(said.length - token.length) <= 1 && said.length >= 6 && oneSlip(said, token))
      return true;
  return false;
}

/** A question about every plan, tier or customer. */
const everyPlan =
  /\b(?:every|all|any|each)\s+(?:of\s+(?:the|your)\s+)?(?:plans?|tiers?|editions?|subscriptions?|pricing|packages?|customers?|accounts?)\b|\bregardless of (?:the\s+)?(?:plan|tier|edition|subscription)\b|\bnot only (?:on|for|in) (?:the )?(?:enterprise|premium|business|paid)\b/i;

/** A statement that limits something to some plans or customers. */
const somePlans =
  /\b(?:enterprise|business|premium|professional|pro|paid|higher|top|team|scale|growth)(?:\s+and\s+\w+)?\s+(?:plans?|tiers?|editions?|customers?|contracts?|workspaces?|accounts?|subscriptions?)\b|\bonly (?:on|for|in|with) (?:the\s+)?(?:\w+\s+)?(?:plans?|tiers?|editions?)\b|\b(?:available|offered) (?:on|for) (?:request|an? add-?on)\b/i;

/** A question about complying with a law, standard or framework. */
const complianceAsk = /\b(?:comply|complies|compliant|compliance|conform\w*|adhere\w*)\b/i;

/** Words that make something compulsory rather than available. */
const enforcement = /\b(?:requir\w*|enforc\w*|mandator\w*|mandate\w*|compulsory|forced?|must)\b/i;

/** Words that say the same qualifier: an independent, external or third-party tester. */
const qualifierClasses = [['independ', 'external', 'extern', 'third', 'outsid'], ['accredit']];

function saysQualifier(tokens: ReadonlySet<string>, token: string): boolean {
  const same = qualifierClasses.find((members) =>
    members.some((member) => token.startsWith(member)),
  );
  if (!same) return tokens.has(token);
  return [...tokens].some((said) => same.some((member) => said.startsWith(member)));
}

/** A word of the question that the group says only where it rules something out. */
function contradictionOf(
  knowledge: Knowledge,
  shape: QuestionShape,
  item: Evidence,
): Evidence | undefined {
  const denied = knowledge.evidence.deniedTokens.get(item.group);
  if (!denied || denied.size === 0) return undefined;
  const word = [...shape.residual, ...shape.qualifiers].find((token) => denied.has(token));
  if (!word) return undefined;
  return knowledge.evidence.items.find(
    (other) => other.group === item.group && other.denies && tokenise(other.text).includes(word),
  );
}

/** Why a statement was passed over, for `traceFindings`. */
type Reject = (item: Evidence, reason: string) => void;

/** What each concept of a question found, and why the other statements were passed over (for debugging). */
export function traceFindings(
  knowledge: Knowledge,
  shape: QuestionShape,
  reject: Reject,
): Finding[] {
  return shape.concepts.map((concept) => findingOf(knowledge, shape, concept, reject));
}

/** A clause that says something is not offered, supported or done ("SCIM is not supported"). */
const notOffered =
  /\b(?:not|never|no longer)\s+(?:yet\s+)?(?:be\s+)?(?:offered|supported|available|provided|used|done|performed|in place|held|allowed|permitted|possible|enabled|signed|run)\b|\b(?:has|have|hold|holds|keep|keeps|get|gets)\s+no\b|\bnever\s+(?:holds?|keeps?|stores?|receives?|sees?|reach(?:es)?)\b|\b(?:do|does|will|can)\s*(?:not|n't)\s+(?:offer|support|provide|use|allow|permit|hold|run|perform|have|sign|sell|share|store|keep|accept)\b/i;

/** Whether a statement rules the concept out: the clause that names it is negated. */
function deniesConcept(item: Evidence, concept: string): boolean {
  if (item.deniedConcepts.has(concept)) return true;
  if (item.assertedConcepts.has(concept)) return false;
  return item.denies;
}

function findingOf(
  knowledge: Knowledge,
  shape: QuestionShape,
  concept: string,
  reject: Reject = () => {},
): Finding {
  const finding: Finding = { concept, holds: [], lacks: [], denies: [], blocked: [] };
  // Holding a certification is said in the certifications (or by a subprocessor), not by a control.
  const certification = withBroader([concept]).has('certifications');
  // The group about the concept gives a slower schedule than the question asks.
  let slowerAtHome = false;
  for (const item of knowledge.evidence.items) {
    if (!item.concepts.has(concept)) continue;
    if (!scopeFits(shape, item)) {
      reject(item, 'scope');
      continue;
    }
    if (certification && item.source === 'control') continue;
    // The statement speaks of the concept in its own words, or its heading is about it.
    const about =
      item.own.has(concept) || item.subject.has(concept) || withBroader(item.own).has(concept);
    if (!about) {
      reject(item, 'not about it');
      continue;
    }
    // "Do you comply with the GDPR?": a statement that mentions the law in passing (breach
    // deadlines "in scope of the GDPR") is not a claim of compliance; one about it is.
    if (
      complianceAsk.test(shape.ask) &&
      !item.subjectExact.has(concept) &&
      item.source !== 'certification'
    ) {
      reject(item, 'mentions the framework in passing');
      continue;
    }
    switch (item.standing) {
      case 'holds': {
        if (deniesConcept(item, concept)) {
          // A statement that rules out what the question asks, in the question's own words —
          // or, when the question says nothing beyond its concepts, a clause that names the
          // concept and denies it ("SCIM is not supported").
          if (
            saysResidual(shape, item.text) ||
            (shape.residual.length === 0 &&
              item.deniedConcepts.has(concept) &&
              notOffered.test(item.text))
          )
            finding.denies.push(item);
          else reject(item, 'denies, in other words');
          continue;
        }
        const contradiction = contradictionOf(knowledge, shape, item);
        if (contradiction) {
          // It answers "no" only when the denying sentence speaks of the concept itself.
          if (contradiction.own.has(concept) && !finding.denies.includes(contradiction))
            finding.denies.push(contradiction);
          reject(item, `contradicted by: ${contradiction.text}`);
          continue;
        }
        // A detail sentence vouches only for what it names itself; the claim speaks for its title.
        // A description may quote the details of a control about the concept itself.
        const quotes =
          (shape.kind === 'free-text' || shape.kind === 'choice') && item.subjectExact.has(concept);
        if (
          !quotes &&
          !item.primary &&
          !item.own.has(concept) &&
          !withBroader(item.own).has(concept)
        ) {
          reject(item, 'a detail that does not name it');
          continue;
        }
        const wording = wordingScore(knowledge, shape, item, concept);
        if (item.subjectExact.has(concept) && slowerThanAsked(shape, item.text))
          slowerAtHome = true;
        if (wording === undefined) {
          reject(item, 'wording');
          continue;
        }
        // Among a control's sentences, the one that says most of the question's words comes first.
        const said = new Set(tokenise(item.text));
        const inSentence =
          shape.residual.length === 0
            ? 1
            : shape.residual.filter((token) => said.has(token)).length / shape.residual.length;
        const score =
          (item.subjectExact.has(concept) ? 1 : item.own.has(concept) ? 0.9 : 0.8) *
            (0.6 + wording * 0.4) +
          0.05 * inSentence +
          // …and one that names the concept itself before one that only sits under its heading.
          (withBroader(item.own).has(concept) ? 0.04 : 0);
        finding.holds.push({ item, score });
        break;
      }
      case 'not-yet':
      case 'not-held':
        // A certification not held answers for its broader name too ("SOC 2" when SOC 2
        // Type II is in progress); a control only for what its heading is about.
        // and it says "no" only to a question about having it ("Does your SOC 2 report note
        // exceptions?" is not answered by "SOC 2 is in progress").
        // An umbrella is never lacking: a SOC 2 in progress is not "no certifications".
        if (
          !isUmbrella(concept) &&
          (item.subjectExact.has(concept) ||
            (certification &&
              item.source === 'certification' &&
              item.subject.has(concept) &&
              !isUmbrella(concept))) &&
          (item.source !== 'certification' ||
            residualScore(knowledge, shape, item, concept) !== undefined)
        )
          finding.lacks.push(item);
        break;
      case 'blocked':
        finding.blocked.push(item);
        break;
      default:
        break;
    }
  }
  // What a group is about outweighs a mention elsewhere: a planned "SCIM provisioning"
  // control is not overruled by another control that names SCIM in passing.
  // Likewise its schedule: "at least once a year" in the penetration-testing control is not
  // overruled by a test suite elsewhere that "runs on every deployment".
  if (
    (finding.lacks.length > 0 || slowerAtHome) &&
    !finding.holds.some((entry) => entry.item.subjectExact.has(concept))
  )
    finding.holds = [];
  finding.holds.sort((a, b) => b.score - a.score);
  return finding;
}

function citationsOf(items: readonly Evidence[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const item of items)
    for (const citation of item.citations) {
      const key = `${citation.kind}:${citation.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(citation);
    }
  return out;
}

function sourceOf(items: readonly Evidence[]): SourceKind {
  return items[0]?.source ?? 'none';
}

/** A question about the work towards something, not about having it. */
const progressAsk =
  /\b(?:in progress|under ?way|working towards?|pursuing|planned|planning|on (?:the|your) roadmap|intend|going to)\b/i;

/** Words a statement must contain to deny each negative cue by itself. */
const legacyTls =
  /\bTLS\s?v?1\.[23]\s*(?:\+|(?:or|and) (?:newer|higher|later|above)|(?:is )?(?:the )?minimum)|\bminimum (?:of |version )?TLS\s?v?1\.[23]|\bonly TLS\s?v?1\.3|\b(?:disabl\w*|reject\w*|refus\w*|not (?:accept|support|allow)\w*) (?:\w+ ){0,4}(?:TLS\s?v?1\.[01]|SSL)/i;

function deniesCue(knowledge: Knowledge, cue: string, items: readonly Evidence[]): boolean {
  return items.some((item) => {
    const text = knowledge.evidence.groupText.get(item.group) ?? item.text;
    if (cue === 'legacytls') return legacyTls.test(text);
    if (cue === 'standingaccess')
      return /\b(?:no(?:body| one)?\b[^.]{0,30}\bstanding access|just[- ]in[- ]time|temporary (?:access|grants?)|time[- ](?:bound|limited)|expires? after|break[- ]glass)/i.test(
        text,
      );
    if (cue === 'carddata')
      return /\b(?:never|not|no)\b[^.]{0,80}\b(?:card|payment) (?:data|details|numbers?)|\b(?:card|payment) (?:data|details|numbers?)\b[^.]{0,80}\b(?:never|not)\b/i.test(
        text,
      );
    if (cue === 'staffpower')
      // The restriction must be said of people, in a sentence of its own.
      return text
        .split(/(?<=[.;])\s+/)
        .some(
          (sentence) =>
            /\b(?:no (?:one|person|engineer|employee|staff|individual|human)|nobody|cannot|can't|never|only (?:through|via|by|after|to|the|with|when|if)|not (?:able|possible|allowed|permitted))\b/i.test(
              sentence,
            ) &&
            /\b(?:staff|employees?|engineers?|people|person|personnel|nobody|no one|humans?|individuals?|administrators?|admins?|operators?|developers?|roles?)\b/i.test(
              sentence,
            ),
        );
    if (cue === 'testdata')
      return /\b(?:synthetic|anonymi[sz]ed|masked|fictitious|dummy|generated test|seed) data\b|\b(?:never|not|no)\b[^.]{0,60}\b(?:customer|production|real|live) data\b[^.]{0,40}\b(?:test|development|staging|non-production)/i.test(
        text,
      );
    if (cue === 'mutable')
      return /\b(?:immutable|tamper[- ](?:proof|evident)|append[- ]only|write[- ]once|cannot be (?:altered|modified|changed|edited|deleted))/i.test(
        text,
      );
    const tokens = knowledge.evidence.groupTokens.get(item.group) ?? new Set();
    return (denyingTokens[cue] ?? []).some((token) => tokens.has(token));
  });
}

/**
 * The cues of a question: its negative words, weak protocols ("still accept TLS 1.0"),
 * records that could be changed ("can logs be altered?") and customer data put to other uses.
 */
function cuesOf(shape: QuestionShape): string[] {
  const cues = [...shape.cues];
  if (/\b(?:TLS\s?v?1\.[01]|SSL\s?v?[23]|SSL\b)/i.test(shape.ask)) cues.push('legacytls');
  if (
    /\b(?:can|could|may|is it possible)\b[^?]*\bbe (?:altered|modified|tampered|edited|deleted|removed|changed|overwritten|erased)\b/i.test(
      shape.ask,
    ) ||
    // "audit logs that administrators can modify or delete"
    /\b(?:that|which)\s+(?:\w+\s+){0,3}(?:can|could|may|are able to)\s+(?:modify|alter|edit|delete|change|overwrite|erase|tamper with|remove)\b/i.test(
      shape.ask,
    ) ||
    // "Once an entry is written to the audit log, can anyone edit or delete it?"
    (shape.concepts.some((id) => withBroader([id]).has('logging')) &&
      /\b(?:can|could|may|is (?:anyone|anybody|someone) able to)\s+(?:anyone|anybody|someone|staff|admins?|administrators?|users?|owners?|engineers?|you|we)\b[^?]{0,80}\b(?:edit|modify|alter|delete|change|overwrite|erase|tamper with|remove)\b/i.test(
        shape.ask,
      ))
  )
    cues.push('mutable');
  if (
    /\b(?:standing|always[- ]on|permanent|persistent|unrestricted)\W+(?:\w+\W+)?access\b/i.test(
      shape.ask,
    ) ||
    // "Do developers have write access to production databases?"
    /\b(?:write|direct|root|unrestricted|admin(?:istrative)?|superuser)\s+access\s+to\s+(?:the\s+|your\s+)?(?:live\s+)?production\b/i.test(
      shape.ask,
    )
  )
    cues.push('standingaccess');
  // "Do you use customer data for testing?": real data where it should not be.
  if (
    /\b(?:customer|production|real|live|personal)\s+data\b[^?]{0,60}\b(?:test(?:ing)?|development|dev|staging|non-production|qa|demo)\b|\b(?:test(?:ing)?|development|staging|non-production|qa)\s+(?:\w+\s+){0,3}(?:with|using|on|from)\s+(?:real|live|production|customer)\s+data\b/i.test(
      shape.ask,
    )
  )
    cues.push('testdata');
  // (A question about what a subprocessor does with cards is not an admission of one's own.)
  if (
    !(shape.scopes.includes('provider') && !shape.scopes.includes('own')) &&
    /\b(?:store|process|transmit|handle|see|receive|keep)\w*\b[^?]{0,60}\b(?:card(?:holder)? (?:data|numbers?|details)|credit cards?|payment cards?|PANs?)\b/i.test(
      shape.ask,
    )
  )
    cues.push('carddata');
  // "Can your engineers decrypt / push to production / see our data?": a power the
  // organisation's own people would hold; "yes" would admit it.
  if (
    shape.scopes.includes('staff') &&
    /\b(?:can|could|may|are|is)\b[^?]{0,60}\b(?:able to |possible (?:for \w+ )?to )?(?:decrypt|see|view|read|export|download|push|deploy|bypass|disable|alter|modify|delete|use)\b/i.test(
      shape.ask,
    ) &&
    !/\b(?:only|when|after|with (?:the|a|our|your) (?:customer'?s? )?(?:permission|consent|approval))\b/i.test(
      shape.ask,
    )
  )
    cues.push('staffpower');
  if (
    shape.concepts.includes('secondary-use') ||
    (shape.concepts.includes('ai-usage') && /\btrain/i.test(shape.ask))
  )
    cues.push('secondaryuse');
  return cues;
}

/**
 * The sentence a description is composed of: for each concept, the best statement of each of
 * the (at most three) best controls or files, so that a description draws on every source
 * that says something (a hosting control and the subprocessor list) rather than on three
 * sentences of one. Questions kept as evidence (a control's `answers`) are left out.
 */
function compose(
  findings: readonly Finding[],
  ask?: string,
): { statement: string; items: Evidence[] } {
  const items: Evidence[] = [];
  const pairs: Evidence[][] = [];
  const withClaims = ask !== undefined;
  for (const finding of findings) {
    const top = finding.holds[0]?.score ?? 0;
    const groups = new Set<string>();
    for (const best of finding.holds) {
      if (best.score < top - 0.2 || best.item.text.trim().endsWith('?')) continue;
      if (groups.has(best.item.group)) continue;
      groups.add(best.item.group);
      // Within a control, the sentence that gives the fact asked for ("which firm … and when").
      const entry =
        ask === undefined || answersAsk(ask, best.item.text)
          ? best
          : (finding.holds.find(
              (other) =>
                other.item.group === best.item.group &&
                !other.item.text.trim().endsWith('?') &&
                answersAsk(ask, other.item.text),
            ) ?? best);
      // A detail is read after its control's claim, which carries the commitment itself.
      const claim =
        withClaims &&
        finding.holds.find(
          (other) =>
            other.item.group === entry.item.group &&
            other.item !== entry.item &&
            other.item.primary &&
            other.item.source === 'control' &&
            !other.item.text.trim().endsWith('?'),
        );
      pairs.push(claim ? [claim.item, entry.item] : [entry.item]);
      if (groups.size === 3) break;
    }
  }
  // When some sources give the fact asked for (a place, a time, a person), the others are left out.
  const answering = pairs.filter(
    (pair) => ask !== undefined && pair.some((item) => answersAsk(ask, item.text)),
  );
  // Controls speak first; a whole list (subprocessors, data categories) is read after them.
  const chosen = (answering.length > 0 ? answering : pairs)
    .map((pair, order) => ({ pair, order, list: pair.every((item) => item.source !== 'control') }))
    .sort((a, b) => Number(a.list) - Number(b.list) || a.order - b.order);
  for (const { pair } of chosen)
    for (const item of pair) if (!items.includes(item)) items.push(item);
  return { statement: statementOf(items), items };
}

/** The statements' texts, each once, read as one description. */
function statementOf(items: readonly Evidence[]): string {
  const texts = [...new Set(items.map((item) => item.text.replace(/\s+/g, ' ').trim()))];
  return shorten(texts.join(' '), 2400);
}

/**
 * A description answers every part of its question: sentences of the controls it already
 * cites are added when they say the question's words that it does not say yet ("…, and how
 * can we subscribe?"), or when they speak of all its concepts as strongly as the sentence
 * chosen (a second region for the same backups). At most three are added.
 */
function complete(
  knowledge: Knowledge,
  shape: QuestionShape,
  findings: readonly Finding[],
  composed: { statement: string; items: Evidence[] },
): { statement: string; items: Evidence[] } {
  if (composed.items.length === 0) return composed;
  const items = [...composed.items];
  const groups = new Set(items.map((item) => item.group));
  const usable = (item: Evidence) =>
    groups.has(item.group) &&
    !items.includes(item) &&
    !item.text.trim().endsWith('?') &&
    !item.denies &&
    item.standing === 'holds';
  const said = () => new Set(items.flatMap((item) => tokenise(item.text)));
  let added = 0;
  // Sentences as strong as the best for every concept of the question, in the same controls.
  for (const finding of findings) {
    const top = finding.holds[0]?.score ?? 0;
    for (const entry of finding.holds) {
      if (added === 3) break;
      if (entry.score < top - 0.05 || !usable(entry.item)) continue;
      if (!shape.concepts.every((concept) => entry.item.concepts.has(concept))) continue;
      items.push(entry.item);
      added++;
    }
  }
  // Sentences that say the question's remaining words.
  while (added < 3) {
    const known = said();
    const missing = [...shape.residual, ...shape.details].filter((token) => !known.has(token));
    if (missing.length === 0) break;
    let best: Evidence | undefined;
    let bestCount = 0;
    for (const item of knowledge.evidence.items) {
      if (!usable(item)) continue;
      const tokens = new Set(tokenise(item.text));
      const count = missing.filter((token) => tokens.has(token)).length;
      if (count > bestCount) {
        best = item;
        bestCount = count;
      }
    }
    if (!best) break;
    items.push(best);
    added++;
  }
  if (added === 0) return composed;
  return { statement: statementOf(items), items };
}

/** What kind of fact an open question asks for, and how to recognise it in a description. */
const askedFacts: Array<[RegExp, RegExp]> = [
  [/^\W*(?:please\s+)?how\s+(?:often|frequently|regularly)\b/i, /./],
  // "What transfer mechanism covers …?": a mechanism, not a list of places.
  [
    /^\W*(?:please\s+)?(?:what|which|under which|on what)\b[^?]*\b(?:transfer (?:mechanisms?|safeguards?|tools?)|safeguards?|legal (?:basis|mechanism)|mechanisms?)\b/i,
    /\b(?:Standard Contractual Clauses|SCCs?|Data Privacy Framework|DPF|adequacy|Binding Corporate Rules|BCRs?|IDTA|UK Addendum|International Data Transfer)\b/i,
  ],
  // "How long do you keep application logs?": a period, not how quickly something happens.
  [
    /^\W*(?:please\s+)?(?:for\s+)?how\s+long\b[^?]*\b(?:keep|kept|retain\w*|store[sd]?|hold|held|preserve[sd]?|archive[sd]?)\b/i,
    /\b(?:\d+|one|two|three|four|five|six|seven|ten|twelve|thirty)\s*(?:-\s*)?(?:business\s+)?(?:days?|weeks?|months?|years?)\b|\b(?:as long as|until|while (?:the|your|an?) (?:account|subscription|contract|agreement|workspace))\b/i,
  ],
  // "How long did the restore take?": how long something lasted, not how far back it reaches.
  [
    /^\W*(?:please\s+)?how\s+(?:long|much time)\s+(?:did|does|do|will|would|should|can)\b[^?]*\btake\b/i,
    /\b(?:in|took|takes|taking|lasted|lasting|lasts)\s+(?:about |around |roughly |approximately |under |less than |just )?(?:\d+|one|two|three|four|five|six|seven|ten|twelve|thirty)\s*(?:-\s*)?(?:business\s+)?(?:seconds?|minutes?|hours?|days?|weeks?)\b(?!\s+(?:ago|back|of (?:history|data|retention)))/i,
  ],
  [
    /^\W*(?:please\s+)?(?:(?:for\s+)?how\s+(?:long|quickly|soon|fast)|how much (?:advance\s+)?(?:notice|warning|time)|within what time|what is the (?:time|period|deadline|(?:longest|shortest|maximum|minimum|max|min)\b(?! number)))\b/i,
    /\b(?:\d+|one|two|three|four|five|six|seven|ten|twelve|thirty)\s*(?:-\s*)?(?:business\s+)?(?:minutes?|hours?|days?|weeks?|months?|years?)\b|\b(?:immediately|without undue delay|promptly|same day|next business day)\b/i,
  ],
  [
    /^\W*(?:please\s+)?(?:where|(?:in |from )?(?:which|what) (?:\w+\s+){0,2}(?:countr|regions?\b|locations?\b|jurisdictions?\b|data cent(?:er|re)s?\b|geograph)|list (?:the|all|every) (?:\w+\s+){0,2}(?:countr|regions?\b|locations?\b))/i,
    /\b(?:EU|EEA|US|USA|UK|European Union|United States|United Kingdom|[a-z]{2}-[a-z]+-\d|Germany|Ireland|France|Netherlands|Belgium|Luxembourg|Switzerland|Sweden|Finland|Denmark|Norway|Spain|Italy|Poland|Austria|Canada|Australia|Japan|Singapore|India|Brazil|Frankfurt|Dublin|Amsterdam|London|Paris|Virginia|Ohio|Oregon|California|Iowa|Montreal|Sydney|Tokyo)\b/,
  ],
  [
    /^\W*(?:please\s+)?(?:who|whom|which (?:team|role|person|people|staff|function|firm|company|party))\b/i,
    /\b(?:team|officer|engineer|engineers|manager|lead|cto|ciso|ceo|dpo|staff|employees?|role|firm|auditor|provider|vendor|personnel|administrator|owner|department|function|board|committee)s?\b|\b(?:issued|carried out|performed|conducted|audited|run|operated) by\b|\b(?:B\.V\.|Ltd|Limited|Inc|GmbH|LLC|S\.A\.|SAS|plc|AB|ApS|AG|LLP)\b/i,
  ],
];

/** Whether a description gives the kind of fact its question asks for (a time, a person, a frequency). */
function answersAsk(ask: string, statement: string): boolean {
  const asked = ask
    // "When an engineer is granted access, what is the longest …", "Apart from audit logs,
    // how long …": the phrase that sets the scene is not the ask.
    .replace(
      /^\W*(?:(?:when|whenever|if|once|after|before|where|in case)\b[^,?]{3,160}|[^,?]{3,120}(?=,\s*(?:what|which|where|how|when|who|whom|for how)\b)),\s*/i,
      '',
    )
    .replace(
      /^\W*(?:please\s+)?(?:describe|explain|tell us|state|specify|indicate|detail|outline)\s+/i,
      '',
    );
  // "…, and when did it take place?": a date, wherever the question asks for it.
  if (/\bwhen (?:did|was|were|is|will)\b/i.test(asked) && !datePattern.test(statement))
    return false;
  for (const [question, fact] of askedFacts) {
    if (!question.test(asked)) continue;
    if (fact.source === '.') return frequencyRank(statement) !== undefined;
    return fact.test(statement);
  }
  return true;
}

const longDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** ISO dates written out in words ("2026-09-14" → "14 September 2026"). */
function readableDates(text: string): string {
  return text.replace(/\b(?:19|20)\d{2}-\d{2}-\d{2}\b/g, (date) => {
    const instant = new Date(`${date}T00:00:00Z`);
    return Number.isNaN(instant.getTime()) ? date : longDate.format(instant);
  });
}

/** A date or a named period ("2026-09-14", "September 2026", "Q3 2026"). */
const datePattern =
  /\b(?:19|20)\d{2}-\d{2}(?:-\d{2})?\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b[^.]{0,12}\b(?:19|20)\d{2}\b|\b(?:Q[1-4]\s*(?:19|20)\d{2}|(?:19|20)\d{2}[- ]?Q[1-4])\b/i;

const hoursPer: Record<string, number> = {
  minute: 1 / 60,
  hour: 1,
  day: 24,
  'business day': 24 * 1.4,
  week: 24 * 7,
  month: 24 * 30,
  year: 24 * 365,
};
const numberWords: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  ten: 10,
  twelve: 12,
  thirty: 30,
};

/** A number in digits or one of `numberWords`, and a unit of time, as regular-expression parts. */
const amountPart = `\\d+|${Object.keys(numberWords).join('|')}`;
const unitPart = '(business day|minute|hour|day|week|month|year)s?\\b';

/** A number and a unit of time ("48 hours", "two business days", "4-hour"). */
const durationPattern = new RegExp(`\\b(${amountPart})\\s*(?:-\\s*)?${unitPart}`, 'gi');

/** How many a number says: digits, a number word, or "a"/"an" (one). */
function amountOf(word: string): number {
  const lower = word.toLowerCase();
  return lower === 'a' || lower === 'an' ? 1 : Number(lower) || numberWords[lower] || 0;
}

/** Hours in one of a unit ("business day" counts 1.4 days). */
const hoursOf = (unit: string): number => hoursPer[unit.toLowerCase()] ?? 0;

/** Every duration a text gives, in hours. */
function durationsOf(text: string): number[] {
  const out: number[] = [];
  for (const match of text.matchAll(durationPattern))
    if (match[1] && match[2]) out.push(amountOf(match[1]) * hoursOf(match[2]));
  return out;
}

/** An upper bound a question sets on a time ("within 48 hours", "in under an hour"). */
const boundPattern = new RegExp(
  `\\b(?:within|in under|in less than|under|less than|no (?:more|longer) than|at most|up to|inside(?: of)?)\\s+(an?|${amountPart})\\s*(?:-\\s*)?${unitPart}`,
  'i',
);

/** A lower bound a question sets on a time ("kept for at least one year", "a minimum of 90 days"). */
const floorPattern = new RegExp(
  `\\b(?:at least|a minimum of|minimum of|no less than|not less than|for a minimum of)\\s+(an?|${amountPart})\\s*(?:-\\s*)?${unitPart}`,
  'i',
);

/** The bound a question sets, in hours, whether it is a ceiling or a floor, and the words that say it. */
function askedBound(ask: string): { hours: number; floor: boolean; tokens: string[] } | undefined {
  const ceiling = boundPattern.exec(ask);
  const match = ceiling ?? floorPattern.exec(ask);
  if (!match?.[1] || !match[2]) return undefined;
  return {
    hours: amountOf(match[1]) * hoursOf(match[2]),
    floor: !ceiling,
    tokens: tokenise(match[0]),
  };
}

/** A span of time an option stands for, in hours; open ends are exclusive where the option says so. */
interface Span {
  min: number;
  max: number;
  openMin: boolean;
  openMax: boolean;
}

/** "1-4 hours", "4 to 24 hours": a range whose unit is written once. */
const rangePattern = new RegExp(
  `\\b(${amountPart})\\s*(?:-|–|to)\\s*(${amountPart})\\s*${unitPart}`,
  'i',
);

function spanOf(option: string): Span | undefined {
  const range = rangePattern.exec(option);
  if (range?.[1] && range[2] && range[3]) {
    const unit = hoursOf(range[3]);
    return {
      min: amountOf(range[1]) * unit,
      max: amountOf(range[2]) * unit,
      openMin: false,
      openMax: false,
    };
  }
  const found = durationsOf(option);
  const [first, second] = found;
  if (first === undefined) return undefined;
  if (second !== undefined) return { min: first, max: second, openMin: false, openMax: false };
  if (/\b(?:over|more than|above|longer than|greater than|beyond|at least)\b/i.test(option))
    return {
      min: first,
      max: Number.POSITIVE_INFINITY,
      openMin: !/\bat least\b/i.test(option),
      openMax: false,
    };
  return {
    min: 0,
    max: first,
    openMin: false,
    openMax: /\b(?:under|less than|below|shorter than|fewer than)\b/i.test(option),
  };
}

function holdsDuration(span: Span, hours: number): boolean {
  const above = span.openMin ? hours > span.min : hours >= span.min;
  const below = span.openMax ? hours < span.max : hours <= span.max;
  return above && below;
}

/**
 * The one duration the statements give for what the question asks: when they give several
 * ("security logs 13 months; application logs 30 days"), the clauses that say one of the
 * question's own words decide, and if those still differ there is no answer.
 */
function saidDuration(text: string, focus: readonly string[]): number | undefined {
  const all = [...new Set(durationsOf(text))];
  if (all.length <= 1) return all[0];
  // In each sentence that says one of the question's words, the time nearest that word
  // ("an acknowledgement within 2 business days, a first assessment within 5").
  const nearest = new Set<number>();
  for (const sentence of text.split(/[.;]\s*|\n/)) {
    const lower = sentence.toLowerCase();
    const anchors = focus
      .filter((token) => token.length > 2)
      .map((token) => lower.indexOf(token))
      .filter((at) => at >= 0);
    if (anchors.length === 0) continue;
    let best: { hours: number; distance: number } | undefined;
    for (const match of sentence.matchAll(durationPattern)) {
      const hours = durationsOf(match[0])[0];
      if (hours === undefined || match.index === undefined) continue;
      const distance = Math.min(...anchors.map((at) => Math.abs((match.index as number) - at)));
      if (!best || distance < best.distance) best = { hours, distance };
    }
    if (best) nearest.add(best.hours);
  }
  return nearest.size === 1 ? [...nearest][0] : undefined;
}

/** Picks the options of a choice question that the statements say. */
function chooseOptions(
  options: readonly string[],
  text: string,
  focus: readonly string[] = [],
  several = false,
): string[] {
  const rank = frequencyRank(text);
  // "Under 1 hour / 1-4 hours / Over 24 hours" are times, not how often something happens.
  const schedule =
    /\b(?:every|per|each|once|twice|annual|annually|daily|weekly|monthly|quarterly|yearly|hourly|continuous\w*|never|real[- ]time|biennial\w*)\b/i;
  const ranked = options.map((option) => {
    const base = schedule.test(option) ? frequencyRank(option) : undefined;
    const more = /\bmore (?:than|often)\b/i.test(option);
    return { option, rank: base === undefined ? undefined : base + (more ? 0.5 : 0) };
  });
  if (rank !== undefined && ranked.some((entry) => entry.rank !== undefined)) {
    const fitting = ranked
      .filter((entry) => entry.rank !== undefined && (entry.rank as number) <= rank)
      .sort((a, b) => (b.rank as number) - (a.rank as number));
    return fitting[0] ? [fitting[0].option] : [];
  }
  // Durations: the narrowest option whose span holds what the statements say ("2 business
  // days" → "Within 2 business days", "13 months" → "Over 1 year").
  const said = saidDuration(text, focus);
  const spans = options.map((option) => ({ option, span: spanOf(option) }));
  if (spans.some((entry) => entry.span !== undefined)) {
    if (said === undefined) return [];
    const fitting = spans
      .filter((entry) => entry.span !== undefined && holdsDuration(entry.span, said))
      .sort(
        (a, b) =>
          (a.span as Span).max -
          (a.span as Span).min -
          ((b.span as Span).max - (b.span as Span).min),
      );
    return fitting[0] ? [fitting[0].option] : [];
  }
  // An option said only where something is ruled out ("SMS is not offered") is not chosen.
  // ("No more than 30 days" bounds a time: `hardNegationPattern` does not read it as a denial.)
  const affirmed = text.split(/[.;:,]/).filter((clause) => !hardNegationPattern.test(clause));
  const named = options.filter(
    (option) =>
      affirmed.some((clause) => optionSaid(option, clause)) ||
      (hardNegationPattern.test(option) && optionSaid(option, text)),
  );
  if (named.length <= 1 || several) return named;
  // Several options are named ("US by default, EU on request"): the option whose clauses
  // say most of the question's own words ("by default") is chosen, or none when tied.
  const clauses = text.split(/[.;,]|\b(?:and|but|or|while|whereas|unless)\b/i);
  const asked = new Set(focus);
  const scored = named
    .map((option) => ({
      option,
      score: new Set(
        clauses
          .filter((clause) => optionSaid(option, clause))
          .flatMap((clause) => tokenise(clause).filter((token) => asked.has(token))),
      ).size,
    }))
    .sort((a, b) => b.score - a.score);
  const [first, second] = scored;
  return first && first.score > 0 && first.score > (second?.score ?? 0) ? [first.option] : [];
}

/** Regions that questionnaires abbreviate and statements spell out. */
const spelledOut: Record<string, RegExp> = {
  US: /\bUnited States\b|\bUSA\b/i,
  UK: /\bUnited Kingdom\b|\bGreat Britain\b/i,
  EU: /\bEuropean Union\b/i,
};

/**
 * Whether a text names an option: all of its words, or, for an abbreviation in capitals
 * ("US", "UK", "EU"), the abbreviation itself in capitals ("us" is also a pronoun).
 */
function optionSaid(option: string, text: string): boolean {
  const trimmed = option.trim();
  if (/^[A-Z]{2,4}$/.test(trimmed))
    return (
      new RegExp(`(?<![A-Za-z])${trimmed}(?![A-Za-z])`).test(text) ||
      (spelledOut[trimmed]?.test(text) ?? false)
    );
  // An option that denies ("Not encrypted", "None") is said only in its own words.
  if (hardNegationPattern.test(trimmed))
    return normalise(text).includes(` ${normalise(trimmed).trim()} `);
  // The option's words together, in order ("AES-256" is not said by "AES" and, elsewhere, "256").
  const words = tokenise(text);
  const tokens = tokenise(option);
  if (tokens.length === 0) return false;
  if (tokens.length === 1) return words.includes(tokens[0] as string);
  return words.some((_, at) => tokens.every((token, offset) => words[at + offset] === token));
}

/** A premise the files rule out: every concept it names is not applicable, not held or ruled out in so many words. */
function premiseRuledOut(knowledge: Knowledge, premise: string): Evidence[] | undefined {
  const shape = shapeOf(premise);
  // "If you don't have a SOC 2 report yet, …": a missing certification makes it apply.
  if (shape.concepts.length === 0 || hardNegationPattern.test(premise)) return undefined;
  const ruling: Evidence[] = [];
  for (const concept of shape.concepts) {
    const items = knowledge.evidence.items.filter(
      (item) => item.concepts.has(concept) && scopeFits(shape, item),
    );
    // Something that holds and says it, in its heading or a clause of its own, establishes it.
    if (
      items.some(
        (item) =>
          item.standing === 'holds' &&
          !deniesConcept(item, concept) &&
          (item.subject.has(concept) || item.assertedConcepts.has(concept)),
      )
    )
      return undefined;
    // Ruled out: a control that does not apply, or a clause that names it and denies it.
    // Ruled out: a control that does not apply, a clause that names it and denies it, or a
    // certification or control about it that is not held or not yet in place.
    const against =
      items.find(
        (item) =>
          ((item.standing === 'not-applicable' ||
            item.standing === 'not-held' ||
            item.standing === 'not-yet') &&
            item.subjectExact.has(concept)) ||
          (item.standing === 'holds' && item.deniedConcepts.has(concept)),
      ) ??
      // "If you are ISO 27001 certified, …" when only the hosting provider is.
      (shape.scopes.includes('provider')
        ? undefined
        : knowledge.evidence.items.find(
            (item) =>
              item.source === 'certification' &&
              item.owner === 'provider' &&
              item.subjectExact.has(concept),
          ));
    if (!against) return undefined;
    ruling.push(against);
  }
  return ruling;
}

/** Whether the ask joins its concepts ("X and Y", "X, Y") rather than qualifying one by another ("encrypted backups"). */
function joinsConcepts(shape: QuestionShape): boolean {
  // The commas of an example in brackets ("(e.g. hardware tokens, authenticator apps)") join nothing.
  const ask = shape.ask
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\b(?:e\.\s?g\.?|for example|for instance|such as)\b[^.;:?!]*/gi, ' ');
  return /\b(?:and|or|either|as well as|also|both|plus)\b|[,;]/i.test(ask);
}

/** Each concept's words (its terms' and its narrower concepts' terms), built once. */
let conceptWords: Map<string, Set<string>> | undefined;

function wordsOfConcept(concept: string): Set<string> {
  if (!conceptWords) {
    conceptWords = new Map();
    for (const { id, terms } of loadConcepts().conceptTerms)
      for (const up of withBroader([id])) {
        const words = conceptWords.get(up) ?? new Set<string>();
        for (const term of terms) for (const token of tokenise(term.join(' '))) words.add(token);
        conceptWords.set(up, words);
      }
  }
  return conceptWords.get(concept) ?? new Set();
}

/**
 * Whether a question's own words agree with the concepts its id maps to: one of them must
 * name something of a mapped concept. Questionnaire versions renumber their items, and a
 * sheet can borrow a public id scheme for its own questions, so an id alone is not enough.
 */
function agreesWithCrosswalk(shape: QuestionShape, mapped: readonly string[]): boolean {
  return mapped.some((concept) => {
    const words = wordsOfConcept(concept);
    return [...shape.residual, ...shape.qualifiers].some((token) => words.has(token));
  });
}

/** Answers a question from the organisation's statements by concept and scope. */
export function answerByConcepts(
  knowledge: Knowledge,
  shape: QuestionShape,
  questionId: string | undefined,
): Answer {
  let concepts = shape.concepts;
  let viaCrosswalk = false;
  if (concepts.length === 0) {
    const mapped = knowledge.crosswalk(questionId);
    if (mapped && mapped.length > 0 && agreesWithCrosswalk(shape, mapped)) {
      concepts = mapped;
      viaCrosswalk = true;
    }
  }
  const result = (answer: Omit<Answer, 'needsReview'>): Answer => ({
    ...answer,
    // A description is read by a buyer: "14 September 2026", not "2026-09-14".
    statement:
      answer.answer === 'text' && answer.statement
        ? readableDates(answer.statement)
        : answer.statement,
    source: viaCrosswalk && answer.source !== 'none' ? 'crosswalk' : answer.source,
    needsReview: answer.answer === 'blank',
  });

  if (shape.premise) {
    const ruling = premiseRuledOut(knowledge, shape.premise);
    if (ruling)
      return result({
        answer: 'n/a',
        explanation: `Not applicable: ${shorten(ruling.map((item) => item.text).join(' '), 260)}`,
        citations: citationsOf(ruling),
        confidence: 0.8,
        source: sourceOf(ruling),
      });
  }

  if (concepts.length === 0)
    return blank('The question names no security concept Attest knows; answer it by hand.');

  let findings = concepts.map((concept) => findingOf(knowledge, shape, concept));
  // One thing qualified by another ("encrypted backups", "MFA for the admin console"):
  // a single control or statement must speak of all of it.
  if (findings.length > 1 && !joinsConcepts(shape) && !viaCrosswalk) {
    const groups = (finding: Finding) => new Set(finding.holds.map((entry) => entry.item.group));
    const [first, ...others] = findings.map(groups);
    const shared = new Set(
      [...(first ?? [])].filter((group) => others.every((set) => set.has(group))),
    );
    findings = findings.map((finding) => ({
      ...finding,
      holds: finding.holds.filter((entry) => shared.has(entry.item.group)),
    }));
  }
  // "SOC 2 or ISO 27001?": either one answers yes; "no" needs every one of them lacking.
  const either = findings.length > 1 && /\bor\b/i.test(shape.ask) && !/\band\b/i.test(shape.ask);
  if (either && shape.kind === 'yes-no' && cuesOf(shape).length === 0) {
    const held = findings.filter((finding) => finding.holds.length > 0);
    if (held.length > 0) findings = held;
    else if (findings.every((finding) => finding.lacks.length > 0)) {
      const items = findings.flatMap((finding) => finding.lacks.slice(0, 1));
      return result({
        answer: 'no',
        explanation: `No: ${shorten(items.map((item) => item.text).join(' '))}`,
        citations: citationsOf(items),
        confidence: 0.85,
        source: sourceOf(items),
      });
    } else return closest(findings);
  }
  // "Do they all hold SOC 2 reports?" about providers: one provider's report is not all of
  // theirs; only a statement that itself speaks of all of them answers.
  if (shape.scopes.includes('provider') && /\b(?:all|every|each)\b/i.test(shape.ask))
    findings = findings.map((finding) => ({
      ...finding,
      holds: finding.holds.filter((entry) => /\b(?:all|every|each)\b/i.test(entry.item.text)),
    }));
  const supported = findings.every((finding) => finding.holds.length > 0);
  const cues = cuesOf(shape);

  if (shape.kind === 'free-text' && concepts.includes('certifications')) {
    const listed = certificationList(knowledge, shape);
    // The list answers which certifications are held; an ask for more (a scope, a period,
    // a level) is answered only when the list says it.
    const more = shape.residual.filter(
      (token) => token !== 'security' && !wordsOfConcept('certifications').has(token),
    );
    if (listed && saysEveryWord(more, listed.statement ?? '')) return result(listed);
  }

  if (shape.kind !== 'yes-no') {
    // "When do you expect your SOC 2 report?": what is not in place yet, with its target date.
    const pending = findings.flatMap((finding) =>
      finding.holds.length === 0
        ? finding.lacks.filter((item) => item.standing === 'not-yet' && datePattern.test(item.text))
        : [],
    );
    if (
      shape.kind === 'free-text' &&
      pending.length > 0 &&
      findings.every((finding) => finding.holds.length === 0) &&
      /\b(?:when|expect\w*|target\w*|timeline|timeframe|date|planned|roadmap)\b/i.test(shape.ask)
    ) {
      const statement = shorten(pending.map((item) => item.text).join(' '), 400);
      return result({
        answer: 'text',
        statement,
        explanation: statement,
        citations: citationsOf(pending),
        confidence: 0.8,
        source: sourceOf(pending),
      });
    }
    if (!supported || cues.length > 0) return closest(findings);
    // A description of several concepts rests on statements that speak of all of them…
    let joint =
      findings.length === 1
        ? findings
        : [
            {
              ...(findings[0] as Finding),
              holds: (findings[0] as Finding).holds.filter((entry) =>
                concepts.every((concept) => entry.item.concepts.has(concept)),
              ),
            },
          ];
    // …and when none does but the question joins them ("in transit and at rest"), each is
    // described from its own statements.
    if ((joint[0]?.holds.length ?? 0) === 0 && joinsConcepts(shape)) joint = findings;
    if ((joint[0]?.holds.length ?? 0) === 0) return closest(findings);
    const composed = compose(joint, shape.kind === 'free-text' ? shape.ask : undefined);
    const { statement, items } =
      shape.kind === 'free-text' ? complete(knowledge, shape, joint, composed) : composed;
    if (items.length === 0 || !statement) return closest(findings);
    if (shape.kind === 'choice') {
      // The option is read from everything the statements' controls say (a yearly test is
      // often said in the claim, its dates in the details).
      const said = [...new Set(items.map((item) => item.group))]
        .map((group) => knowledge.evidence.groupText.get(group) ?? '')
        .join(' ');
      let chosen = answersAsk(shape.ask, said)
        ? chooseOptions(
            shape.options,
            said,
            shape.residual.length > 0
              ? shape.residual
              : tokenise(shape.ask).filter(
                  (token) => !shape.options.some((option) => tokenise(option).includes(token)),
                ),
            shape.several,
          )
        : [];
      // "Select all that apply": each option that names concepts the organisation declares.
      // The option's own words must be said by a statement that holds, and its concepts held.
      // (Never among times or frequencies, which are ranges: one of them holds.)
      if (
        chosen.length === 0 &&
        !shape.dropdown &&
        !shape.options.some(
          (option) => spanOf(option) !== undefined || frequencyRank(option) !== undefined,
        )
      ) {
        const holding = new Set(
          findings.flatMap((finding) =>
            finding.holds.flatMap((entry) => [
              ...(knowledge.evidence.groupTokens.get(entry.item.group) ?? []),
            ]),
          ),
        );
        // …and said in a clause that does not rule it out ("SMS is not offered").
        const clauses = findings
          .flatMap((finding) => finding.holds.map((entry) => entry.item.text))
          .flatMap((text) => text.split(/[,;:]|\b(?:and|but|while|whereas)\b/i))
          .filter((clause) => !hardNegationPattern.test(clause));
        chosen = shape.options.filter((option) => {
          const named = conceptsOf(option).concepts;
          const words = tokenise(option).filter((token) => token.length > 2);
          return (
            words.length > 0 &&
            words.every((token) => holding.has(token)) &&
            (named.length > 0 ||
              clauses.some((clause) => {
                const said = new Set(tokenise(clause));
                return words.some((token) => said.has(token));
              })) &&
            named.every((concept) => {
              const finding = findingOf(knowledge, shape, concept);
              return finding.holds.length > 0 && finding.denies.length === 0;
            })
          );
        });
      }
      if (chosen.length === 0) return closest(findings);
      // Under a dropdown the cell takes the option itself; otherwise the option and its basis.
      return result({
        answer: 'text',
        statement: shape.dropdown
          ? chosen.join(', ')
          : `${chosen.join(', ')}. ${shorten(statement, 240)}`,
        explanation: statement,
        citations: citationsOf(items),
        confidence: 0.8,
        source: sourceOf(items),
      });
    }
    if (!answersAsk(shape.ask, statement)) return closest(findings);
    const score = Math.min(...joint.map((finding) => finding.holds[0]?.score ?? 0));
    return result({
      answer: 'text',
      statement,
      explanation: statement,
      citations: citationsOf(items),
      confidence: Math.min(0.9, 0.5 + score * 0.45),
      source: sourceOf(items),
    });
  }

  if (cues.length > 0) {
    // A "yes" would admit a bad practice: only a statement that rules it out answers.
    const items = findings.flatMap((finding) => [
      ...finding.denies,
      ...finding.holds.map((entry) => entry.item),
    ]);
    const deniers = findings.flatMap((finding) => finding.denies);
    if (
      items.length > 0 &&
      cues.every(
        (cue) =>
          deniesCue(knowledge, cue, items) ||
          // A statement that rules the concept out answers a cue it names ("no shared
          // accounts"); a question's own words ("shared", "plaintext") need saying.
          deniers.some(
            (item) => !(cue in denyingTokens) || normalise(item.text).includes(` ${cue} `),
          ),
      )
    ) {
      const used = items.slice(0, 3);
      return result(fromItems('no', used, 0.8));
    }
    return closest(findings);
  }

  const lacking = findings.find(
    (finding) => finding.holds.length === 0 && finding.lacks.length > 0,
  );
  if (progressAsk.test(shape.ask)) {
    // "Is your SOC 2 audit in progress?": what is on its way answers yes.
    const items = (lacking?.lacks ?? []).filter((item) => item.standing === 'not-yet').slice(0, 2);
    if (items.length > 0 && findings.length === 1) return result(fromItems('yes', items, 0.8));
    return closest(findings);
  }
  if (supported) {
    // One statement that holds for every concept asked is the clearest reason; otherwise the
    // best statement for each.
    const together = (findings[0]?.holds ?? []).find((entry) =>
      findings.every((finding) => finding.holds.some((other) => other.item === entry.item)),
    );
    const items = together
      ? [together.item]
      : findings.map((finding) => finding.holds[0]?.item as Evidence);
    const score = Math.min(...findings.map((finding) => finding.holds[0]?.score ?? 0));
    return result({
      answer: 'yes',
      explanation: shorten([...new Set(items.map((item) => item.text))].join(' ')),
      citations: citationsOf(items),
      confidence: Math.min(0.92, 0.5 + score * 0.45),
      source: sourceOf(items),
    });
  }
  if (lacking) {
    const items = lacking.lacks.slice(0, 2);
    const status = (item: Evidence) =>
      item.source === 'certification'
        ? 'in progress'
        : knowledge.controls.get(item.controls[0] ?? '')?.status === 'planned'
          ? 'planned'
          : 'in progress';
    const first = items[0];
    const label = first && first.standing === 'not-yet' ? `Not yet (${status(first)}): ` : '';
    return result({
      answer: 'no',
      explanation: `${label}${shorten(items.map((item) => item.text).join(' '))}`,
      citations: citationsOf(items),
      confidence: 0.85,
      source: sourceOf(items),
    });
  }
  const denied = findings.find(
    (finding) => finding.holds.length === 0 && finding.denies.length > 0,
  );
  // A question that itself asks about refusing or blocking something may agree with a
  // statement that rules it out ("is plain HTTP refused?" / "plain HTTP is not served").
  const asksRefusal =
    /\b(?:refus|reject|block|den(?:y|ied)|prevent|disabl|forbid|prohibit|redirect|not|never|without)/i.test(
      shape.ask,
    );
  if (
    denied &&
    !asksRefusal &&
    findings.every((finding) => finding.holds.length > 0 || finding === denied)
  ) {
    const items = denied.denies.slice(0, 2);
    return result(fromItems('no', items, 0.7));
  }
  return closest(findings);
}

/**
 * "List the certifications you hold": the organisation's own (with auditor and validity),
 * then what is in progress, then what its providers hold when the question asks about them.
 * "None held" is said only when the certifications file says what the organisation holds.
 */
function certificationList(
  knowledge: Knowledge,
  shape: QuestionShape,
): Omit<Answer, 'needsReview'> | undefined {
  const certifications = knowledge.snapshot.certifications;
  if (certifications.length === 0) return undefined;
  const items = knowledge.evidence.items.filter(
    (item) => item.source === 'certification' && item.group.split(':').length === 2,
  );
  const providerOnly = shape.scopes.includes('provider') && !shape.scopes.includes('own');
  if (providerOnly) {
    // "Which certifications does your hosting provider hold?": the providers' own, as declared.
    const held = [
      ...certifications
        .filter((entry) => entry.effectiveStatus === 'inherited')
        .map((entry) => `${entry.name} (${entry.providerNames.join(', ')})`),
      ...knowledge.snapshot.subprocessors.entries
        .filter((entry) => entry.state !== 'past' && entry.certifications?.length)
        .map((entry) => `${entry.name}: ${entry.certifications?.join(', ')}`),
    ];
    if (held.length === 0) return undefined;
    const statement = `Held by our providers: ${held.join('; ')}.`;
    return {
      answer: 'text',
      statement,
      explanation: statement,
      citations: citationsOf(
        knowledge.evidence.items.filter((item) => item.owner === 'provider').slice(0, 4),
      ),
      confidence: 0.8,
      source: 'certification',
    };
  }
  const own = certifications.filter((entry) => entry.effectiveStatus === 'certified');
  const progress = certifications.filter((entry) => entry.effectiveStatus === 'in-progress');
  const inherited = certifications.filter((entry) => entry.effectiveStatus === 'inherited');
  const parts: string[] = [];
  if (own.length > 0)
    parts.push(
      `Held: ${own
        .map((entry) => {
          const auditor = 'auditor' in entry && entry.auditor ? `, issued by ${entry.auditor}` : '';
          const until = 'validUntil' in entry ? `, valid until ${entry.validUntil}` : '';
          return `${entry.name}${auditor}${until}`;
        })
        .join('; ')}.`,
    );
  else parts.push('None held.');
  if (progress.length > 0)
    parts.push(
      `In progress: ${progress
        .map(
          (entry) =>
            `${entry.name}${'target' in entry && entry.target ? ` (target ${entry.target})` : ''}`,
        )
        .join('; ')}.`,
    );
  if (inherited.length > 0 && shape.scopes.includes('provider'))
    parts.push(
      `Held by our providers: ${inherited.map((entry) => `${entry.name} (${entry.providerNames.join(', ')})`).join('; ')}.`,
    );
  const statement = parts.join(' ');
  return {
    answer: 'text',
    statement,
    explanation: statement,
    citations: citationsOf(items),
    confidence: 0.85,
    source: 'certification',
  };
}

/** An answer resting on statements: their words as the explanation, their citations. */
function fromItems(
  answer: Answer['answer'],
  items: readonly Evidence[],
  confidence: number,
  prefix = '',
): Omit<Answer, 'needsReview'> {
  return {
    answer,
    explanation: `${prefix}${shorten(items.map((item) => item.text).join(' '))}`,
    citations: citationsOf(items),
    confidence,
    source: sourceOf(items),
  };
}

/** A blank answer that says what came closest and what is missing. */
function closest(findings: readonly Finding[]): Answer {
  const near = findings.flatMap((finding) => [
    ...finding.holds.map((entry) => entry.item),
    ...finding.blocked,
    ...finding.lacks,
  ]);
  const missing = findings
    .filter((finding) => finding.holds.length === 0)
    .map((finding) => finding.concept);
  const blocked = findings.flatMap((finding) => finding.blocked).find((item) => item.reason);
  const parts = [
    missing.length > 0
      ? `Nothing declared that holds on: ${missing.join(', ')}.`
      : 'The evidence does not say everything the question asks.',
    blocked ? `Not usable: ${blocked.citations[0]?.id ?? ''} is ${blocked.reason}.` : '',
    near[0] ? `Closest: ${shorten(near[0].text, 200)}` : '',
  ].filter(Boolean);
  return {
    ...blank(parts.join(' '), citationsOf(near.slice(0, 2)), 0),
    source: 'none',
  };
}
