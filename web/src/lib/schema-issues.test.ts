import { lessonBodySchema, SCHEMA_MESSAGES } from "@chalkline/shared";
import { afterAll, describe, expect, it } from "vitest";
import { translate, useLocale } from "./i18n";
import { describeIssue } from "./schema-issues";

const issuesOf = (body: unknown) => {
  const parsed = lessonBodySchema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map(describeIssue);
};

const quiz = (question: Record<string, unknown>) => ({
  title: "Warm-up",
  content: { kind: "quiz", quiz: { passPercent: 60, questions: [{ id: "q1", prompt: "2 + 2?", ...question }] } },
});

describe("describeIssue", () => {
  afterAll(() => useLocale("en"));

  it("words the schema's findings in the page's language", async () => {
    expect(issuesOf({ title: " ", content: { kind: "markdown", body: "" } })).toEqual(["Fill this in."]);
    await useLocale("es");
    expect(issuesOf({ title: " ", content: { kind: "markdown", body: "" } })).toEqual(["Rellena este campo."]);
    await useLocale("en");
  });

  it("words the schema's own rules by their key, and sizes with their numbers", () => {
    const options = [
      { id: "a", text: "4" },
      { id: "b", text: "5" },
    ];
    expect(issuesOf(quiz({ type: "single", options, correctOptionId: "c" }))).toEqual([
      "Mark the right answer among the options.",
    ]);
    expect(issuesOf(quiz({ type: "single", options: options.slice(0, 1), correctOptionId: "a" }))).toEqual([
      "Add at least 2.",
    ]);
    expect(issuesOf({ title: "x".repeat(121), content: { kind: "markdown", body: "" } })).toEqual([
      "At most 120 characters.",
    ]);
    expect(issuesOf({ title: "Clip", content: { kind: "video", url: "javascript:alert(1)" } })).toEqual([
      "A web address starting with http:// or https://.",
    ]);
  });

  it("has words for every message the shared schemas give", () => {
    for (const key of Object.keys(SCHEMA_MESSAGES)) expect(translate(`issues.${key}`)).not.toBe(`issues.${key}`);
  });
});
