import { DOC_TYPES, type Shape } from "@chalkline/shared";
import * as Y from "yjs";
import type { CollabStore } from "../collab/collab.store";

/**
 * A document's state as stored: every update a client was answered for is in the store, so this is
 * its last state whichever node held it (or died holding it).
 */
async function stored(store: CollabStore, docId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const loaded = await store.load(docId);
  if (loaded) Y.applyUpdate(doc, loaded.state);
  return doc;
}

export async function codeText(store: CollabStore, docId: string): Promise<string> {
  const doc = await stored(store, docId);
  const text = doc.getText(DOC_TYPES.codeText).toString();
  doc.destroy();
  return text;
}

/** The board's shapes, bottom first (by `z`). */
export async function boardShapes(store: CollabStore, docId: string): Promise<Shape[]> {
  const doc = await stored(store, docId);
  const shapes = Object.values(doc.getMap(DOC_TYPES.boardShapes).toJSON()) as Shape[];
  doc.destroy();
  return shapes.sort((a, b) => (a.z ?? 0) - (b.z ?? 0));
}

/** A first state for a new code file holding `text`. */
export function codeState(text: string): Buffer {
  const doc = new Y.Doc();
  doc.getText(DOC_TYPES.codeText).insert(0, text);
  return encodeAndDestroy(doc);
}

/** A first state for a new board holding `shapes`. */
export function boardState(shapes: readonly Shape[]): Buffer {
  const doc = new Y.Doc();
  const map = doc.getMap(DOC_TYPES.boardShapes);
  doc.transact(() => {
    for (const shape of shapes) map.set(shape.id, shape);
  });
  return encodeAndDestroy(doc);
}

function encodeAndDestroy(doc: Y.Doc): Buffer {
  const state = Buffer.from(Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return state;
}
