import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import type * as Y from "yjs";

/** Message types of the y-websocket protocol. */
export const MESSAGE = { sync: 0, awareness: 1 } as const;

/** Between nodes on Redis: what a frame carries. */
export const RELAY = { update: 0, awareness: 1, lock: 2 } as const;

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE.sync);
  syncProtocol.writeSyncStep1(encoder, doc);
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

/**
 * Handles one client frame. A read-only connection may ask for the document (sync step 1) and
 * share its cursor (awareness), but its sync step 2 and updates are dropped, never applied.
 * Returns the reply to send, if any.
 */
export function handleClientMessage(
  data: Uint8Array,
  doc: Y.Doc,
  awareness: awarenessProtocol.Awareness,
  origin: { readOnly: boolean },
): Uint8Array | null {
  const decoder = decoding.createDecoder(data);
  const encoder = encoding.createEncoder();
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MESSAGE.sync: {
      encoding.writeVarUint(encoder, MESSAGE.sync);
      const syncType = decoding.readVarUint(decoder);
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        syncProtocol.readSyncStep1(decoder, encoder, doc);
      } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
        if (!origin.readOnly) syncProtocol.readUpdate(decoder, doc, origin);
      }
      return encoding.length(encoder) > 1 ? encoding.toUint8Array(encoder) : null;
    }
    case MESSAGE.awareness:
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), origin);
      return null;
    default:
      return null;
  }
}

export function encodeRelay(type: number, nodeId: string, payload: Uint8Array): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarString(encoder, nodeId);
  encoding.writeVarUint8Array(encoder, payload);
  return Buffer.from(encoding.toUint8Array(encoder));
}

export function decodeRelay(frame: Uint8Array): { type: number; nodeId: string; payload: Uint8Array } {
  const decoder = decoding.createDecoder(frame);
  return {
    type: decoding.readVarUint(decoder),
    nodeId: decoding.readVarString(decoder),
    payload: decoding.readVarUint8Array(decoder),
  };
}
