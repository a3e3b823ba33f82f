const reference = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` references with values from `env`. Returns the names that are unset
 * (or empty) instead of a value, so the check errors rather than runs against half a target.
 */
export function substituteEnv(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): { value: string; missing: [] } | { value: undefined; missing: string[] } {
  const missing = [...text.matchAll(reference)]
    .map((match) => match[1] ?? '')
    .filter((name, index, names) => !env[name] && names.indexOf(name) === index);
  if (missing.length > 0) return { value: undefined, missing };
  return { value: text.replace(reference, (_, name: string) => env[name] ?? ''), missing: [] };
}
