/** Code languages: their names, file extensions and CodeMirror support. */

import { CODE_LANGUAGES, type CodeLanguage } from "@chalkline/shared";
import { css } from "@codemirror/lang-css";
import { html } from "@codemirror/lang-html";
import { javascript } from "@codemirror/lang-javascript";
import { python } from "@codemirror/lang-python";
import type { Extension } from "@codemirror/state";
import { assertNever } from "$lib/assert";
import { translate } from "$lib/i18n";

/** Proper names, the same in every language; plain text is described in the reader's. */
const LANGUAGE_NAMES: Record<Exclude<CodeLanguage, "plain">, string> = {
  javascript: "JavaScript",
  typescript: "TypeScript",
  python: "Python",
  html: "HTML",
  css: "CSS",
};

export function languageLabel(language: CodeLanguage): string {
  return language === "plain" ? translate("workspace.language.plain") : LANGUAGE_NAMES[language];
}

const EXTENSIONS: Record<CodeLanguage, string> = {
  javascript: ".js",
  typescript: ".ts",
  python: ".py",
  html: ".html",
  css: ".css",
  plain: ".txt",
};

const BY_EXTENSION: Record<string, CodeLanguage> = {
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  ts: "typescript",
  tsx: "typescript",
  py: "python",
  html: "html",
  htm: "html",
  css: "css",
  txt: "plain",
  md: "plain",
};

/** The language a file name suggests ("app.ts" → typescript), if its extension is known. */
export function languageFromName(name: string): CodeLanguage | null {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? (BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? null) : null;
}

/** A file name with the language's extension added when it has none ("notes" → "notes.txt"). */
export function withExtension(name: string, language: CodeLanguage): string {
  const trimmed = name.trim();
  return trimmed.includes(".") ? trimmed : `${trimmed}${EXTENSIONS[language]}`;
}

export function isCodeLanguage(value: string): value is CodeLanguage {
  return (CODE_LANGUAGES as readonly string[]).includes(value);
}

export function languageSupport(language: CodeLanguage): Extension {
  switch (language) {
    case "javascript":
      return javascript();
    case "typescript":
      return javascript({ typescript: true });
    case "python":
      return python();
    case "html":
      return html();
    case "css":
      return css();
    case "plain":
      return [];
    default:
      return assertNever(language);
  }
}
