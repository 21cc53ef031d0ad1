/**
 * Who else has a document open, read from the provider's awareness. Awareness comes from other
 * browsers, so every state is checked before it is used; what fails the check is ignored. The
 * server writes each cursor's `user` (name, role, colour) from its account.
 */

import { type AwarenessUser, awarenessUserSchema, shapeSchema } from "@chalkline/shared";
import type { Awareness } from "y-protocols/awareness";
import { z } from "zod";

/** Board fields: pointer and laser in board units, an in-progress shape, and the presenter's view. */
export const boardAwarenessSchema = z.object({
  user: awarenessUserSchema,
  pointer: z.object({ x: z.number(), y: z.number(), laser: z.boolean() }).nullish(),
  draft: shapeSchema.nullish(),
  presenting: z.boolean().optional(),
  viewport: z.object({ x: z.number(), y: z.number(), zoom: z.number().positive() }).nullish(),
});
export type BoardAwareness = z.infer<typeof boardAwarenessSchema>;

export interface Peer {
  clientId: number;
  user: AwarenessUser;
}

/** The other people with this document open, one entry per person (several tabs count once). */
export class Peers {
  list = $state.raw<Peer[]>([]);

  #awareness: Awareness;
  #onChange = () => this.#read();

  constructor(awareness: Awareness) {
    this.#awareness = awareness;
    awareness.on("change", this.#onChange);
    this.#read();
  }

  destroy(): void {
    this.#awareness.off("change", this.#onChange);
  }

  #read(): void {
    const me = this.#awareness.clientID;
    const mine = awarenessUserSchema.safeParse(this.#awareness.getLocalState()?.user);
    const seen = new Set<string>(mine.success ? [mine.data.id] : []);
    const peers: Peer[] = [];
    for (const [clientId, state] of this.#awareness.getStates()) {
      const user = awarenessUserSchema.safeParse(state.user);
      if (clientId === me || !user.success || seen.has(user.data.id)) continue;
      seen.add(user.data.id);
      peers.push({ clientId, user: user.data });
    }
    this.list = peers.sort((a, b) => a.user.name.localeCompare(b.user.name));
  }
}
