/**
 * "Who wrote which lines": the live characters of a Y.Text, each with the Yjs client that inserted
 * it, folded into one dominant author per line. Pure apart from reading the Yjs item list, so it
 * can be checked with plain strings.
 */

import * as Y from "yjs";

/** A stretch of live text inserted by one Yjs client. */
export interface TextRun {
  text: string;
  client: number;
}

/** The author of one line (0-based), or null for blank lines and unknown writers. */
export interface LineAuthor {
  line: number;
  authorId: string | null;
}

/**
 * The live text as runs, in document order, by walking the Y.Text's item list. Deleted items and
 * non-text content (formatting marks, embeds) are skipped; their positions are not part of the text.
 */
export function textRuns(ytext: Y.Text): TextRun[] {
  const runs: TextRun[] = [];
  for (let item = ytext._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable || !(item.content instanceof Y.ContentString)) continue;
    const last = runs.at(-1);
    if (last && last.client === item.id.client) last.text += item.content.str;
    else runs.push({ text: item.content.str, client: item.id.client });
  }
  return runs;
}

/**
 * One author per line: whoever wrote most of the line's visible characters (whitespace does not
 * count, so re-indenting someone's line does not take it over). Ties go to the earliest writer
 * on the line. `authorOf` turns a Yjs client id into a user id, or null when it is unknown.
 */
export function lineAuthors(runs: readonly TextRun[], authorOf: (client: number) => string | null): LineAuthor[] {
  const lines: LineAuthor[] = [];
  let counts = new Map<string, number>();
  const endLine = () => {
    let best: string | null = null;
    let bestCount = 0;
    for (const [author, count] of counts) {
      if (count > bestCount) {
        best = author;
        bestCount = count;
      }
    }
    lines.push({ line: lines.length, authorId: best });
    counts = new Map();
  };
  for (const run of runs) {
    const author = authorOf(run.client);
    for (const char of run.text) {
      if (char === "\n") endLine();
      else if (author !== null && char.trim() !== "") counts.set(author, (counts.get(author) ?? 0) + 1);
    }
  }
  endLine();
  return lines;
}

/** How many lines each author holds, most first: the legend's order. */
export function authorTotals(lines: readonly LineAuthor[]): Array<{ authorId: string; lines: number }> {
  const totals = new Map<string, number>();
  for (const { authorId } of lines) if (authorId) totals.set(authorId, (totals.get(authorId) ?? 0) + 1);
  return [...totals]
    .map(([authorId, count]) => ({ authorId, lines: count }))
    .sort((a, b) => b.lines - a.lines || a.authorId.localeCompare(b.authorId));
}
