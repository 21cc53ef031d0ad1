import {
  currentFocusSchema,
  focusFinishedSchema,
  focusSettingsSchema,
  focusTimerViewSchema,
  plannedSlotBodySchema,
  plannedSlotViewSchema,
  startFocusBodySchema,
  studyOverviewSchema,
  subjectBodySchema,
  subjectViewSchema,
  weeklyGoalBodySchema,
} from "@chalkline/shared";
import type { ApiOperation, ApiSection } from "../../platform/api-description";

const learner = { auth: "bearer", roles: ["learner"] } as const;
const focusStep = (step: "pause" | "resume", summary: string): ApiOperation => ({
  method: "post",
  path: `/api/study/focus/:sessionId/${step}`,
  summary,
  ...learner,
  responses: { 200: focusTimerViewSchema },
  errors: ["not_found"],
});

/** study.routes.ts. */
export const studyApi: ApiSection = {
  tag: "study",
  description: "A learner's subjects, weekly goals, planned slots and focus timer (its time is the server's).",
  operations: [
    {
      method: "get",
      path: "/api/study",
      summary: "Subjects, slots, timer lengths and the timer",
      ...learner,
      responses: { 200: studyOverviewSchema },
    },
    {
      method: "post",
      path: "/api/study/subjects",
      summary: "Adds an own subject",
      ...learner,
      body: subjectBodySchema,
      responses: { 201: subjectViewSchema },
      errors: ["limit_reached"],
    },
    {
      method: "put",
      path: "/api/study/subjects/:id/goal",
      summary: "Sets a subject's weekly goal",
      ...learner,
      body: weeklyGoalBodySchema,
      responses: { 200: subjectViewSchema },
      errors: ["not_found"],
    },
    {
      method: "delete",
      path: "/api/study/subjects/:id",
      summary: "Removes an own subject and its slots",
      ...learner,
      responses: { 204: null },
    },
    {
      method: "post",
      path: "/api/study/slots",
      summary: "Plans a weekly slot on the learner's calendar",
      ...learner,
      body: plannedSlotBodySchema,
      responses: { 201: plannedSlotViewSchema },
      errors: ["not_found", "limit_reached"],
    },
    {
      method: "delete",
      path: "/api/study/slots/:id",
      summary: "Removes a planned slot",
      ...learner,
      responses: { 204: null },
    },
    {
      method: "put",
      path: "/api/study/settings",
      summary: "Sets focus and break lengths",
      ...learner,
      body: focusSettingsSchema,
      responses: { 200: focusSettingsSchema },
    },
    {
      method: "get",
      path: "/api/study/focus",
      summary: "The focus timer under way, if any",
      ...learner,
      responses: { 200: currentFocusSchema },
    },
    {
      method: "post",
      path: "/api/study/focus",
      summary: "Starts a focus session",
      ...learner,
      body: startFocusBodySchema,
      responses: { 201: focusTimerViewSchema },
      errors: ["not_found", "conflict"],
    },
    focusStep("pause", "Pauses the focus timer"),
    focusStep("resume", "Resumes the focus timer"),
    {
      method: "post",
      path: "/api/study/focus/:sessionId/finish",
      summary: "Finishes a focus session: stores it, counts it, awards its XP (once)",
      ...learner,
      responses: { 200: focusFinishedSchema },
      errors: ["not_found"],
    },
  ],
};
