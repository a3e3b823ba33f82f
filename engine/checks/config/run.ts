import { displayPath, resolveOrgPath } from '../org-path.ts';
import { CheckError, type CheckModule, verdict } from '../types.ts';
import { configFormat, parseConfig, readConfig } from './config-file.ts';

const dayMs = 86_400_000;

type Found = { found: true; value: unknown } | { found: false };

/** Follows a dotted path (`server.tls.minVersion`; numeric segments index lists) through parsed data. */
function valueAt(root: unknown, path: string): Found {
  let current = root;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      const index = Number(segment);
      if (index >= current.length) return { found: false };
      current = current[index];
    } else if (
      current !== null &&
      typeof current === 'object' &&
      !Array.isArray(current) &&
      Object.hasOwn(current, segment)
    ) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

/** A .env file is flat: the path is one key, taken literally. */
function envValue(variables: Record<string, string>, key: string): Found {
  return Object.hasOwn(variables, key) ? { found: true, value: variables[key] } : { found: false };
}

const isScalar = (value: unknown): value is string | number | boolean | null =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** A value as a report shows it: text quoted, lists and objects summarised. */
function show(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return JSON.stringify(value) ?? String(value);
}

/** The value as a finite number; numeric text counts only where every value is text (.env). */
function numberOf(value: unknown, textual: boolean): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (textual && typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
  }
  return undefined;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

const datePattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Age in days of a YYYY-MM-DD date (whole calendar days, UTC) or an ISO timestamp (fractional),
 * or why the value is not a usable date.
 */
function ageInDays(value: unknown, now: Date): { days: number } | { problem: string } {
  const match = typeof value === 'string' ? datePattern.exec(value) : null;
  const [, year, month, day] = match ?? [];
  if (!match || !isCalendarDate(Number(year), Number(month), Number(day))) {
    return { problem: `is ${show(value)}, not a date (write YYYY-MM-DD or an ISO timestamp)` };
  }
  const text = match[0];
  const days =
    text.length === 10
      ? (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) -
          Date.parse(`${text}T00:00:00Z`)) /
        dayMs
      : (now.getTime() - Date.parse(text.replace(' ', 'T'))) / dayMs;
  if (Number.isNaN(days))
    return { problem: `is ${show(value)}, not a date (write YYYY-MM-DD or an ISO timestamp)` };
  if (days < 0) return { problem: `is dated in the future (${text})` };
  return { days: Math.round(days * 10) / 10 };
}

/**
 * `config`: reads one value from a JSON, YAML, TOML or .env file (chosen by the file name)
 * at a dotted path, and checks `equals` (strict: the number 1 is not the text "1", except in
 * .env files where every value is text), `matches` (a regular expression against the value as
 * text), `gte`/`lte` (a finite number), and `maxAgeDays` (a date no older than that). A
 * missing, unreadable or unparsable file is an error; a path that is not set is a failure.
 */
export const configCheck: CheckModule<'config'> = {
  type: 'config',
  async run(check, context) {
    const { path, equals, matches, gte, lte, maxAgeDays } = check.expect;
    const file = resolveOrgPath(context.target, context.orgDir);
    const shown = displayPath(file, context.orgDir);
    const format = configFormat(file);
    if (!format) {
      throw new CheckError(`${shown} is not a config format the check can read`, {
        hint: 'use a .json, .yaml/.yml, .toml or .env file',
      });
    }
    const data = parseConfig(await readConfig(file, shown, context.signal), format, shown);
    const found =
      format === 'env' ? envValue(data as Record<string, string>, path) : valueAt(data, path);
    const expected = check.expect;
    if (!found.found) {
      return {
        status: 'fail',
        observed: { file: shown, path, set: false },
        expected,
        message: `${path} is not set in ${shown}`,
        hint: `add ${path} to ${shown}, or fix the path (dotted keys; numbers index lists)`,
      };
    }

    const value = found.value;
    const textual = format === 'env';
    const observed: Record<string, unknown> = {
      file: shown,
      path,
      value: isScalar(value) ? value : show(value),
    };
    const problems: string[] = [];
    const constrained = [equals, matches, gte, lte, maxAgeDays].some((rule) => rule !== undefined);
    if (constrained && !isScalar(value)) {
      problems.push(`${path} is ${show(value)}, not a single value`);
    } else {
      if (equals !== undefined && (textual ? String(value) !== String(equals) : value !== equals)) {
        problems.push(`${path} is ${show(value)}, expected ${show(equals)}`);
      }
      if (matches !== undefined && !new RegExp(matches).test(String(value))) {
        problems.push(`${path} is ${show(value)}, which does not match /${matches}/`);
      }
      if (gte !== undefined || lte !== undefined) {
        const number = numberOf(value, textual);
        if (number === undefined) problems.push(`${path} is ${show(value)}, not a number`);
        else if (gte !== undefined && number < gte)
          problems.push(`${path} is ${number}, below the minimum ${gte}`);
        else if (lte !== undefined && number > lte)
          problems.push(`${path} is ${number}, above the maximum ${lte}`);
      }
      if (maxAgeDays !== undefined) {
        const age = ageInDays(value, context.now);
        if ('problem' in age) problems.push(`${path} ${age.problem}`);
        else {
          observed.ageDays = age.days;
          if (age.days > maxAgeDays)
            problems.push(
              `${path} is ${show(value)}, ${age.days} days old (maximum ${maxAgeDays})`,
            );
        }
      }
    }
    const age = typeof observed.ageDays === 'number' ? `, ${observed.ageDays} days old` : '';
    return verdict(
      problems,
      observed,
      expected,
      `${path} is ${show(value)} in ${shown}${age}`,
      `change ${path} in ${shown}, or update the control's expect if the requirement changed`,
    );
  },
};
