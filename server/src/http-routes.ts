import type { MediaClient } from "@chalkline/media";
import type { Router } from "express";
import { accountDataRoutes } from "./features/account-data/account-data.routes";
import type { AccountDeletion } from "./features/account-data/deletion.service";
import {
  type AccountsService,
  accountsRoutes,
  type PasswordResets,
  type ProfileService,
  passwordResetRoutes,
  profileRoutes,
  type Signups,
} from "./features/accounts";
import { adminRoutes } from "./features/admin/admin.routes";
import type { AdminService } from "./features/admin/admin.service";
import { analyticsRoutes } from "./features/analytics/analytics.routes";
import type { AnalyticsService } from "./features/analytics/analytics.service";
import { apiDocsRoutes } from "./features/api-docs/api-docs.routes";
import { auditRoutes } from "./features/audit/audit.routes";
import { type Breakouts, breakoutsRoutes } from "./features/breakouts/breakouts.routes";
import { codeRunsRoutes } from "./features/code-runs/code-runs.routes";
import type { CodeRunsService } from "./features/code-runs/code-runs.service";
import { collabRoutes, type DocAnnouncer } from "./features/collab/collab.routes";
import type { CollabService } from "./features/collab/collab.service";
import { coursesRoutes } from "./features/courses/courses.routes";
import { lessonsRoutes } from "./features/courses/lessons.routes";
import type { ProgressService } from "./features/courses/progress.service";
import type { QuizService } from "./features/courses/quizzes.service";
import { giftsRoutes } from "./features/gifts/gifts.routes";
import type { GiftsService } from "./features/gifts/gifts.service";
import { budgetsRoutes } from "./features/guardians/budgets.routes";
import type { GuardianBudgets } from "./features/guardians/budgets.service";
import { guardiansRoutes } from "./features/guardians/guardians.routes";
import type { GuardianLinks } from "./features/guardians/links.service";
import { tasksRoutes } from "./features/guardians/tasks.routes";
import type { GuardianTasks } from "./features/guardians/tasks.service";
import { healthRoutes } from "./features/health/health.routes";
import { leaderboardsRoutes } from "./features/leaderboards/leaderboards.routes";
import type { LeaderboardsService } from "./features/leaderboards/leaderboards.service";
import type { AwardsService } from "./features/ledger/awards.service";
import { ledgerRoutes } from "./features/ledger/ledger.routes";
import { liveRoutes } from "./features/live/live.routes";
import type { LiveService } from "./features/live/live.service";
import { mediaNodesRoutes } from "./features/media-nodes/media-nodes.routes";
import { notificationsRoutes } from "./features/notifications/notifications.routes";
import type { NotificationsService } from "./features/notifications/notifications.service";
import { ordersRoutes } from "./features/orders/orders.routes";
import type { OrdersService } from "./features/orders/orders.service";
import { paymentsRoutes, STRIPE_WEBHOOK_PATH } from "./features/payments/payments.routes";
import type { TestPayments } from "./features/payments/stripe.test-payments";
import type { StripeWebhooks } from "./features/payments/stripe.webhooks";
import { pollsRoutes } from "./features/polls/polls.routes";
import type { PollsService } from "./features/polls/polls.service";
import { type RoomSubscriber, roomsRoutes } from "./features/rooms/rooms.routes";
import { sessionsRoutes } from "./features/sessions/sessions.routes";
import type { DeviceSessions } from "./features/sessions/sessions.service";
import type { ProductsService } from "./features/store/products.service";
import { storeRoutes } from "./features/store/store.routes";
import { StudyAlerts } from "./features/study/alerts.service";
import type { StudyAnalyticsService } from "./features/study/analytics.service";
import type { FocusTimers } from "./features/study/focus.service";
import { studyInsightsRoutes } from "./features/study/insights.routes";
import type { StudyPlans } from "./features/study/plans.service";
import { StudyRecommendations } from "./features/study/recommendations.service";
import type { StudyReflections } from "./features/study/reflections.service";
import { studyRoutes } from "./features/study/study.routes";
import { couponsRoutes, subscriptionsRoutes } from "./features/subscriptions/subscriptions.routes";
import type { SubscriptionsService } from "./features/subscriptions/subscriptions.service";
import { type SignIn, type TrustedDevices, type TwoFactorService, twoFactorRoutes } from "./features/two-factor";
import { uploadsRoutes } from "./features/uploads/uploads.routes";
import type { UploadsService } from "./features/uploads/uploads.service";
import type { Config } from "./platform/config";
import { pingMongo } from "./platform/mongo";
import { RedisRateLimiter } from "./platform/rate-limit";
import { pingRedis, type RedisClient } from "./platform/redis";

