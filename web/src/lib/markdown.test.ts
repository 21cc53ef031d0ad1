import { describe, expect, it } from "vitest";
import { renderInlineMarkdown, renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("renders headings a level down, paragraphs, lists, quotes and rules", () => {
    const html = renderMarkdown("# Title\n\nOne\nline.\n\n- a\n- b\n\n1. x\n2) y\n\n> quoted\n> more\n\n---");
    expect(html).toBe(
      [
        "<h2>Title</h2>",
        "<p>One line.</p>",
        "<ul><li>a</li><li>b</li></ul>",
        "<ol><li>x</li><li>y</li></ol>",
        "<blockquote><p>quoted more</p></blockquote>",
        "<hr>",
      ].join("\n"),
    );
  });

  it("formats inline code, bold, italic and safe links, but leaves code and snake_case alone", () => {
    expect(renderMarkdown("**bold** *it* _it_ `a *b* c` my_var_name")).toBe(
      "<p><strong>bold</strong> <em>it</em> <em>it</em> <code>a *b* c</code> my_var_name</p>",
    );
    expect(renderMarkdown("[docs](https://example.test/a?b=1&c=2)")).toBe(
      '<p><a href="https://example.test/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">docs</a></p>',
    );
  });

  it("escapes HTML everywhere and drops unsafe link targets", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](data:text/html,hi)\n\n```html\n<b onclick="x">\n```',
    );
    expect(html).not.toMatch(/<script|<b |href="javascript|href="data/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('<pre><code class="language-html">&lt;b onclick=&quot;x&quot;&gt;</code></pre>');
  });

  it("keeps an unclosed fence open to the end", () => {
    expect(renderMarkdown("```\nprint(1)\n# not a heading")).toBe("<pre><code>print(1)\n# not a heading</code></pre>");
  });

  it("renders one line inline, escaped, without blocks", () => {
    expect(renderInlineMarkdown("# What does `x = 3` do <b>?")).toBe("# What does <code>x = 3</code> do &lt;b&gt;?");
  });
});
