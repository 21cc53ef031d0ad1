export * from "./accounts";
export * from "./errors";
export * from "./protocol";
export * from "./realtime";
