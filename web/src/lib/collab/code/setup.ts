/** The editor's look and its everyday features, in the app's colours (light and dark). */

import type { CodeLanguage } from "@chalkline/shared";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { EditorState, type Extension } from "@codemirror/state";
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";
import { tags as t } from "@lezer/highlight";
import { translate } from "$lib/i18n";

/** Token colours come from CSS variables, so the page decides them for light and dark. */
const highlightStyle = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], color: "var(--tok-keyword)" },
  { tag: [t.string, t.special(t.string), t.regexp], color: "var(--tok-string)" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "var(--tok-number)" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--tok-comment)", fontStyle: "italic" },
  {
    tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.function(t.variableName))],
    color: "var(--tok-function)",
  },
  { tag: [t.typeName, t.className, t.namespace], color: "var(--tok-type)" },
  { tag: [t.propertyName, t.attributeName], color: "var(--tok-property)" },
  { tag: [t.tagName, t.angleBracket], color: "var(--tok-tag)" },
  { tag: [t.self, t.special(t.variableName)], color: "var(--tok-keyword)" },
  { tag: [t.meta, t.processingInstruction, t.documentMeta], color: "var(--tok-comment)" },
  { tag: t.invalid, color: "var(--danger)" },
  { tag: t.heading, fontWeight: "bold" },
  { tag: t.emphasis, fontStyle: "italic" },
  { tag: t.strong, fontWeight: "bold" },
]);

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "0.925rem", backgroundColor: "var(--surface)", color: "var(--text)" },
  // The editor's frame shows focus instead (CodeEditor.svelte).
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.6" },
  // Room above the first line for remote cursor labels.
  ".cm-content": { padding: "1.25rem 0 2rem", caretColor: "var(--text)" },
  ".cm-line": { padding: "0 1rem 0 0.75rem" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground": {
    backgroundColor: "color-mix(in srgb, var(--focus) 22%, transparent)",
  },
  ".cm-gutters": {
    backgroundColor: "var(--surface)",
    color: "var(--muted)",
    border: "none",
    borderRight: "1px solid var(--border)",
  },
  ".cm-lineNumbers .cm-gutterElement": { padding: "0 0.75rem 0 1rem", minWidth: "2.5rem" },
  ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--primary-soft) 55%, transparent)" },
  ".cm-activeLineGutter": { backgroundColor: "transparent", color: "var(--text)", fontWeight: "600" },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": {
    backgroundColor: "color-mix(in srgb, var(--accent) 30%, transparent)",
    outline: "none",
  },
  // Remote cursors: the name stays visible instead of appearing only on hover.
  ".cm-ySelectionCaret": { borderLeftWidth: "2px", borderRightWidth: "0" },
  ".cm-ySelectionInfo": {
    opacity: "1",
    top: "-1.45em",
    left: "-2px",
    padding: "0.05em 0.45em",
    borderRadius: "4px 4px 4px 0",
    fontFamily: "var(--font-sans)",
    fontSize: "0.72rem",
    fontWeight: "600",
    lineHeight: "1.4",
    boxShadow: "0 1px 2px rgb(0 0 0 / 0.2)",
  },
  ".cm-ySelectionCaretDot": { display: "none" },
});

export function editorSetup(language: CodeLanguage): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentUnit.of(language === "python" ? "    " : "  "),
    indentOnInput(),
    syntaxHighlighting(highlightStyle),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    // Undo and redo come from the shared document's own undo manager (see CodeEditor.svelte).
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ "aria-label": translate("workspace.code.editorLabel") }),
    theme,
  ];
}