/** The services a node's HTTP routes call; `createServerNode` (index.ts) builds them. */
export interface RouteDeps {
  config: Config;
  redis: RedisClient;
  /** False once the node is shutting down: readiness answers 503. */
  accepting: () => boolean;
  accounts: AccountsService;
  profile: ProfileService;
  /** Sign-in's second factor, password resets, one's sessions and one's data (account-security.ts builds them). */
  signups: Signups;
  signIn: SignIn;
  twoFactor: TwoFactorService;
  trustedDevices: TrustedDevices;
  passwordResets: PasswordResets;
  deviceSessions: DeviceSessions;
  accountDeletion: AccountDeletion;
  awards: AwardsService;
  guardianLinks: GuardianLinks;
  guardianTasks: GuardianTasks;
  budgets: GuardianBudgets;
  gifts: GiftsService;
  leaderboards: LeaderboardsService;
  study: {
    plans: StudyPlans;
    focusTimers: FocusTimers;
    analytics: StudyAnalyticsService;
    reflections: StudyReflections;
  };
  media: MediaClient;
  admin: AdminService;
  analytics: AnalyticsService;
  subscriptions: SubscriptionsService;
  collab: CollabService;
  announceDoc: DocAnnouncer;
  live: LiveService;
  breakouts: Breakouts;
  polls: PollsService;
  subscribe: RoomSubscriber;
  progress: ProgressService;
  quizzes: QuizService;
  codeRuns: CodeRunsService;
  notifications: NotificationsService;
  uploads: UploadsService;
  products: ProductsService;
  orders: OrdersService;
  testPayments: TestPayments | null;
  stripeWebhooks: StripeWebhooks | null;
}

/** Every HTTP router of a node, in mounting order (the comments say where the order matters). */
export function httpRoutes(d: RouteDeps): Array<[path: string, router: Router]> {
  const testPayments = d.testPayments;
  const authLimiter = new RedisRateLimiter(
    d.redis,
    d.config.REDIS_KEY_PREFIX,
    "auth",
    d.config.AUTH_RATE_LIMIT_PER_MINUTE,
    60_000,
  );
  return [
    ["/", healthRoutes({ accepting: d.accepting, checks: { mongo: pingMongo, redis: () => pingRedis(d.redis) } })],
    ["/api", apiDocsRoutes()],
    // Before the accounts routes, whose limit on /auth would otherwise count email-change links.
    ["/api", profileRoutes(d.profile, d.accounts)],
    // Before the accounts routes, whose limit on /auth would otherwise count reset links.
    ["/api", passwordResetRoutes(d.passwordResets, authLimiter)],
    ["/api", accountsRoutes(d.accounts, d.signups, d.signIn, d.config, authLimiter)],
    ["/api", twoFactorRoutes(d.twoFactor, d.trustedDevices, d.accounts)],
    ["/api", sessionsRoutes(d.deviceSessions, d.accounts)],
    ["/api", accountDataRoutes(d.accountDeletion, d.accounts)],
    // Before the admin routes, which would otherwise authenticate /admin/awards a second time.
    ["/api", ledgerRoutes(d.awards, d.accounts)],
    ["/api", guardiansRoutes(d.guardianLinks, d.accounts, d.awards.cache)],
    ["/api", tasksRoutes(d.guardianTasks, d.guardianLinks, d.accounts)],
    // Before the admin routes, which would otherwise authenticate /admin/guardians a second time.
    ["/api", budgetsRoutes(d.budgets, d.accounts)],
    ["/api", giftsRoutes(d.gifts, d.guardianLinks, d.accounts)],
    ["/api", leaderboardsRoutes(d.leaderboards, d.accounts)],
    [
      "/api",
      studyInsightsRoutes(
        {
          analytics: d.study.analytics,
          reflections: d.study.reflections,
          recommendations: new StudyRecommendations(d.study.plans, d.study.analytics),
          alerts: new StudyAlerts(),
        },
        d.accounts,
        d.guardianLinks,
      ),
    ],
    ["/api", studyRoutes(d.study.plans, d.study.focusTimers, d.accounts)],
    ["/api/admin/media-nodes", mediaNodesRoutes(d.media, d.accounts)],
    ["/api/admin/analytics", analyticsRoutes(d.analytics, d.accounts)],
    ["/api/admin/audit", auditRoutes(d.accounts)],
    ["/api/admin/coupons", couponsRoutes(d.subscriptions, d.accounts)],
    ["/api/admin", adminRoutes(d.admin, d.accounts)],
    // Before the rooms routes, which would otherwise authenticate /rooms/:id/docs a second time.
    ["/api", collabRoutes(d.collab, d.accounts, d.announceDoc)],
    // Before the live routes, which would otherwise authenticate /live-classes/:id/polls a second time.
    ["/api", pollsRoutes(d.polls, d.accounts)],
    // Before the live and rooms routes, which would otherwise authenticate breakout paths a second time.
    ["/api", breakoutsRoutes(d.breakouts, d.accounts)],
    ["/api", liveRoutes(d.live, d.accounts)],
    ["/api", roomsRoutes(d.accounts, d.subscribe)],
    // Before the courses routes, which would otherwise authenticate lesson paths a second time.
    ["/api", lessonsRoutes(d.accounts, d.progress, d.quizzes)],
    ["/api/code-runs", codeRunsRoutes(d.codeRuns, d.accounts)],
    ["/api/courses", coursesRoutes(d.accounts, d.subscribe)],
    ["/api/notifications", notificationsRoutes(d.notifications, d.accounts)],
    ["/api/uploads", uploadsRoutes(d.uploads, d.accounts)],
    ["/api/store", storeRoutes(d.products, d.orders, d.accounts, d.config.STRIPE_CURRENCY)],
    ["/api/orders", ordersRoutes(d.orders, d.accounts, testPayments && ((id, body) => testPayments.pay(id, body)))],
    ["/api/subscriptions", subscriptionsRoutes(d.subscriptions, d.accounts)],
    [STRIPE_WEBHOOK_PATH, paymentsRoutes(d.stripeWebhooks)],
  ];
}
