import { describe, expect, it } from "vitest";
import { escapeHtml, renderMail } from "./mail.layout";

describe("renderMail", () => {
  const mail = renderMail({
    to: "ada@example.test",
    locale: "en",
    subject: "Hello",
    paragraphs: ['Hi <b>Ada</b> & "friends",', "Second paragraph."],
    action: { label: "Open", url: "https://class.example/signup/complete#token=abc_123" },
    footer: "Small print.",
  });

  it("spells the action out as a link in the text form", () => {
    expect(mail.text).toBe(
      'Hi <b>Ada</b> & "friends",\n\nSecond paragraph.\n\nOpen: https://class.example/signup/complete#token=abc_123\n\n--\n\nSmall print.',
    );
  });

  it("escapes what users wrote before it goes into HTML", () => {
    expect(mail.html).toContain("Hi &lt;b&gt;Ada&lt;/b&gt; &amp; &quot;friends&quot;,");
    expect(mail.html).not.toContain("<b>Ada</b>");
    expect(mail.html).toContain('href="https://class.example/signup/complete#token=abc_123"');
  });

  it("escapes every character that could leave an attribute or a tag", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });

  it("marks the page's language and direction", () => {
    expect(mail.html).toContain('<html lang="en" dir="ltr">');
    const arabic = renderMail({ to: "ada@example.test", locale: "ar", subject: "مرحبًا", paragraphs: ["نص"] });
    expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
  });
});
