import type { CodeAttemptView } from "@chalkline/shared";
import type { CodeAttemptDoc } from "./code-runs.model";

/** What a learner is sent of an attempt: test results as graded (hidden ones by number, without a message), never `failed`. */
export function toAttemptView(attempt: CodeAttemptDoc): CodeAttemptView {
  const group = attempt.group;
  return {
    id: attempt.id,
    lessonId: String(attempt.lessonId),
    userId: String(attempt.userId),
    passed: attempt.passed,
    passedTests: attempt.passedTests,
    totalTests: attempt.totalTests,
    tests: attempt.tests.map(({ name, hidden, passed, message }) => ({ name, hidden, passed, message })),
    output: attempt.output,
    group: group && { roomId: group.roomId, docId: group.docId, submittedBy: group.submittedBy, share: group.share },
    createdAt: attempt.createdAt.toISOString(),
  };
}
