import type { PollKind, PollResponse, PollResults } from "@chalkline/shared";
import type { StoredAnswer } from "./polls.store";

interface Tallied {
  kind: PollKind;
  options: readonly string[];
  anonymous: boolean;
}

/**
 * What a poll's answers add up to, for its instructors: picks per option and the answers, each with
 * its author in a named poll. An anonymous choice poll lists no answers, only counts.
 */
export function tally(poll: Tallied, answers: readonly StoredAnswer[]): PollResults {
  const counts = poll.options.map(() => 0);
  for (const { response } of answers) {
    if ("choices" in response) for (const choice of response.choices) if (choice < counts.length) counts[choice]! += 1;
  }
  const listed = poll.kind === "text" || !poll.anonymous;
  const sorted = [...answers].sort((a, b) => (a.displayName ?? "").localeCompare(b.displayName ?? ""));
  return {
    answered: answers.length,
    counts,
    responses: listed
      ? sorted.map((a) => ({
          user: poll.anonymous || a.displayName === null ? null : { id: a.userId, displayName: a.displayName },
          ...responseFields(a.response),
        }))
      : [],
  };
}

/** The results as learners see them once the poll closes: counts, and free-text answers without names. */
export function forLearners(kind: PollKind, results: PollResults): PollResults {
  return {
    ...results,
    responses: kind === "text" ? results.responses.map((r) => ({ ...r, user: null })) : [],
  };
}

function responseFields(response: PollResponse): { choices: number[]; text: string | null } {
  return "choices" in response ? { choices: response.choices, text: null } : { choices: [], text: response.text };
}
