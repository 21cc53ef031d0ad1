import { LAST_RUN_MAP, type SharedRun, sharedRunSchema } from "@chalkline/shared";
import type * as Y from "yjs";

const KEY = "run";

/** Shares a run's output with everyone who has the document open. */
export function publishRun(doc: Y.Doc, run: SharedRun): void {
  doc.getMap(LAST_RUN_MAP).set(KEY, run);
}

/** Calls `onRun` with the document's last run now and after every change; returns the unsubscribe. */
export function watchLastRun(doc: Y.Doc, onRun: (run: SharedRun | null) => void): () => void {
  const map = doc.getMap(LAST_RUN_MAP);
  const read = () => {
    const parsed = sharedRunSchema.safeParse(map.get(KEY));
    onRun(parsed.success ? parsed.data : null);
  };
  read();
  map.observe(read);
  return () => map.unobserve(read);
}
