import { type CodeShare, DOC_TYPES } from "@chalkline/shared";
import * as Y from "yjs";

/**
 * Each author's part of a code document, from its attribution: the Yjs client that inserted each
 * live character, mapped to a user by the document's permanent user data (the same map the editor
 * shows "who wrote what" from). Characters count without whitespace; a line belongs to whoever wrote
 * most of its characters, ties to the earliest writer on it.
 */
export function authorShares(doc: Y.Doc): { code: string; shares: Map<string, CodeShare> } {
  const text = doc.getText(DOC_TYPES.codeText);
  const users = new Y.PermanentUserData(doc, doc.getMap(DOC_TYPES.users));
  const chars = new Map<string, number>();
  const lines = new Map<string, number>();
  let onLine = new Map<string, number>();
  let totalLines = 0;
  const endLine = () => {
    let best: string | null = null;
    for (const [author, count] of onLine) if (best === null || count > (onLine.get(best) ?? 0)) best = author;
    if (best) {
      lines.set(best, (lines.get(best) ?? 0) + 1);
      totalLines++;
    }
    onLine = new Map();
  };
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    const author = users.getUserByClientId(item.id.client);
    for (const char of item.content.str) {
      if (char === "\n") endLine();
      else if (author && char.trim() !== "") {
        onLine.set(author, (onLine.get(author) ?? 0) + 1);
        chars.set(author, (chars.get(author) ?? 0) + 1);
      }
    }
  }
  endLine();
  const totalChars = [...chars.values()].reduce((a, b) => a + b, 0);
  const shares = new Map<string, CodeShare>();
  for (const [author, count] of chars) {
    const percent = totalChars === 0 ? 0 : Math.round((count / totalChars) * 100);
    shares.set(author, { lines: lines.get(author) ?? 0, totalLines, chars: count, totalChars, percent });
  }
  return { code: text.toString(), shares };
}
