import type { MediaClient } from "@chalkline/media";
import { mediaNodeDrainBodySchema } from "@chalkline/shared";
import { Router } from "express";
import { z } from "zod";
import { AppError, parseOrThrow } from "../../platform/errors";
import { requireRole, requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import { recordAudit } from "../audit/audit.model";
import { mediaCall } from "../live/live.media";

const nodeIdSchema = z.string().min(1).max(100);

/** `/api/admin/media-nodes`: the media nodes with their load, and draining one (admins only). */
export function mediaNodesRoutes(media: MediaClient, accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts), requireRole("admin"));

  router.get("/", async (_req, res) => {
    res.json({ nodes: await media.nodes() });
  });

  router.put("/:nodeId/draining", async (req, res) => {
    const nodeId = parseOrThrow(nodeIdSchema, req.params.nodeId);
    const { draining } = parseOrThrow(mediaNodeDrainBodySchema, req.body);
    if (!(await media.nodes()).some((n) => n.nodeId === nodeId)) {
      throw new AppError("not_found", `no media node ${nodeId}`);
    }
    await mediaCall(media.drainNode(nodeId, draining));
    const action = draining ? "media_node.drained" : "media_node.undrained";
    await recordAudit({ actorId: res.locals.user.id, action, targetId: nodeId });
    res.json({ nodes: await media.nodes() });
  });

  return router;
}
