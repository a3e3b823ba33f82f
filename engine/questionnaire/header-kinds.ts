/**
 * What a short header cell of a buyer's table names: the id, the question, the vendor's
 * answer, a comment, or a column the buyer's analyst fills in (score, weight, notes).
 */

export type HeaderKind = 'id' | 'question' | 'answer' | 'comment' | 'scoring';

/** Longer cells are prose, not headers. */
const maxHeaderLength = 60;

const scoringPattern =
  /\b(scores?|scoring|weights?|weighting|weighted|points|analysts?|evaluat\w*|reviewers?|assessors?|auditors?|reviewed by|max(imum)? points)\b/;
const idPattern =
  /^(question ?id|control ?id|req(uirement)? ?id|id|ref\.?|ref ?#|reference|#|no\.?|num(ber)?|item ?#?|question ?#|question (no\.?|number)|q ?#|qid|s\/?n|sl\.? ?no\.?|[a-z]{1,12}\.? ?(#|no\.?|num\.?|number|id))$/;
const questionPattern =
  /^(questions?|question text|requirements?|requirement text|query|queries|controls? (question|requirement)s?|assessment questions?|security questions?|criteria|item description)$/;
const commentPattern =
  /\b(comments?|notes?|additional (info\w*|details?|context)|explanation|explain|justification|remarks?|details?|evidence|clarification|supporting (info\w*|documentation)|description of|implementation description)\b/;
const answerPattern =
  /(\b(answers?|responses?|reply|replies|input)\b|\byes ?\/ ?no\b|\by ?\/ ?n\b|^(compliant|compliance|in place|implemented|select one|selection)\b)/;

/** Lower-cased, single-spaced text of a header cell. */
export function headerText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The kind of column a header names, or undefined for a cell that is not a known header. */
export function headerKind(text: string): HeaderKind | undefined {
  const h = headerText(text).replace(/[:*]+$/, '');
  if (h === '' || h.length > maxHeaderLength) return undefined;
  if (scoringPattern.test(h)) return 'scoring';
  if (idPattern.test(h)) return 'id';
  if (questionPattern.test(h)) return 'question';
  if (/\bquestions?\b/.test(h) && !/\b(id|number|no\.?|#|category|type|group|section)\b/.test(h))
    return 'question';
  if (/\byes ?\/ ?no\b|\by ?\/ ?n\b/.test(h)) return 'answer';
  if (commentPattern.test(h)) return 'comment';
  if (answerPattern.test(h)) return 'answer';
  return undefined;
}
