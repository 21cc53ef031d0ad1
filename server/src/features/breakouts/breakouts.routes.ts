import {
  broadcastBodySchema,
  chooseBreakoutBodySchema,
  extendBreakoutsBodySchema,
  moveLearnerBodySchema,
  objectIdSchema,
  planBreakoutsBodySchema,
  saveGroupSetBodySchema,
  startBreakoutsBodySchema,
} from "@chalkline/shared";
import { type Response, Router } from "express";
import { z } from "zod";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { auditorOf } from "../audit/audit.model";
import type { BreakoutEnder } from "./breakouts.ending";
import { type GridSources, gridFor } from "./breakouts.grid";
import type { BreakoutLibrary } from "./breakouts.library";
import type { BreakoutPush, BreakoutsService } from "./breakouts.service";

export interface Breakouts {
  service: BreakoutsService;
  ender: BreakoutEnder;
  library: BreakoutLibrary;
  sources: GridSources;
  push: BreakoutPush;
}

/** A snapshot is named by its session and room key. */
const snapshotIdSchema = z.string().regex(/^[a-f0-9]{24}:r\d{1,3}$/, { message: "a snapshot id" });

/**
 * `/api/live-classes/:id/breakouts`, `/api/live-classes/:id/breakout-snapshots`, `/api/breakouts/*`,
 * `/api/breakout-snapshots/*` and `/api/rooms/:roomId/group-sets`.
 */
export function breakoutsRoutes(b: Breakouts, accounts: AccountsService): Router {
  const router = Router();
  // Only its own paths: the router is mounted on /api beside others.
  router.use(
    [
      "/live-classes/:liveClassId/breakouts",
      "/live-classes/:liveClassId/breakout-snapshots",
      "/breakouts",
      "/breakout-snapshots",
      "/rooms/:roomId/group-sets",
    ],
    requireUser(accounts),
  );
  const id = (value: unknown) => parseOrThrow(objectIdSchema, value);
  /** The instructor's changes are audited under the session (or class) they change; a learner's pick is not. */
  const audit = (res: Response, action: string, targetId: string, details?: Record<string, unknown>) =>
    auditorOf(res.locals.user.id, "breakouts")(action, targetId, details);

  router.get("/live-classes/:liveClassId/breakouts", async (req, res) => {
    res.json({ session: await b.service.current(id(req.params.liveClassId), res.locals.user) });
  });
  router.put("/live-classes/:liveClassId/breakouts", async (req, res) => {
    const body = parseOrThrow(planBreakoutsBodySchema, req.body);
    const plan = await b.service.plan(id(req.params.liveClassId), res.locals.user, body);
    await audit(res, "planned", String(req.params.liveClassId));
    res.json(plan);
  });
  router.get("/live-classes/:liveClassId/breakout-snapshots", async (req, res) => {
    res.json({ snapshots: await b.library.snapshots(id(req.params.liveClassId), res.locals.user) });
  });
  router.post("/breakouts/:sessionId/start", async (req, res) => {
    const { durationSeconds } = parseOrThrow(startBreakoutsBodySchema, req.body);
    const started = await b.service.start(id(req.params.sessionId), res.locals.user, durationSeconds);
    await audit(res, "started", String(req.params.sessionId), { durationSeconds });
    res.json(started);
  });
  router.post("/breakouts/:sessionId/extend", async (req, res) => {
    const { seconds } = parseOrThrow(extendBreakoutsBodySchema, req.body);
    const extended = await b.service.extend(id(req.params.sessionId), res.locals.user, seconds);
    await audit(res, "extended", String(req.params.sessionId), { seconds });
    res.json(extended);
  });
  router.post("/breakouts/:sessionId/end", async (req, res) => {
    const ended = await b.ender.end(id(req.params.sessionId), res.locals.user);
    await audit(res, "ended", String(req.params.sessionId));
    res.json(ended);
  });
  router.post("/breakouts/:sessionId/move", async (req, res) => {
    const { userId, roomKey } = parseOrThrow(moveLearnerBodySchema, req.body);
    const moved = await b.service.move(id(req.params.sessionId), res.locals.user, userId, roomKey);
    await audit(res, "moved", String(req.params.sessionId), { userId, roomKey });
    res.json(moved);
  });
  router.post("/breakouts/:sessionId/choose", async (req, res) => {
    const { roomKey } = parseOrThrow(chooseBreakoutBodySchema, req.body);
    res.json(await b.service.choose(id(req.params.sessionId), res.locals.user, roomKey));
  });
  router.post("/breakouts/:sessionId/broadcast", async (req, res) => {
    const body = parseOrThrow(broadcastBodySchema, req.body);
    const sent = await b.service.broadcast(id(req.params.sessionId), res.locals.user, body);
    await audit(res, "broadcast", String(req.params.sessionId), { ...body });
    res.status(201).json(sent);
  });
  router.get("/breakouts/:sessionId/grid", async (req, res) => {
    res.json(await gridFor(id(req.params.sessionId), res.locals.user, b.sources));
  });
  router.get("/breakout-snapshots/:snapshotId", async (req, res) => {
    const snapshotId = parseOrThrow(snapshotIdSchema, req.params.snapshotId);
    res.json((await b.library.snapshot(snapshotId, res.locals.user)).snapshot);
  });
  router.post("/breakout-snapshots/:snapshotId/show", async (req, res) => {
    const snapshotId = parseOrThrow(snapshotIdSchema, req.params.snapshotId);
    const { snapshot, mainRoomId } = await b.library.showable(snapshotId, res.locals.user);
    b.push.shown(mainRoomId, snapshot);
    await audit(res, "snapshot_shown", snapshotId);
    res.json(snapshot);
  });
  router.get("/rooms/:roomId/group-sets", async (req, res) => {
    res.json({ groupSets: await b.library.groupSets(id(req.params.roomId), res.locals.user) });
  });
  router.post("/rooms/:roomId/group-sets", async (req, res) => {
    const body = parseOrThrow(saveGroupSetBodySchema, req.body);
    res.status(201).json(await b.library.saveGroupSet(id(req.params.roomId), res.locals.user, body));
  });
  return router;
}
