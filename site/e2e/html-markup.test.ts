import { describe, expect, it } from 'vitest';
import { withoutAttributeValues } from './html-markup.ts';

describe('withoutAttributeValues', () => {
  it('drops what a quoted attribute value holds, markup included', () => {
    expect(
      withoutAttributeValues(
        `<meta content="a <script>x</script> &#34;><img src=x>" name='b <svg onload=y>'>`,
      ),
    ).toBe(`<meta content="" name=''>`);
  });

  it('keeps text and the tags that became markup', () => {
    const html = '<p>&lt;script&gt;x&lt;/script&gt;</p><img src=x onerror="y"><svg onload=y>';
    expect(withoutAttributeValues(html)).toBe(
      '<p>&lt;script&gt;x&lt;/script&gt;</p><img src=x onerror=""><svg onload=y>',
    );
  });

  it('leaves a `<` that starts no tag, and an unterminated tag, as they are', () => {
    expect(withoutAttributeValues('a < b <!-- c --> <p title="d')).toBe(
      'a < b <!-- c --> <p title=""',
    );
  });
});
