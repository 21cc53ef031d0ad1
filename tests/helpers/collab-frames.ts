import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { MESSAGE } from "../../server/src/features/collab/collab.protocol";

/**
 * Frames a misbehaving client could send, for the fuzz tests: random bytes, every truncation of
 * honest frames, sync frames with random payloads, awareness with broken JSON. `random` is a
 * seeded PRNG, so a failing run can be replayed.
 */
export function fuzzFrame(random: () => number): Uint8Array {
  const kind = Math.floor(random() * 5);
  switch (kind) {
    case 0:
      return randomBytes(random, Math.floor(random() * 48));
    case 1: {
      const honest = honestUpdateFrame(random);
      return honest.subarray(0, Math.floor(random() * honest.length));
    }
    case 2:
      return Uint8Array.of(MESSAGE.sync, Math.floor(random() * 4), ...randomBytes(random, Math.floor(random() * 24)));
    case 3:
      return awarenessFrame(Math.floor(random() * 1e6), randomJsonish(random));
    default:
      return Uint8Array.of(MESSAGE.awareness, ...randomBytes(random, Math.floor(random() * 24)));
  }
}

/** A well-formed update frame from a throwaway client: what truncations are cut from. */
function honestUpdateFrame(random: () => number): Uint8Array {
  const doc = new Y.Doc();
  doc.getText("scratch").insert(0, "x".repeat(1 + Math.floor(random() * 20)));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(encoder);
}

/** An awareness frame whose one entry's state is `json` as written (valid or not). */
export function awarenessFrame(clientId: number, json: string, clock = 1): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientId);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, json);
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MESSAGE.awareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

function randomBytes(random: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

function randomJsonish(random: () => number): string {
  const pieces = ['{"user":', '"x"', "}", "{", "[", "null", "1e999", '"\\u', "nul", ",", ":"];
  return Array.from({ length: Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
}
