import type { CreateGiftBody, GiftView, GuardianLinkView, LinkCodeView, ProgressView } from "@chalkline/shared";
import { afterAll, beforeAll } from "vitest";
import { api, registerUser, type TestAccount } from "./clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "./cluster";
import { expectStatus } from "./courses";
import { ROOMY_LIMITS } from "./rooms";
import type { ServerNodeHandle } from "./server";

/** `count` nodes on a fresh database for a guardians test file, with the demo admin at hand. */
export function guardianCluster(count: number) {
  const handle = {} as { nodes: ServerNodeHandle[]; names: ClusterNames; admin: TestAccount };
  beforeAll(async () => {
    handle.names = newClusterNames();
    handle.nodes = await startCluster(count, ROOMY_LIMITS, handle.names);
    handle.admin = await loginDemo(handle.nodes[0]!.url, "admin");
  }, 120_000);
  afterAll(() => stopAll(handle.nodes ?? []));
  return handle;
}

/** A fresh learner and a fresh guardian, linked through the learner's code. */
export async function linkedPair(baseUrl: string): Promise<{ learner: TestAccount; guardian: TestAccount }> {
  const learner = await registerUser(baseUrl, "learner");
  const guardian = await registerUser(baseUrl, "guardian");
  await linkWithCode(baseUrl, learner, guardian);
  return { learner, guardian };
}

export async function linkWithCode(
  baseUrl: string,
  learner: TestAccount,
  guardian: TestAccount,
): Promise<GuardianLinkView> {
  const code = expectStatus(
    await api<LinkCodeView>(baseUrl, "POST", "/api/guardian-links/code", { token: learner.accessToken }),
    201,
    "link code",
  );
  return expectStatus(
    await api<GuardianLinkView>(baseUrl, "POST", "/api/guardian-links", {
      token: guardian.accessToken,
      body: { code: code.code },
    }),
    201,
    "confirm link",
  );
}

export async function createGift(
  baseUrl: string,
  guardian: TestAccount,
  learnerId: string,
  body: CreateGiftBody,
): Promise<GiftView> {
  const path = `/api/learners/${learnerId}/gifts`;
  return expectStatus(await api<GiftView>(baseUrl, "POST", path, { token: guardian.accessToken, body }), 201, "gift");
}

/**
 * `count` grants of 10 points (one right answer each) by the operator's route, all at once and
 * spread over `urls`, under the keys `<prefix>:<i>`; resolves with the answers' statuses.
 */
export function grantPoints(urls: string[], admin: TestAccount, userId: string, prefix: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const answer = await api(urls[i % urls.length]!, "POST", "/api/admin/awards", {
        token: admin.accessToken,
        body: { userId, reason: "quiz_correct_answers", key: `${prefix}:${i}`, detail: { correct: 1, total: 1 } },
      });
      return answer.status;
    }),
  );
}

export async function pointsOf(baseUrl: string, account: TestAccount): Promise<number> {
  const progress = await api<ProgressView>(baseUrl, "GET", "/api/me/progress", { token: account.accessToken });
  return expectStatus(progress, 200, "progress").points;
}
