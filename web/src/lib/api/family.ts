import {
  type AdjustGiftBudgetBody,
  type CreateGiftBody,
  type CreateGuardianTaskBody,
  type GiftView,
  type GuardianBudgetView,
  type GuardianLinkList,
  type GuardianLinkView,
  type GuardianTaskView,
  giftListSchema,
  giftViewSchema,
  guardianBudgetViewSchema,
  guardianLinkListSchema,
  guardianLinkViewSchema,
  guardianTaskListSchema,
  guardianTaskViewSchema,
  type LearnerGifts,
  type LearnerOverview,
  type LinkCodeView,
  learnerGiftsSchema,
  learnerOverviewSchema,
  linkCodeViewSchema,
  type ShippingStatus,
  type TaskAnswerResult,
  taskAnswerResultSchema,
} from "@chalkline/shared";

import { authed } from "./client";

// Families: guardian links, a guardian's view of a learner, guardian tasks and gifts.
const learner = (learnerId: string) => `/api/learners/${encodeURIComponent(learnerId)}`;
const guardianBudget = (guardianId: string) => `/api/admin/guardians/${encodeURIComponent(guardianId)}/budget`;

export const familyApi = {
  /** Learners: a fresh one-time code for a guardian to confirm. */
  newLinkCode: (): Promise<LinkCodeView> => authed("POST", "/api/guardian-links/code", { schema: linkCodeViewSchema }),
  /** Guardians: errors `not_found` when the code is unknown, used or expired. */
  confirmLink: (code: string): Promise<GuardianLinkView> =>
    authed("POST", "/api/guardian-links", { body: { code }, schema: guardianLinkViewSchema }),
  /** A guardian's learners, or a learner's guardians. */
  links: (): Promise<GuardianLinkList> => authed("GET", "/api/guardian-links", { schema: guardianLinkListSchema }),
  /** Ends the link with the other side (a learner names the guardian, a guardian the learner). */
  unlink: (userId: string): Promise<void> => authed("DELETE", `/api/guardian-links/${encodeURIComponent(userId)}`),

  // A guardian's view of one linked learner.
  overview: (learnerId: string): Promise<LearnerOverview> =>
    authed("GET", `${learner(learnerId)}/overview`, { schema: learnerOverviewSchema }),
  learnerTasks: async (learnerId: string): Promise<GuardianTaskView[]> =>
    (await authed("GET", `${learner(learnerId)}/tasks`, { schema: guardianTaskListSchema })).tasks,
  createTask: (learnerId: string, body: CreateGuardianTaskBody): Promise<GuardianTaskView> =>
    authed("POST", `${learner(learnerId)}/tasks`, { body, schema: guardianTaskViewSchema }),
  learnerGifts: async (learnerId: string): Promise<GiftView[]> =>
    (await authed("GET", `${learner(learnerId)}/gifts`, { schema: giftListSchema })).gifts,
  createGift: (learnerId: string, body: CreateGiftBody): Promise<GiftView> =>
    authed("POST", `${learner(learnerId)}/gifts`, { body, schema: giftViewSchema }),
  /** Only while the gift is locked; errors `conflict` once it unlocked. */
  withdrawGift: (giftId: string): Promise<void> => authed("DELETE", `/api/gifts/${encodeURIComponent(giftId)}`),
  setShipping: (giftId: string, status: Exclude<ShippingStatus, "pending">): Promise<GiftView> =>
    authed("PUT", `/api/gifts/${encodeURIComponent(giftId)}/shipping`, { body: { status }, schema: giftViewSchema }),

  // The learner's own tasks and gifts.
  myTasks: async (): Promise<GuardianTaskView[]> =>
    (await authed("GET", "/api/me/tasks", { schema: guardianTaskListSchema })).tasks,
  /** Starts the task's timer on the first call. */
  startTask: (taskId: string): Promise<GuardianTaskView> =>
    authed("POST", `/api/me/tasks/${encodeURIComponent(taskId)}/start`, { schema: guardianTaskViewSchema }),
  /** Errors: `conflict` once the task is solved. */
  answerTask: (taskId: string, choice: number): Promise<TaskAnswerResult> =>
    authed("POST", `/api/me/tasks/${encodeURIComponent(taskId)}/answers`, {
      body: { choice },
      schema: taskAnswerResultSchema,
    }),
  myGifts: (): Promise<LearnerGifts> => authed("GET", "/api/me/gifts", { schema: learnerGiftsSchema }),
  /** Errors: `insufficient_points`, `out_of_stock`, `conflict` while another tab is opening it. */
  openGift: (giftId: string): Promise<GiftView> =>
    authed("POST", `/api/me/gifts/${encodeURIComponent(giftId)}/open`, { schema: giftViewSchema }),

  // Guardians: what they may hand out. Admins: set it per guardian.
  myBudget: (): Promise<GuardianBudgetView> => authed("GET", "/api/me/budget", { schema: guardianBudgetViewSchema }),
  guardianBudget: (guardianId: string): Promise<GuardianBudgetView> =>
    authed("GET", guardianBudget(guardianId), { schema: guardianBudgetViewSchema }),
  /** Errors: `conflict` when taking back more than is left. */
  adjustGiftBudget: (guardianId: string, body: AdjustGiftBudgetBody): Promise<GuardianBudgetView> =>
    authed("POST", `${guardianBudget(guardianId)}/gifts`, { body, schema: guardianBudgetViewSchema }),
  /** `null` puts the guardian back on the server's default. */
  setTaskPoints: (guardianId: string, pointsPerWeek: number | null): Promise<GuardianBudgetView> =>
    authed("PUT", `${guardianBudget(guardianId)}/tasks`, { body: { pointsPerWeek }, schema: guardianBudgetViewSchema }),
};
