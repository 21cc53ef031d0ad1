import type { BreakoutGroup, BreakoutGrouping } from "@chalkline/shared";
import { AppError, assertNever } from "../../platform/errors";

/** A planned room: its key within the session and its name. */
export interface PlannedRoom {
  key: string;
  name: string;
}

export interface Plan {
  rooms: PlannedRoom[];
  /** Learner id → room key. */
  assignments: Map<string, string>;
  learnersChoose: boolean;
}

/** Fisher–Yates with an injectable source of randomness, so tests can pin the draw. */
export function shuffled<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Learners in groups of `size` at random; the remainder is spread over the first groups rather
 * than left as a group of one (7 in threes: 4 and 3).
 */
export function randomGroups(learnerIds: readonly string[], size: number, random?: () => number): string[][] {
  if (learnerIds.length === 0) return [];
  const count = Math.max(1, Math.floor(learnerIds.length / size));
  const groups: string[][] = Array.from({ length: count }, () => []);
  for (const [i, id] of shuffled(learnerIds, random).entries()) groups[i % count]!.push(id);
  return groups;
}

/** Turns named groups into rooms and assignments: a learner named twice is in the last group naming them. */
function fromGroups(groups: ReadonlyArray<Pick<BreakoutGroup, "name" | "memberIds">>, learners: Set<string>): Plan {
  const assignments = new Map<string, string>();
  const rooms = groups.map((group, i) => {
    const key = `r${i + 1}`;
    for (const id of group.memberIds) {
      if (!learners.has(id)) throw new AppError("invalid_payload", `user ${id} is not a learner of this class`);
      assignments.set(id, key);
    }
    return { key, name: group.name };
  });
  return { rooms, assignments, learnersChoose: false };
}

/**
 * The rooms and who goes where, from the instructor's choice of grouping. `learnerIds` are the
 * class's learners; `savedGroups` the group set named, already loaded.
 */
export function planFrom(
  grouping: BreakoutGrouping,
  learnerIds: readonly string[],
  savedGroups: ReadonlyArray<Pick<BreakoutGroup, "name" | "memberIds">> | null,
  random?: () => number,
): Plan {
  const learners = new Set(learnerIds);
  switch (grouping.kind) {
    case "manual":
      return fromGroups(grouping.groups, learners);
    case "random":
      return fromGroups(
        randomGroups(learnerIds, grouping.size, random).map((memberIds, i) => ({ name: `Room ${i + 1}`, memberIds })),
        learners,
      );
    case "groupSet": {
      if (!savedGroups) throw new AppError("not_found", "no such group set");
      // Learners who left the class since the set was saved are dropped, not refused.
      return fromGroups(
        savedGroups.map((g) => ({ name: g.name, memberIds: g.memberIds.filter((id) => learners.has(id)) })),
        learners,
      );
    }
    case "choice":
      return {
        rooms: Array.from({ length: grouping.roomCount }, (_, i) => ({ key: `r${i + 1}`, name: `Room ${i + 1}` })),
        assignments: new Map(),
        learnersChoose: true,
      };
    default:
      return assertNever(grouping);
  }
}
