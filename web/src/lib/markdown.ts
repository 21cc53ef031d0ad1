/**
 * A small, safe markdown renderer for lesson texts: headings, paragraphs, lists, quotes, rules,
 * fenced code, inline code, bold, italic and links. Everything is HTML-escaped before any markup is
 * added, so no tag or attribute from the source reaches the page; links keep web and mail addresses only.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** http(s), mailto, and same-site paths; anything else (javascript:, data:) becomes plain text. */
function safeHref(escapedUrl: string): string | null {
  return /^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(escapedUrl) ? escapedUrl : null;
}

/** Inline markup on already escaped text; code spans are set aside first so nothing inside them is formatted. */
function inline(escaped: string): string {
  const spans: string[] = [];
  let text = escaped.replace(/`([^`]+)`/g, (_, code: string) => {
    spans.push(`<code>${code}</code>`);
    return `\uE000${spans.length - 1}\uE000`;
  });
  text = text
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, url: string) => {
      const href = safeHref(url);
      return href ? `<a href="${href}" rel="noopener noreferrer" target="_blank">${label}</a>` : whole;
    })
    .replace(/\*\*(?=\S)(.+?)\*\*|__(?=\S)(.+?)__/g, (_, a?: string, b?: string) => `<strong>${a ?? b}</strong>`)
    .replace(/\*(?=\S)(.+?)\*|\b_(?=\S)(.+?)_\b/g, (_, a?: string, b?: string) => `<em>${a ?? b}</em>`);
  return text.replace(/\uE000(\d+)\uE000/g, (_, i: string) => spans[Number(i)]!);
}

/** One line of text with inline markup only (code, bold, italic, links): quiz prompts, options, explanations. */
export function renderInlineMarkdown(source: string): string {
  return inline(escapeHtml(source));
}

const FENCE = /^```\s*([\w+-]*)\s*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^(?:-{3,}|\*{3,}|_{3,})\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
/** Matched on escaped text, where `>` is `&gt;`. */
const QUOTE = /^&gt;\s?(.*)$/;

/** Renders markdown to HTML. `#` becomes `<h2>`: the lesson's own title is the page's `<h1>`. */
export function renderMarkdown(source: string): string {
  const lines = escapeHtml(source.replace(/\r\n?/g, "\n")).split("\n");
  const out: string[] = [];
  let i = 0;
  // The captured text of consecutive lines matching `pattern`, from line i on.
  const collect = (pattern: RegExp): string[] => {
    const items: string[] = [];
    while (i < lines.length) {
      const match = pattern.exec(lines[i]!);
      if (!match) break;
      items.push(match[1] ?? "");
      i++;
    }
    return items;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    const heading = HEADING.exec(line);
    if (fence) {
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
      const stop = end === -1 ? lines.length : end;
      const language = fence[1] ? ` class="language-${fence[1]}"` : "";
      out.push(`<pre><code${language}>${lines.slice(i + 1, stop).join("\n")}</code></pre>`);
      i = stop + 1;
    } else if (heading) {
      const level = Math.min(heading[1]!.length + 1, 6);
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      i++;
    } else if (RULE.test(line)) {
      out.push("<hr>");
      i++;
    } else if (BULLET.test(line)) {
      out.push(
        `<ul>${collect(BULLET)
          .map((item) => `<li>${inline(item)}</li>`)
          .join("")}</ul>`,
      );
    } else if (NUMBERED.test(line)) {
      out.push(
        `<ol>${collect(NUMBERED)
          .map((item) => `<li>${inline(item)}</li>`)
          .join("")}</ol>`,
      );
    } else if (QUOTE.test(line)) {
      out.push(`<blockquote><p>${inline(collect(QUOTE).join(" ").trim())}</p></blockquote>`);
    } else if (line.trim() === "") {
      i++;
    } else {
      const paragraph: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== "" && !startsBlock(lines[i]!)) paragraph.push(lines[i++]!.trim());
      out.push(`<p>${inline(paragraph.join(" "))}</p>`);
    }
  }
  return out.join("\n");
}

function startsBlock(line: string): boolean {
  return [FENCE, HEADING, RULE, BULLET, NUMBERED, QUOTE].some((pattern) => pattern.test(line));
}
