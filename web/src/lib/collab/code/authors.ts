/**
 * Shows who wrote which lines: a gutter with each line's author (initials on their colour) and a
 * faint tint of the same colour across the line. The page computes the authors and dispatches them
 * with `showAuthors`; `null` hides it all.
 */

import { type Extension, RangeSetBuilder, StateEffect, StateField } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, GutterMarker, gutter } from "@codemirror/view";
import { translate } from "$lib/i18n";
import type { LineAuthor } from "../attribution";

export interface Author {
  name: string;
  color: string;
  initials: string;
}

export interface AuthorView {
  lines: readonly LineAuthor[];
  /** By user id; an id missing here is drawn as an unknown author. */
  authors: ReadonlyMap<string, Author>;
}

// One object (markers are cached by author); its name is read in the language of the moment.
const UNKNOWN: Author = {
  get name() {
    return translate("workspace.code.unknownAuthor");
  },
  color: "#8a948f",
  initials: "?",
};

export const showAuthors = StateEffect.define<AuthorView | null>();

const authorField = StateField.define<AuthorView | null>({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(showAuthors)) return effect.value;
    return value;
  },
});

class AuthorMarker extends GutterMarker {
  constructor(readonly author: Author) {
    super();
  }

  override eq(other: GutterMarker): boolean {
    return other instanceof AuthorMarker && other.author === this.author;
  }

  override toDOM(): Node {
    const el = document.createElement("span");
    el.className = "cm-author";
    el.textContent = this.author.initials;
    el.title = this.author.name;
    el.style.setProperty("--author", this.author.color);
    return el;
  }
}

function authorAt(view: AuthorView, lineIndex: number): Author | null {
  const id = view.lines[lineIndex]?.authorId;
  if (!id) return null;
  return view.authors.get(id) ?? UNKNOWN;
}

const markers = new WeakMap<Author, AuthorMarker>();
function markerFor(author: Author): AuthorMarker {
  let marker = markers.get(author);
  if (!marker) {
    marker = new AuthorMarker(author);
    markers.set(author, marker);
  }
  return marker;
}

const authorGutter = gutter({
  class: "cm-author-gutter",
  lineMarker(view, line) {
    const value = view.state.field(authorField);
    if (!value) return null;
    const author = authorAt(value, view.state.doc.lineAt(line.from).number - 1);
    return author ? markerFor(author) : null;
  },
  lineMarkerChange: (update) => update.transactions.some((tr) => tr.effects.some((e) => e.is(showAuthors))),
});

const lineTints = EditorView.decorations.compute(["doc", authorField], (state): DecorationSet => {
  const value = state.field(authorField);
  const builder = new RangeSetBuilder<Decoration>();
  if (!value) return builder.finish();
  for (let n = 1; n <= state.doc.lines; n++) {
    const author = authorAt(value, n - 1);
    if (!author) continue;
    const style = `background-color: color-mix(in srgb, ${author.color} 9%, transparent)`;
    builder.add(state.doc.line(n).from, state.doc.line(n).from, Decoration.line({ attributes: { style } }));
  }
  return builder.finish();
});

const authorTheme = EditorView.theme({
  ".cm-author-gutter .cm-gutterElement": { padding: "0 0.4rem 0 0.5rem", display: "flex", alignItems: "center" },
  ".cm-author": {
    display: "inline-block",
    minWidth: "1.7rem",
    padding: "0 0.25rem",
    borderRadius: "4px",
    borderLeft: "3px solid var(--author)",
    backgroundColor: "color-mix(in srgb, var(--author) 16%, transparent)",
    color: "var(--author)",
    fontFamily: "var(--font-sans)",
    fontSize: "0.68rem",
    fontWeight: "700",
    lineHeight: "1.5",
    textAlign: "center",
  },
});

export function authorsExtension(): Extension {
  return [authorField, authorGutter, lineTints, authorTheme];
}
