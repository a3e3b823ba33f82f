/** A document body without its leading `# Title` line: the page shows the title itself. */
export function withoutLeadingTitle(body: string): string {
  return body.replace(/^\s*#[ \t]+[^\n]*(\n|$)/, '');
}
