/**
 * What a questionnaire question asks, before anything is looked up: the kind of answer it
 * wants, the sentence that holds the ask (context and examples set aside), a premise when
 * it is conditional, the concepts and scopes it names, and the words that qualify it
 * (a frequency, a number, a standard) which the evidence must also say. Pure.
 */

import type { ConceptsOfText } from '../language/concepts/concept-matcher.ts';
import type { ScopeId } from '../language/concepts/concept-schema.ts';
import { conceptsOf, loadConcepts } from '../language/concepts/concepts.ts';
import { isNegativeQuestion, negativeCuesOf, tokenise } from '../language/text.ts';
import { withBroader } from './evidence.ts';
import type { QuestionKind } from './types.ts';

/** A question taken apart. */
export interface QuestionShape {
  kind: QuestionKind;
  /** The sentence(s) that ask, without the context before them. */
  ask: string;
  /** For "If …, …" questions: the condition, and the ask after it. */
  premise: string | undefined;
  /** Concepts the ask names in its own words (or, when it names none, in its examples or context). */
  concepts: string[];
  /** Concepts named only in examples. */
  asides: string[];
  scopes: ScopeId[];
  /** Options written into the question ("(Never / Annually / …)") or the cell's dropdown. */
  options: string[];
  /** Whether the options are the cell's dropdown (the answer must be one of them, word for word). */
  dropdown: boolean;
  /** Whether more than one option may be chosen ("Select all that apply"). */
  several: boolean;
  /** How often the question asks for something to happen, as a rank (see `frequencyRank`). */
  frequency: number | undefined;
  /** Words that qualify the ask and must appear in the evidence (numbers, standards, named methods). */
  qualifiers: string[];
  /** Other words of the ask that no concept or scope accounts for. */
  residual: string[];
  /**
   * Words of what a description should also cover ("…, including how customers are
   * informed"): not required of the statements found, but sought in them.
   */
  details: string[];
  /** Words written as names ("China", "Azure"): the organisation must say them itself. */
  names: string[];
  /** Negative cues: a "yes" would admit a bad practice. */
  cues: string[];
  negative: boolean;
}

const auxiliary =
  /^(?:is|are|do|does|did|can|could|will|would|has|have|had|should|must|was|were|may|might|shall)\b/i;
