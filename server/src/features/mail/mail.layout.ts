import { directionOf, type Locale } from "@chalkline/shared";

/** One email, in the two forms every message carries. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What a message says: short paragraphs and at most one button, which the text form spells out as a link. */
export interface MailContent {
  to: string;
  /** The language the content is written in, for the page's `lang` and direction. */
  locale: Locale;
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Small print under the message (why it was sent, what to do if it was not expected). */
  footer?: string;
}

/** The line under the button that spells its link out. */
const OPEN_LINK: Record<Locale, string> = {
  en: "Or open this link:",
  es: "O abre este enlace:",
  ar: "أو افتح هذا الرابط:",
};

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Names and addresses come from users, so every piece of text is escaped before it goes into HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Renders content into plain text and a simple HTML page that mail clients display alike (inline styles, the app's green). */
export function renderMail(content: MailContent): MailMessage {
  const { action, footer } = content;
  const text = [
    ...content.paragraphs,
    ...(action ? [`${action.label}: ${action.url}`] : []),
    ...(footer ? ["--", footer] : []),
  ].join("\n\n");
  const paragraph = (p: string) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`;
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#1d5a4c;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#555">${OPEN_LINK[content.locale]} <a href="${escapeHtml(action.url)}" dir="ltr">${escapeHtml(action.url)}</a></p>`
    : "";
  const small = footer ? `<p style="margin:32px 0 0;font-size:12px;color:#777">${escapeHtml(footer)}</p>` : "";
  const html = [
    `<!doctype html><html lang="${content.locale}" dir="${directionOf(content.locale)}"><head><meta charset="utf-8"></head>`,
    '<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#1d1d1f;max-width:560px;margin:0 auto;padding:24px">',
    ...content.paragraphs.map(paragraph),
    button,
    small,
    "</body></html>",
  ].join("");
  return { to: content.to, subject: content.subject, text, html };
}
