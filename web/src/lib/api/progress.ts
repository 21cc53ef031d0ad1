import {
  type BestsView,
  type BoardRef,
  type BoardScope,
  bestsViewSchema,
  type ImprovedView,
  improvedViewSchema,
  type LeaderboardView,
  type LedgerPage,
  leaderboardViewSchema,
  ledgerPageSchema,
  type ProgressView,
  progressViewSchema,
} from "@chalkline/shared";

import { authed, query } from "./client";

// XP, points, badges and leaderboards. Live board updates come over the socket (`$lib/leaderboards`).
export const progressApi = {
  progress: (): Promise<ProgressView> => authed("GET", "/api/me/progress", { schema: progressViewSchema }),
  ledger: (params: { currency?: "xp" | "points"; cursor?: number }): Promise<LedgerPage> =>
    authed("GET", `/api/me/ledger${query(params)}`, { schema: ledgerPageSchema }),
  bests: (): Promise<BestsView> => authed("GET", "/api/me/bests", { schema: bestsViewSchema }),
  board: (ref: BoardRef): Promise<LeaderboardView> =>
    authed("GET", `/api/leaderboards/${ref.scope}${query({ scopeId: ref.scopeId, period: ref.period })}`, {
      schema: leaderboardViewSchema,
    }),
  improved: (scope: BoardScope, scopeId?: string): Promise<ImprovedView> =>
    authed("GET", `/api/leaderboards/improved${query({ scope, scopeId })}`, { schema: improvedViewSchema }),
};
