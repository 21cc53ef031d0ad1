import type { CourseView } from "@chalkline/shared";
import { afterAll, beforeAll } from "vitest";
import { api, registerUser, type TestAccount } from "./clients";
import { type ClusterNames, loginDemo, newClusterNames, startCluster, stopAll } from "./cluster";
import { type MediaNodeHandle, startMediaNode } from "./media";
import type { ServerNodeHandle } from "./server";

export interface ClassFixture {
  course: CourseView;
  roomId: string;
  instructor: TestAccount;
  learners: TestAccount[];
}

/** A course by the demo instructor with `learnerCount` freshly registered, enrolled learners. */
export async function classWithLearners(baseUrl: string, learnerCount: number): Promise<ClassFixture> {
  const instructor = await loginDemo(baseUrl, "instructor");
  const created = await api<CourseView>(baseUrl, "POST", "/api/courses", {
    token: instructor.accessToken,
    body: { title: `Course ${Date.now()}-${Math.random().toString(36).slice(2, 6)}` },
  });
  if (created.status !== 201) throw new Error(`course: ${created.status} ${JSON.stringify(created.body)}`);
  // New courses are drafts; learners enroll in published ones.
  const published = await api<CourseView>(baseUrl, "PUT", `/api/courses/${created.body.id}/published`, {
    token: instructor.accessToken,
    body: { published: true },
  });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  const learners: TestAccount[] = [];
  // Sequential: argon2 hashing of many registrations at once would only queue up on two cores.
  for (let i = 0; i < learnerCount; i++) {
    const learner = await registerUser(baseUrl);
    const enrolled = await api(baseUrl, "POST", `/api/courses/${created.body.id}/enroll`, {
      token: learner.accessToken,
    });
    if (enrolled.status !== 200) throw new Error(`enroll: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
    learners.push(learner);
  }
  return { course: published.body, roomId: published.body.classRoomId, instructor, learners };
}

/** Many test users come from one IP: lift the per-IP auth limit for these clusters. */
export const ROOMY_LIMITS = { AUTH_RATE_LIMIT_PER_MINUTE: "10000", API_RATE_LIMIT_PER_MINUTE: "100000" };

/**
 * The usual setup of a room test: `nodeCount` nodes on a fresh database and a class with
 * `learnerCount` learners, started before the file's tests and stopped after them; with `media`,
 * a media node (that many mediasoup workers) serves the cluster's live classes.
 */
export function classCluster(
  nodeCount: number,
  learnerCount: number,
  env: Record<string, string> = ROOMY_LIMITS,
  opts: { media?: number } = {},
) {
  const cluster = {} as {
    nodes: ServerNodeHandle[];
    fixture: ClassFixture;
    media: MediaNodeHandle | undefined;
    /** The cluster's database name and key prefix, for tests that read the stores directly. */
    names: ClusterNames;
  };
  beforeAll(async () => {
    const names = newClusterNames();
    cluster.names = names;
    cluster.media = opts.media ? await startMediaNode({ keyPrefix: names.keyPrefix, workers: opts.media }) : undefined;
    cluster.nodes = await startCluster(nodeCount, env, names);
    cluster.fixture = await classWithLearners(cluster.nodes[0]!.url, learnerCount);
  }, 180_000);
  afterAll(async () => {
    await stopAll(cluster.nodes ?? []);
    await cluster.media?.stop();
  });
  return cluster;
}
