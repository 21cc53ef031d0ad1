import type { CollabCloseReason } from "@chalkline/shared";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/** Message types of the y-websocket protocol. */
export const MESSAGE = { sync: 0, awareness: 1 } as const;

/** Between nodes on Redis: what a frame carries. */
export const RELAY = { update: 0, awareness: 1, lock: 2 } as const;

/** A frame the server refuses; the connection that sent it is closed with `reason`. */
export class CollabFrameError extends Error {
  constructor(
    readonly reason: CollabCloseReason,
    message: string,
  ) {
    super(message);
    this.name = "CollabFrameError";
  }
}

/**
 * The largest awareness state one cursor may carry, as JSON: a name, a colour, a role, a pointer and
 * a selection take a few hundred bytes; anything bigger would only be copied to every viewer.
 */
export const MAX_AWARENESS_STATE_BYTES = 4096;

/** One cursor in an awareness update: `state` null means the client left. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** A client frame, decoded whole and checked before anything of it is applied. */
export type ClientFrame =
  | { kind: "sync-step-1"; stateVector: Uint8Array }
  | { kind: "update"; update: Uint8Array }
  | { kind: "awareness"; entries: AwarenessEntry[] };

/**
 * Decodes a client frame completely — every length, the update's structs, the awareness JSON —
 * and throws `CollabFrameError` on anything malformed, truncated or trailing, so a bad frame is
 * refused before it can touch the document.
 */
export function parseClientFrame(data: Uint8Array): ClientFrame {
  try {
    const decoder = decoding.createDecoder(data);
    const frame = readFrame(decoder);
    if (decoding.hasContent(decoder)) throw new Error("trailing bytes");
    return frame;
  } catch (error) {
    if (error instanceof CollabFrameError) throw error;
    throw new CollabFrameError("invalid_frame", `malformed frame: ${(error as Error).message}`);
  }
}

function readFrame(decoder: decoding.Decoder): ClientFrame {
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE.sync) {
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      Y.decodeStateVector(payload);
      return { kind: "sync-step-1", stateVector: payload };
    }
    if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
      // Decoding every struct first: Yjs could throw halfway through applying a malformed update.
      Y.decodeUpdate(payload);
      return { kind: "update", update: payload };
    }
    throw new Error(`unknown sync message ${syncType}`);
  }
  if (type === MESSAGE.awareness)
    return { kind: "awareness", entries: readAwareness(decoding.readVarUint8Array(decoder)) };
  throw new Error(`unknown message type ${type}`);
}

function readAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (Buffer.byteLength(json) > MAX_AWARENESS_STATE_BYTES) {
      throw new CollabFrameError("too_large", `an awareness state over ${MAX_AWARENESS_STATE_BYTES} bytes`);
    }
    entries.push({ clientId, clock, state: JSON.parse(json) });
  }
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes in an awareness update");
  return entries;
}

/** The y-protocols awareness update carrying `entries`. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** The answer to a client's sync step 1: what it lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeRelay(type: number, nodeId: string, payload: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarString(encoder, nodeId);
  encoding.writeVarUint8Array(encoder, payload);
  return Buffer.from(encoding.toUint8Array(encoder));
}

/** Throws on a malformed relay frame; the hub drops it. */
export function decodeRelay(frame: Uint8Array): { type: number; nodeId: string; payload: Uint8Array } {
  const decoder = decoding.createDecoder(frame);
  return {
    type: decoding.readVarUint(decoder),
    nodeId: decoding.readVarString(decoder),
    payload: decoding.readVarUint8Array(decoder),
  };
}
