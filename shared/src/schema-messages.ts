/**
 * The messages the shared schemas give their own rules. The server's error details quote them in
 * English; the app words each in the page's language by its key.
 */
export const SCHEMA_MESSAGES = {
  shortId: "a short id",
  uniqueQuestionIds: "question ids must be unique",
  uniqueOptionIds: "option ids must be unique",
  correctAmongOptions: "the correct options must be among the options",
  webAddress: "a web address",
  fileName: "a file name without folders",
  languageTag: "a language tag such as en or pt-BR",
  captionsOnce: "each captions file once",
} as const;

export type SchemaMessageKey = keyof typeof SCHEMA_MESSAGES;
