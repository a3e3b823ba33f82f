import { oneSlip } from '../text.ts';
import type { ScopeId } from './concept-schema.ts';
import type { ConceptVocabulary } from './parse-concepts.ts';
import { canonicalWord, type Token, tokensOf, withoutApostrophes } from './term-tokens.ts';

/** What a text is about: its concepts and whose systems or people it concerns. */
export interface ConceptsOfText {
  /** Concept ids named in the text's own words, in order of first mention. */
  concepts: string[];
  /** Concept ids named only inside examples ("e.g. …", "such as …"): weigh them lower. */
  asides: string[];
  /** Scopes named anywhere in the text (asides included), in order of first mention. */
  scopes: ScopeId[];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Index of the entry whose term ends here. */
  entry?: number;
}

interface Match {
  entry: number;
  start: number;
  end: number;
}

/**
 * Builds a matcher from a vocabulary: each term becomes a path in a token trie, plus the
 * closed compounds of its spaced words ("pen test" → "pentest") unless another entry
 * claims them. The returned function finds terms by longest match and drops any match
 * that lies inside a longer one, so "content security policy" never also reads as
 * "security policy". Scope words inside a concept's term ("Azure AD") are not scopes.
 */
export function createConceptMatcher(
  vocabulary: ConceptVocabulary,
): (text: string) => ConceptsOfText {
  const concepts = createTrie(vocabulary.conceptTerms);
  const scopes = createTrie(vocabulary.scopeTerms);
  return (text) => {
    const clean = withoutApostrophes(text);
    const tokens = tokensOf(clean);
    const scopeTokens = tokensOf(clean, { keepArticles: true });
    const conceptMatches = outermost(matchesOf(concepts.root, tokens));
    const inAside = asideTest(clean);
    const named = new Set<string>();
    const aside = new Set<string>();
    for (const match of conceptMatches) {
      const id = concepts.ids[match.entry] as string;
      const start = tokens[match.start]?.start ?? 0;
      (inAside(start) ? aside : named).add(id);
    }
    const scopeIds = new Set<ScopeId>();
    const span = (list: readonly Token[], match: Match) => [
      list[match.start]?.start ?? 0,
      list[match.end - 1]?.end ?? 0,
    ];
    for (const match of outermost(matchesOf(scopes.root, scopeTokens))) {
      const [from = 0, to = 0] = span(scopeTokens, match);
      const inside = conceptMatches.some((concept) => {
        const [start = 0, end = 0] = span(tokens, concept);
        return start <= from && to <= end;
      });
      const id = scopes.ids[match.entry] as ScopeId;
      // "customer data" is what is handled, not the customers as people.
      const next = scopeTokens[match.end]?.token;
      const held = id === 'customers' && next !== undefined && heldWords.has(next);
      if (!inside && !held) scopeIds.add(id);
    }
    return {
      concepts: [...named],
      asides: [...aside].filter((id) => !named.has(id)),
      scopes: [...scopeIds],
    };
  };
}

/** Words after "customer" that make it the owner of what is handled rather than people. */
const heldWords = new Set([
  'data',
  'information',
  'content',
  'contents',
  'record',
  'records',
  'file',
  'files',
  'document',
  'documents',
]);

