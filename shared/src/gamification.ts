/** XP, points, levels, streaks, achievements and leaderboards: pure rules and the wire contract. */
export * from "./gamification/achievements";
export * from "./gamification/awards";
export * from "./gamification/boards";
export * from "./gamification/levels";
export * from "./gamification/periods";
export * from "./gamification/streaks";
export * from "./gamification/views";
