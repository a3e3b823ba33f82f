import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured markdown: emphasis, lists, links, tables', () => {
    expect(
      renderMarkdown(
        'We use **TLS 1.2+**.\n\n- one\n- [two](https://example.com/x)\n\n| A | B |\n|---|---|\n| 1 | 2 |',
      ),
    ).toBe(
      [
        '<p>We use <strong>TLS 1.2+</strong>.</p>',
        '<ul>',
        '<li>one</li>',
        '<li><a href="https://example.com/x">two</a></li>',
        '</ul>',
        '<table>',
        '<thead>',
        '<tr>',
        '<th>A</th>',
        '<th>B</th>',
        '</tr>',
        '</thead>',
        '<tbody>',
        '<tr>',
        '<td>1</td>',
        '<td>2</td>',
        '</tr>',
        '</tbody>',
        '</table>',
      ].join('\n'),
    );
  });

  it('drops raw HTML, inline and in blocks, instead of passing it through', () => {
    const html = renderMarkdown(
      'Hello <script>alert(1)</script> there <b onclick="x()">bold</b>\n\n<div class="x">\n<iframe src="https://evil.example"></iframe>\n</div>\n\n<style>body{display:none}</style>',
    );
    expect(html).toBe('<p>Hello alert(1) there bold</p>');
  });

  it('drops event handlers and images, keeping the alt text', () => {
    expect(renderMarkdown('<img src=x onerror=alert(1)>')).toBe('');
    expect(renderMarkdown('![diagram of <b>it</b>](https://cdn.example/a.png "t")')).toBe(
      '<p>diagram of &#x3C;b>it&#x3C;/b></p>',
    );
    expect(renderMarkdown('![x](javascript:alert(1))')).not.toMatch(/<img|javascript/i);
  });

  it.each([
    '[click](javascript:alert(1))',
    '[click](JavaScript:alert(1))',
    '[click](jav&#x61;script:alert(1))',
    '[click](javascript&colon;alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](vbscript:msgbox(1))',
    '<javascript:alert(1)>',
    '[click][ref]\n\n[ref]: javascript:alert(1)',
  ])('removes the dangerous link in %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toContain('href=');
    expect(html).toMatch(/^<p>(<a>)?[^<]*(<\/a>)?<\/p>$/);
  });

  it('keeps http(s), mailto and relative links', () => {
    expect(
      renderMarkdown(
        '[a](https://a.example) [b](mailto:security@a.example) [c](/documents/dpa/) [d](#faq)',
      ),
    ).toBe(
      '<p><a href="https://a.example">a</a> <a href="mailto:security@a.example">b</a> <a href="/documents/dpa/">c</a> <a href="#faq">d</a></p>',
    );
  });

  it('escapes text that looks like markup', () => {
    expect(renderMarkdown('`<script>` and 1 < 2 & "quotes"')).toBe(
      '<p><code>&#x3C;script></code> and 1 &#x3C; 2 &#x26; "quotes"</p>',
    );
  });

  it('places headings at the requested level and keeps their order', () => {
    expect(renderMarkdown('# Top\n\n### Deeper\n\n## Middle', { headingLevel: 3 })).toBe(
      '<h3>Top</h3>\n<h5>Deeper</h5>\n<h4>Middle</h4>',
    );
    expect(renderMarkdown('### Only', {})).toBe('<h2>Only</h2>');
    expect(renderMarkdown('# A\n\n###### B', { headingLevel: 5 })).toBe('<h5>A</h5>\n<h6>B</h6>');
  });

  it('never lets ids clobber the page', () => {
    expect(renderMarkdown('Note[^1]\n\n[^1]: The note.')).not.toMatch(/ id="(?!user-content-)/);
  });

  it('is deterministic', () => {
    const source =
      '# T\n\nText with [a link](https://x.example) and a table\n\n| a |\n|---|\n| b |';
    expect(renderMarkdown(source)).toBe(renderMarkdown(source));
  });
});
