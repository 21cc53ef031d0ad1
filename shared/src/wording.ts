import { z } from "zod";

/** Values a server-written sentence names (a title, a count, a day), keyed by the name its message uses. */
export const wordingParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type WordingParams = z.infer<typeof wordingParamsSchema>;

/**
 * A sentence the server writes for a person, as a message id and its values: the app words it in
 * the reader's language (the English text travels beside it for mail and older clients).
 */
export const wordingSchema = z.object({ id: z.string(), params: wordingParamsSchema });
export type Wording = z.infer<typeof wordingSchema>;
