import type { Model } from "mongoose";
import { isDuplicateKey } from "./mongo";

/**
 * Append-only chains, one per subject (an order, a product), for a store without transactions whose
 * conditional updates are not atomic either (FerretDB 1.x reads, then writes): the one write it does
 * make atomic is refusing a second document with the same `_id`. So entry n of a subject is stored
 * under `_id` "<subject>:<n>": of any number of concurrent appends at one position exactly one is
 * inserted, and the others learn it and read the winner. The points ledger is built the same way
 * (features/ledger/ledger.chain.ts).
 */
export interface ChainEntry {
  _id: string;
  seq: number;
}

export const chainEntryId = (subject: string, seq: number): string => `${subject}:${seq}`;

/** Inserts `fields` as entry `seq` of `subject`; false when that position (or a unique key) is taken. */
export async function appendAt(model: Model<any>, subject: string, seq: number, fields: object): Promise<boolean> {
  try {
    await model.create({ ...fields, _id: chainEntryId(subject, seq), seq });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export function entryAt<E extends ChainEntry>(model: Model<any>, subject: string, seq: number): Promise<E | null> {
  return model.findById(chainEntryId(subject, seq)).lean<E>().exec();
}

/**
 * The last entry of `subject`'s chain, read forward from `from` (a position known to exist, such as
 * a cached head; 1 by default), or null for an empty chain. Each read is an `_id` lookup.
 */
export async function headOf<E extends ChainEntry>(model: Model<any>, subject: string, from = 1): Promise<E | null> {
  let head: E | null = null;
  for (let seq = Math.max(1, from); ; seq++) {
    const entry = await entryAt<E>(model, subject, seq);
    if (!entry) return head ?? (seq > 1 ? headOf<E>(model, subject, 1) : null);
    head = entry;
  }
}

/** Concurrent appenders back off a little, growing with their failures, so they stop colliding in step. */
export function backoff(attempt: number, maxMs = 20): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(maxMs, attempt)));
}
