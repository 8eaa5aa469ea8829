import { escapeHtml } from '@cosinum/presentation';
import { html, raw } from './html';

describe('HTML escaping', () => {
  it('escapes the five markup characters and the backtick', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });

  it('escapes every interpolated value of a template, in text and in attributes', () => {
    const title = '<script>alert(1)</script>';
    const id = '" onmouseover="alert(1)';
    expect(html`<a href="/e/${id}">${title}</a>`.value).toBe(
      '<a href="/e/&quot; onmouseover=&quot;alert(1)">&lt;script&gt;alert(1)&lt;/script&gt;</a>',
    );
  });

  it('keeps nested templates and raw markup as markup, and escapes strings inside lists', () => {
    const items = ['a&b', html`<b>${'<i>'}</b>`, raw('<hr>')];
    expect(html`<p>${items}</p>`.value).toBe('<p>a&amp;b<b>&lt;i&gt;</b><hr></p>');
  });

  it('renders numbers, and nothing for null, undefined and false', () => {
    expect(html`${1.5}|${null}|${undefined}|${false}|${0}`.value).toBe('1.5||||0');
  });

  it('does not escape twice', () => {
    const once = html`${'&'}`;
    expect(html`${once}`.value).toBe('&amp;');
  });
});
