import {
  type FocusFinished,
  type FocusSettings,
  type FocusTimerView,
  focusFinishedSchema,
  focusSettingsSchema,
  focusTimerViewSchema,
  type PlannedSlotBody,
  type PlannedSlotView,
  plannedSlotViewSchema,
  type Recommendation,
  type ReflectionBody,
  type ReflectionPrompts,
  type ReflectionView,
  recommendationListSchema,
  reflectionPromptsSchema,
  reflectionViewSchema,
  type StudyAlert,
  type StudyAnalytics,
  type StudyOverview,
  type SubjectBody,
  type SubjectView,
  studyAlertListSchema,
  studyAnalyticsSchema,
  studyOverviewSchema,
  subjectViewSchema,
} from "@chalkline/shared";
import { authed } from "./client";

const focus = (sessionId: string, step: "pause" | "resume") =>
  authed("POST", `/api/study/focus/${sessionId}/${step}`, { schema: focusTimerViewSchema });

// The study planner: subjects, slots, the focus timer (its time is the server's), analytics, reflections.
export const studyApi = {
  overview: (): Promise<StudyOverview> => authed("GET", "/api/study", { schema: studyOverviewSchema }),
  addSubject: (body: SubjectBody): Promise<SubjectView> =>
    authed("POST", "/api/study/subjects", { body, schema: subjectViewSchema }),
  setGoal: (subjectId: string, weeklyGoalMinutes: number): Promise<SubjectView> =>
    authed("PUT", `/api/study/subjects/${subjectId}/goal`, { body: { weeklyGoalMinutes }, schema: subjectViewSchema }),
  addSlot: (body: PlannedSlotBody): Promise<PlannedSlotView> =>
    authed("POST", "/api/study/slots", { body, schema: plannedSlotViewSchema }),
  removeSlot: (slotId: string): Promise<void> => authed("DELETE", `/api/study/slots/${slotId}`),
  saveSettings: (settings: FocusSettings): Promise<FocusSettings> =>
    authed("PUT", "/api/study/settings", { body: settings, schema: focusSettingsSchema }),
  start: (subjectId: string): Promise<FocusTimerView> =>
    authed("POST", "/api/study/focus", { body: { subjectId }, schema: focusTimerViewSchema }),
  pause: (sessionId: string): Promise<FocusTimerView> => focus(sessionId, "pause"),
  resume: (sessionId: string): Promise<FocusTimerView> => focus(sessionId, "resume"),
  finish: (sessionId: string): Promise<FocusFinished> =>
    authed("POST", `/api/study/focus/${sessionId}/finish`, { schema: focusFinishedSchema }),
  analytics: (): Promise<StudyAnalytics> => authed("GET", "/api/study/analytics", { schema: studyAnalyticsSchema }),
  recommendations: async (): Promise<Recommendation[]> =>
    (await authed("GET", "/api/study/recommendations", { schema: recommendationListSchema })).recommendations,
  prompts: (): Promise<ReflectionPrompts> =>
    authed("GET", "/api/study/reflections/prompts", { schema: reflectionPromptsSchema }),
  reflect: (body: ReflectionBody): Promise<ReflectionView> =>
    authed("POST", "/api/study/reflections", { body, schema: reflectionViewSchema }),
  /** Instructors' and guardians' struggling-learner alerts. */
  alerts: async (): Promise<StudyAlert[]> =>
    (await authed("GET", "/api/study/alerts", { schema: studyAlertListSchema })).alerts,
  dismissAlert: (id: string): Promise<void> => authed("POST", `/api/study/alerts/${encodeURIComponent(id)}/dismiss`),
};