function createTrie(entries: ReadonlyArray<{ id: string; terms: string[][] }>) {
  const owners = new Map<string, number>();
  entries.forEach((entry, index) => {
    for (const term of entry.terms) owners.set(term.join(' '), index);
  });
  // Closed compounds: null marks one that two entries would claim.
  const compounds = new Map<string, { index: number; tokens: string[] } | null>();
  entries.forEach((entry, index) => {
    for (const term of entry.terms) {
      for (let at = 0; at + 1 < term.length; at++) {
        const left = term[at] as string;
        const right = term[at + 1] as string;
        if (!/^[a-z]+$/.test(left) || !/^[a-z]+$/.test(right)) continue;
        const tokens = [...term.slice(0, at), canonicalWord(left + right), ...term.slice(at + 2)];
        const key = tokens.join(' ');
        if (owners.has(key)) continue;
        const claimed = compounds.get(key);
        if (claimed === undefined) compounds.set(key, { index, tokens });
        else if (claimed !== null && claimed.index !== index) compounds.set(key, null);
      }
    }
  });
  const root: TrieNode = { next: new Map() };
  const insert = (tokens: readonly string[], index: number) => {
    let node = root;
    for (const token of tokens) {
      let child = node.next.get(token);
      if (!child) {
        child = { next: new Map() };
        node.next.set(token, child);
      }
      node = child;
    }
    node.entry = index;
  };
  entries.forEach((entry, index) => {
    for (const term of entry.terms) insert(term, index);
  });
  for (const compound of compounds.values()) if (compound) insert(compound.tokens, compound.index);
  return { root, ids: entries.map((entry) => entry.id) };
}

/** At each token, the longest term that starts there (token indexes, end exclusive). */
function matchesOf(root: TrieNode, tokens: readonly Token[]): Match[] {
  const matches: Match[] = [];
  for (let start = 0; start < tokens.length; start++) {
    let node: TrieNode | undefined = root;
    let longest: Match | undefined;
    for (let at = start; at < tokens.length; at++) {
      const token = (tokens[at] as Token).token;
      node = node.next.get(token) ?? slipped(node, token);
      if (!node) break;
      if (node.entry !== undefined) longest = { entry: node.entry, start, end: at + 1 };
    }
    if (longest) matches.push(longest);
  }
  return matches;
}

/**
 * The branch a long word takes when typed with one slip ("encrpytion", "authentcation"):
 * only words of eight letters or more, so that short words never stand for one another.
 */
function slipped(node: TrieNode, token: string): TrieNode | undefined {
  if (token.length < 8) return undefined;
  for (const [word, next] of node.next)
    if (word.length >= 8 && Math.abs(word.length - token.length) <= 1 && oneSlip(word, token))
      return next;
  return undefined;
}

/** Matches not inside an earlier, longer one (the input is ordered by start). */
function outermost(matches: readonly Match[]): Match[] {
  const kept: Match[] = [];
  let reach = 0;
  for (const match of matches) {
    if (match.end <= reach) continue;
    kept.push(match);
    reach = match.end;
  }
  return kept;
}

/** Words that open an example: what follows them, to the end of the clause, is an aside. */
const exampleMarker = /\b(?:e\.\s?g\b\.?|eg\.|for example|for instance|such as)/gi;
/** Where an aside outside brackets ends: a clause or sentence break. */
const clauseEnd = /[;?!)\]\n]|\.(?=\s|$)/g;

/** A test of whether a text offset lies inside an example aside. */
function asideTest(text: string): (offset: number) => boolean {
  const spans: Array<[number, number]> = [];
  for (const marker of text.matchAll(exampleMarker)) {
    const from = marker.index + marker[0].length;
    spans.push([from, asideEnd(text, marker.index, from)]);
  }
  if (spans.length === 0) return () => false;
  return (offset) => spans.some(([from, to]) => offset >= from && offset < to);
}

function asideEnd(text: string, markerAt: number, from: number): number {
  let depth = 0;
  for (let at = markerAt - 1; at >= 0 && depth <= 0; at--) {
    const char = text[at];
    if (char === ')' || char === ']') depth--;
    else if (char === '(' || char === '[') depth++;
  }
  if (depth > 0) {
    let open = 1;
    for (let at = from; at < text.length; at++) {
      const char = text[at];
      if (char === '(' || char === '[') open++;
      else if ((char === ')' || char === ']') && --open === 0) return at;
    }
    return text.length;
  }
  clauseEnd.lastIndex = from;
  const end = clauseEnd.exec(text);
  return end ? end.index : text.length;
}