const openQuestion =
  /^(?:(?:please|kindly)\s+)?(?:describe|explain|list|provide|outline|detail|specify|name|state|identify|give|summari[sz]e|tell us|share|indicate|(?:what|which|where|how|when|who|whom|whose|why)(?:'?s)?)\b/i;
/** "How" questions that still want a yes/no ("how often" wants a frequency). */
const yesNoAfterHow = /^how\s+(?:do|does|is|are)\b.*\?\s*$/i;

/** Splits text into sentences, keeping question marks. */
function sentencesOf(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.?!])\s+(?=[A-Z(“"'])/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

function isAsk(sentence: string): boolean {
  return (
    sentence.endsWith('?') ||
    auxiliary.test(sentence) ||
    openQuestion.test(sentence) ||
    /^(?:please|kindly|confirm)\b/i.test(sentence)
  );
}

/** Greetings and framing that carry no ask ("Hi, quick one from our team: …"). */
function withoutPreamble(sentence: string): string {
  const colon = sentence.indexOf(':');
  if (colon > 0 && colon < sentence.length - 10) {
    const after = sentence.slice(colon + 1).trim();
    if (isAsk(after)) return after;
  }
  return sentence;
}

/** The kind of answer an ask wants. */
function kindOf(ask: string, options: readonly string[]): QuestionKind {
  if (options.length >= 3) return 'choice';
  // A leading time or condition clause ("When someone leaves, are their accounts …?") does
  // not make a yes/no question open.
  const main =
    /^(?:when|whenever|once|after|before|while|where|if|in case)\b[^,?]{3,},\s*(.+)$/i.exec(
      ask.trim(),
    );
  let first = (main?.[1] ?? ask).replace(/^[^A-Za-z]+/, '');
  // Any other leading phrase ("Apart from security logs, how long …?", "For EU customers,
  // where …?"): the clause after it asks.
  if (!auxiliary.test(first) && !openQuestion.test(first)) {
    const after = /^[^,?]{3,120},\s*(.+)$/.exec(first)?.[1];
    if (after && (auxiliary.test(after) || openQuestion.test(after))) first = after;
  }
  if (auxiliary.test(first)) return 'yes-no';
  if (/^(?:please\s+)?confirm\b/i.test(first)) return 'yes-no';
  // A spreadsheet fragment that names a value ("Data retention period?", "Data center
  // location(s):", "Training frequency") asks for it; one marked "(Y/N)" does not.
  if (
    !openQuestion.test(first) &&
    !/\b(?:y\/n|yes\/no)\b/i.test(first) &&
    (/:\s*$/.test(first) ||
      /\b(?:period|duration|frequency|cadence|timeframe|time ?frame|locations?|regions?|countr(?:y|ies)|name|address|contact|e-?mail|phone|version|date|number|count|percentage|level|owner|providers?|vendors?|methods?|algorithms?|protocols?|retention|rto|rpo)(?:\s*\(s\))?\s*[?:.]?\s*$/i.test(
        first,
      ))
  )
    return 'free-text';
  if (yesNoAfterHow.test(first)) return 'free-text';
  if (openQuestion.test(first)) return 'free-text';
  return 'yes-no';
}

/** The question without the options written at its end ("… (Never / Annually / …)"). */
function withoutInlineOptions(text: string): string {
  return inlineOptions(text).length > 0 ? text.replace(/\(([^()]*\/[^()]*)\)\s*\??\s*$/, '') : text;
}

/** "(A / B / C)" or "(Select all that apply - A / B / C)" at the end of a question. */
function inlineOptions(text: string): string[] {
  const match = /\(([^()]*\/[^()]*)\)\s*\??\s*$/.exec(text);
  if (!match?.[1]) return [];
  const inside = match[1].replace(/^[^-–:]*\b(?:select|choose|pick)\b[^-–:]*[-–:]\s*/i, '');
  const options = inside
    .split('/')
    .map((option) => option.trim())
    .filter(Boolean);
  return options.length >= 3 ? options : [];
}

/** Frequencies, most frequent last: a higher rank satisfies a lower one. */
const frequencies: Array<[RegExp, number]> = [
  [/\b(?:every (?:two|2|three|3) years|biennial(?:ly)?)\b/i, 1],
  [
    /\b(?:annual(?:ly)?|yearly|every year|each year|once a year|once per year|per year|a year|12 months|twelve months)\b/i,
    2,
  ],
  [
    /\b(?:semi-?annual(?:ly)?|twice a year|every six months|every 6 months|bi-?annual(?:ly)?)\b/i,
    3,
  ],
  [/\b(?:quarterly|every quarter|each quarter|every three months|every 3 months)\b/i, 4],
  [/\b(?:monthly|every month|each month|per month)\b/i, 5],
  [/\b(?:weekly|every week|each week)\b/i, 6],
  [/\b(?:daily|every day|each day|nightly|every night|per day|24 hours)\b/i, 7],
  [
    /\b(?:hourly|every hour|continuous(?:ly)?|real[- ]time|on every (?:change|commit|push|deploy\w*))\b/i,
    8,
  ],
];

/** The words of a text that name a schedule. */
function frequencyWords(text: string): string {
  return frequencies
    .flatMap(([pattern]) => text.match(new RegExp(pattern.source, 'gi')) ?? [])
    .join(' ');
}

/** The rank of the most frequent schedule a text names, or undefined. */
export function frequencyRank(text: string): number | undefined {
  let rank: number | undefined;
  for (const [pattern, value] of frequencies)
    if (pattern.test(text)) rank = Math.max(rank ?? 0, value);
  return rank;
}

/** Tokens of words that are not about a subject: what any question or answer may say. */
const generic = new Set(
  tokenise(
    `data customer client user information system systems service services product platform application app solution organisation organization company vendor
     you your our we us they their them it its this that these those there here all any every each some other others both either
     support supports provide provides offer offers have has ensure ensures maintain maintains implement implemented use uses used using make made
     able ensure protect protected protection process processes practice practices procedure procedures measure measures control controls mechanism
     place exist existing available perform performed carry carried out keep kept part require required requirement requirements meet
     also only still currently current please confirm yes no question describe describe explain list provide detail details
     including include includes such example e.g i.e etc way ways within across between whether whom which who what where when how why
     account accounts access environment environments policy documented document formal formally regularly regular periodic periodically appropriate
     adequate relevant applicable necessary standard industry best commonly common typical type types level levels
     institution institutional university team teams people person individual individuals end
     while whilst before after during based given need needs see different same various several many much
     algorithm algorithms strong modern secure securely method methods technology technologies tool tools solution solutions
     manner basis place places time times set sets against toward towards upon ever
     name names list identify specify outline explain describe state give
     quick quickly soon fast everyone everybody anyone someone receive receives get gets undergo
     shield shielded protect protects people write themselves itself yourself
     compliant compliance certified certificate certification hold holds held valid achieve achieved
     send sends new look again check checks admin admins administrator administrators provider providers
     traffic cloud attack attacks obligation obligations cover covers happen happens long often enforce enforced
     schedule schedules scheduled routine routinely ongoing established defined designated dedicated specific specifically certain
     default defaults first already activity activities expect expects expected once integration integrations integrate integrates integrated
     version versions latest recent newest up-to-date most allow allows allowed permit permits permitted
     store stores stored storing transmit transmits transmitted transmitting handle handles handled handling`,
  ),
);

/** Qualifier patterns: words that narrow a question beyond its concepts. */
const qualifierPattern =
  /\d|^(?:fips|independ|third|external|extern|accredit|custom|hardware|hsm|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundred)$|^(?:independ|extern)/;

/** Examples ("e.g. …", "such as …", "for example …") and brackets: they illustrate, they don't ask. */
function withoutExamples(text: string): string {
  return (
    text
      .replace(/\([^()]*\)/g, ' ')
      .replace(/\b(?:e\.\s?g\b\.?|eg\.|for example|for instance|such as|like)\b[^.;:?!]*/gi, ' ')
      // What the question takes as given ("…, not just information security") is not what
      // it asks the statements to say.
      .replace(/\b(?:not just|not only|not merely)\b[^,.;:?!]*/gi, ' ')
  );
}

/** Concepts without any that another one of them is a kind of ("ISO 27001 certification" → iso27001). */
function mostSpecific(ids: readonly string[]): string[] {
  return ids.filter(
    (id) => !isUmbrella(id) || !ids.some((other) => other !== id && withBroader([other]).has(id)),
  );
}

let narrowerCount: Map<string, number> | undefined;

/** Whether a concept is an umbrella: three or more concepts are kinds of it. */
export function isUmbrella(id: string): boolean {
  if (!narrowerCount) {
    narrowerCount = new Map();
    for (const [entry] of loadConcepts().concepts)
      for (const parent of withBroader([entry]))
        if (parent !== entry) narrowerCount.set(parent, (narrowerCount.get(parent) ?? 0) + 1);
  }
  return (narrowerCount.get(id) ?? 0) >= 3;
}

let termTokens: Map<string, string[][]> | undefined;

/** The tokens of each term of each concept and scope. */
function tokensOfTerms(): Map<string, string[][]> {
  if (termTokens) return termTokens;
  const vocabulary = loadConcepts();
  termTokens = new Map();
  for (const entry of [...vocabulary.conceptTerms, ...vocabulary.scopeTerms])
    termTokens.set(
      entry.id,
      entry.terms.map((term) => tokenise(term.join(' '))).filter((tokens) => tokens.length > 0),
    );
  return termTokens;
}

/** The tokens of `text` that some term of the given concepts and scopes spells out, in order. */
function accountedTokens(text: readonly string[], ids: readonly string[]): Set<string> {
  const accounted = new Set<string>();
  const terms = tokensOfTerms();
  for (const id of ids)
    for (const term of terms.get(id) ?? [])
      for (let at = 0; at + term.length <= text.length; at++)
        if (term.every((token, offset) => text[at + offset] === token))
          for (const token of term) accounted.add(token);
  return accounted;
}

/**
 * "Which provider holds…", "name the cloud provider": the provider is what is asked for,
 * not whose systems the question is about. Such a question keeps the provider scope only
 * when it names it elsewhere too.
 */
function withoutAnswerScope(found: ConceptsOfText, text: string): ConceptsOfText {
  // …and "as a service provider" is the organisation's own role.
  const asked =
    /\b(?:(?:which|what|name (?:the|your)|list (?:the|your)|identify (?:the|your))\s+(?:\w+\s+){0,2}(?:providers?|vendors?|compan(?:y|ies)|suppliers?)|as an? (?:\w+\s+)?(?:service )?(?:provider|vendor|processor))\b/i;
  if (!asked.test(text)) return found;
  const rest = conceptsOf(text.replace(asked, ' '));
  return {
    ...found,
    scopes: found.scopes.filter(
      (scope) => scope !== 'provider' || rest.scopes.includes('provider'),
    ),
  };
}

/**
 * "If you rely on a cloud provider, is it ISO 27001 certified?": when the ask's subject is a
 * pronoun for the condition's subject, the condition says whose systems the ask is about.
 */
function withPremiseScope(scopes: ScopeId[], premise: string, ask: string): ScopeId[] {
  if (
    !/^\W*(?:is|are|does|do|did|has|have|can|will|was|were)\s+(?:it|they|each of them|all of them|these|those|this|that)\b/i.test(
      ask,
    )
  )
    return scopes;
  const named = conceptsOf(premise);
  const third = named.concepts.some((id) => withBroader([id]).has('subprocessors'));
  const merged = new Set<ScopeId>([...scopes, ...named.scopes]);
  if (third) merged.add('provider');
  if (merged.has('provider') && !scopes.includes('own')) merged.delete('own');
  return [...merged];
}

/** Tokens of the capitalised words inside a sentence (not its first word): names of places, products, firms. */
function namesOf(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/(?<=[a-z0-9,;:()]\s+)[A-Z][a-z]{2,}\b/g))
    names.push(...tokenise(match[0]));
  return names;
}

/**
 * "Do your subprocessors hold ISO 27001?": the ask's subject is the third parties, so it is
 * about their systems, not the organisation's own. ("The vendor" is the organisation itself.)
 */
function thirdPartySubject(ask: string): boolean {
  return /^\W*(?:do|does|are|is|have|has|will|can|must)\s+(?:(?:all|any|each|every|of|your|the|our|its|their)\s+)*(?:subprocessors?|sub-processors?|subcontractors?|sub-contractors?|third[- ]part(?:y|ies)(?:\s+(?:providers?|vendors?|suppliers?))?)\b/i.test(
    ask,
  );
}

/** Words that say something is a certification or an audit. */
const certificationWords = new Set(
  tokenise(
    'audit audits audited auditor auditors report reports certificate certificates certified certification attestation attested compliant compliance',
  ),
);

/** Analyses a question's text. `allowed` is the answer cell's dropdown, if any. */
export function shapeOf(text: string, allowed?: readonly string[]): QuestionShape {
  const clean = text.replace(/\s+/g, ' ').trim();
  const sentences = sentencesOf(clean);
  // The ask: from the first sentence that asks, to the end (context before it is dropped).
  const firstAsk = sentences.findIndex(isAsk);
  const askSentences = firstAsk < 0 ? sentences : sentences.slice(firstAsk);
  const head = withoutPreamble(askSentences[0] ?? clean);
  // A follow-up such as "If so, which …?" does not change what the first sentence asks.
  const mainAsk = [head, ...askSentences.slice(1).filter((s) => !/^if (?:so|yes|not)\b/i.test(s))];
  let ask = mainAsk.join(' ');
  let premise: string | undefined;
  const conditional = /^(?:if|where|when|in case)\s+([^,?]+),\s*(.+)$/i.exec(head);
  if (conditional?.[1] && conditional[2] && /^if\b/i.test(head)) {
    premise = conditional[1];
    ask = [conditional[2], ...mainAsk.slice(1)].join(' ');
  }
  const dropdownOptions = (allowed ?? []).filter(
    (value) => !/^(?:yes|no|n\/?a|not applicable|y|n|true|false)\b/i.test(value.trim()),
  );
  const options = inlineOptions(clean).length ? inlineOptions(clean) : dropdownOptions;
  // "Do you take card payments? If a processor handles them, please name it.": a follow-up
  // that asks for a name, a list or a description makes the question open.
  const followUp = mainAsk
    .slice(1)
    .some((sentence) =>
      /^(?:if\b[^,]{0,120},\s*)?(?:please\s+|kindly\s+)?(?:name|list|describe|specify|identify|provide|state|give|explain)\b/i.test(
        sentence,
      ),
    );
  const askKind = kindOf(ask.replace(/^(?:and|also|so)\s+/i, ''), options);
  const kind = askKind === 'yes-no' && followUp ? 'free-text' : askKind;
  // Options written into the question are what may be answered, not what is asked.
  const askText = withoutInlineOptions(ask);
  let found = withoutAnswerScope(conceptsOf(askText), askText);
  let asked = askText;
  // An ask that names nothing ("Does your solution meet this requirement?", "If a breach
  // occurs, how soon will you tell us?") is about its context or its condition.
  if (found.concepts.length === 0 && found.asides.length === 0) {
    found = withoutAnswerScope(conceptsOf(clean), clean);
    asked = clean;
  }
  // "Strong authentication such as MFA": an example narrower than what is named is what is asked.
  const narrowerAsides = found.asides.filter((aside) =>
    found.concepts.some((named) => withBroader([aside]).has(named)),
  );
  // "If you hold ISO 27001, who is your certification body?": the condition names which
  // certification the ask's general word means.
  const premiseConcepts = premise ? conceptsOf(premise).concepts : [];
  const narrowerPremise = premiseConcepts.filter((named) =>
    found.concepts.some((concept) => concept !== named && withBroader([named]).has(concept)),
  );
  const concepts = mostSpecific([
    ...new Set(
      found.concepts.length > 0
        ? [...found.concepts, ...narrowerAsides, ...narrowerPremise]
        : found.asides,
    ),
  ]);
  const asides =
    found.concepts.length > 0 ? found.asides.filter((a) => !narrowerAsides.includes(a)) : [];
  const askedTokens = tokenise(withoutExamples(asked));
  const accounted = accountedTokens(askedTokens, [
    ...found.concepts,
    ...found.asides,
    ...found.scopes,
  ]);
  // The options written into a question ("… / Not encrypted)") are not what it asks.
  const withoutOptions = withoutInlineOptions(clean);
  const cues = negativeCuesOf(withoutOptions);
  const words = [...new Set(askedTokens)].filter(
    (token) =>
      token.length > 1 && !accounted.has(token) && !generic.has(token) && !cues.includes(token),
  );
  const frequency = frequencyRank(withoutExamples(asked));
  const frequencyTokens = new Set(frequency === undefined ? [] : tokenise(frequencyWords(asked)));
  // "Is it SOC 2 audited?", "ISO 27001 certificate": for a certification, the words that
  // say it is one are part of naming it.
  const certifying = concepts.some((id) => withBroader([id]).has('certifications'));
  const named = certifying ? words.filter((token) => !certificationWords.has(token)) : words;
  const qualifiers = named.filter((token) => qualifierPattern.test(token));
  // "Describe your incident response process, including how customers are informed": the
  // description is found by what it is about, and the rest is looked for in its controls.
  const including =
    kind === 'free-text'
      ? /\b(?:including|in particular|particularly|especially)\b([^?.;()]*)/i.exec(asked)?.[1]
      : undefined;
  const details = including
    ? [...new Set(tokenise(including))].filter((token) => named.includes(token))
    : [];
  return {
    kind,
    ask: askText,
    premise,
    concepts,
    asides,
    scopes: thirdPartySubject(askText)
      ? [...new Set<ScopeId>([...found.scopes.filter((scope) => scope !== 'own'), 'provider'])]
      : premise
        ? withPremiseScope(found.scopes, premise, askText)
        : found.scopes,
    options,
    dropdown: inlineOptions(clean).length === 0 && dropdownOptions.length > 0,
    several:
      /\b(?:all|any|each|every) (?:that|which) appl(?:y|ies)\b|\bselect (?:all|any|every|one or more)\b|\b(?:check|tick|choose) all\b|\bmultiple (?:answers|choices|selections)\b/i.test(
        clean,
      ),
    frequency,
    qualifiers: frequency === undefined ? qualifiers : qualifiers.filter((t) => !/^\d+$/.test(t)),
    residual: named.filter(
      (token) =>
        !qualifiers.includes(token) && !frequencyTokens.has(token) && !details.includes(token),
    ),
    details,
    names: namesOf(askText).filter((token) => named.includes(token)),
    cues,
    // "If you do not have X yet, when …": the condition's negation is not the ask's.
    negative: isNegativeQuestion(premise ? askText : withoutOptions),
  };
}
