/**
 * The HTML with the contents of every quoted attribute value removed. What is left is
 * markup and text: in text a `<` that is not escaped starts a tag, and inside a tag only
 * names remain. So a payload found in it was served as markup, not as escaped text — a
 * `<` inside an attribute value is harmless and is what this leaves out.
 */
export function withoutAttributeValues(html: string): string {
  let out = '';
  let index = 0;
  while (index < html.length) {
    const char = html[index] as string;
    out += char;
    index++;
    if (char !== '<' || !/[A-Za-z]/.test(html[index] ?? '')) continue;
    // Inside a start tag until an unquoted `>`.
    while (index < html.length && html[index] !== '>') {
      const quote = html[index] as string;
      if (quote === '"' || quote === "'") {
        const end = html.indexOf(quote, index + 1);
        out += quote + quote;
        index = end === -1 ? html.length : end + 1;
      } else {
        out += quote;
        index++;
      }
    }
  }
  return out;
}
