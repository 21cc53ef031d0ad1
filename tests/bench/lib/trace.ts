import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { DOC_TYPES } from "@chalkline/shared";
import * as Y from "yjs";
import { round } from "./fanout";

/** `[position, characters deleted, text inserted]`, positions in UTF-16 code units. */
export type TraceEdit = [number, number, string];

export interface EditingTrace {
  name: string;
  edits: TraceEdit[];
  /** The text after every edit of `edits`, starting from an empty document. */
  expected: string;
}

/** Real editing traces kept next to the benchmarks; see data/README.md for where they come from. */
const TRACES: Record<string, string> = {
  "automerge-paper": "../data/automerge-paper.json.gz",
};

/**
 * Loads a trace in the editing-traces format (`{startContent, endContent, txns: [{patches}]}`),
 * keeping its first `limit` edits (0: all of them).
 */
export async function loadTrace(name: string, limit: number): Promise<EditingTrace> {
  const file = TRACES[name];
  if (!file) throw new Error(`unknown trace ${name}: one of ${Object.keys(TRACES).join(", ")}`);
  const raw = JSON.parse(gunzipSync(await readFile(fileURLToPath(new URL(file, import.meta.url)))).toString()) as {
    startContent: string;
    endContent: string;
    txns: Array<{ patches: TraceEdit[] }>;
  };
  if (raw.startContent !== "") throw new Error(`trace ${name} does not start from an empty document`);
  const all = raw.txns.flatMap((txn) => txn.patches);
  if (limit === 0 || limit >= all.length) return { name, edits: all, expected: raw.endContent };
  const edits = all.slice(0, limit);
  let expected = "";
  for (const [position, deleted, inserted] of edits) {
    expected = expected.slice(0, position) + inserted + expected.slice(position + deleted);
  }
  return { name, edits, expected };
}

export interface ReplayResult {
  edits: number;
  /** Updates the writer sent: one Yjs transaction per batch of edits. */
  transactions: number;
  /** From the first edit to the reader holding all of them. */
  seconds: number;
  editsPerSec: number;
  /** Writer and reader both hold exactly the trace's final text. */
  finalTextMatches: boolean;
}

/** One end of a replay: a CollabClient, or a bare document for the in-process run. */
export interface ReplayPeer {
  doc: Y.Doc;
  readonly text: Y.Text;
}

/**
 * The replay with no server and no network: the reader applies each of the writer's updates as it
 * is made. Warms up the Yjs code of this process before the measured replays, and is their ceiling.
 */
export function replayInProcess(trace: EditingTrace, batch: number): Promise<ReplayResult> {
  const [writer, reader] = [new Y.Doc(), new Y.Doc()];
  writer.on("update", (update: Uint8Array) => Y.applyUpdate(reader, update));
  const peer = (doc: Y.Doc) => ({ doc, text: doc.getText(DOC_TYPES.codeText) });
  return replayTrace(trace, peer(writer), peer(reader), { batch, timeoutMs: 60_000 }).finally(() => {
    writer.destroy();
    reader.destroy();
  });
}

/**
 * Replays the trace on `writer`, `batch` edits per Yjs transaction with a turn of the event loop
 * between transactions (so the socket drains as it goes), and measures until `reader` has
 * received every change.
 */
export async function replayTrace(
  trace: EditingTrace,
  writer: ReplayPeer,
  reader: ReplayPeer,
  opts: { batch: number; timeoutMs: number },
): Promise<ReplayResult> {
  const text = writer.text;
  let transactions = 0;
  const startedAt = performance.now();
  for (let start = 0; start < trace.edits.length; start += opts.batch) {
    const slice = trace.edits.slice(start, start + opts.batch);
    writer.doc.transact(() => {
      for (const [position, deleted, inserted] of slice) {
        if (deleted > 0) text.delete(position, deleted);
        if (inserted !== "") text.insert(position, inserted);
      }
    });
    transactions += 1;
    await nextTurn();
  }
  await caughtUp(reader, writer, opts.timeoutMs);
  const seconds = (performance.now() - startedAt) / 1000;
  return {
    edits: trace.edits.length,
    transactions,
    seconds: round(seconds, 2),
    editsPerSec: round(trace.edits.length / seconds, 0),
    finalTextMatches: text.toString() === trace.expected && reader.text.toString() === trace.expected,
  };
}

/**
 * Resolves once `reader` holds everything `writer` wrote: the writer's clock covers its inserts,
 * and the same length then means its deletes arrived too (they do not advance the clock).
 */
function caughtUp(reader: ReplayPeer, writer: ReplayPeer, timeoutMs: number): Promise<void> {
  const client = writer.doc.clientID;
  const target = Y.getState(writer.doc.store, client);
  const done = () => Y.getState(reader.doc.store, client) >= target && reader.text.length === writer.text.length;
  if (done()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reader.doc.off("update", check);
      reject(new Error(`reader still behind the writer after ${timeoutMs} ms`));
    }, timeoutMs);
    function check() {
      if (!done()) return;
      clearTimeout(timer);
      reader.doc.off("update", check);
      resolve();
    }
    reader.doc.on("update", check);
  });
}
