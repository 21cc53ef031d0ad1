import {
  confirmUploadBodySchema,
  createUploadBodySchema,
  objectIdSchema,
  setAvatarBodySchema,
  type UploadList,
  uploadListQuerySchema,
} from "@chalkline/shared";
import { type Request, Router } from "express";
import { parseOrThrow } from "../../platform/errors";
import { requireUser } from "../accounts/accounts.middleware";
import type { AccountsService } from "../accounts/accounts.service";
import type { UploadsService } from "./uploads.service";

const idOf = (req: Request, param: string) => parseOrThrow(objectIdSchema, req.params[param]);

/** `/api/uploads/*`: presigned uploads, their confirmation, downloads, removal of course materials and avatars. */
export function uploadsRoutes(uploads: UploadsService, accounts: AccountsService): Router {
  const router = Router();
  router.use(requireUser(accounts));

  router.post("/", async (req, res) => {
    res.status(201).json(await uploads.presign(res.locals.user, parseOrThrow(createUploadBodySchema, req.body)));
  });
  router.post("/confirm", async (req, res) => {
    const { key } = parseOrThrow(confirmUploadBodySchema, req.body);
    res.json(await uploads.confirm(res.locals.user, key));
  });
  router.get("/", async (req, res) => {
    const list: UploadList = {
      uploads: await uploads.list(res.locals.user, parseOrThrow(uploadListQuerySchema, req.query)),
    };
    res.json(list);
  });
  router.put("/avatar", async (req, res) => {
    const { uploadId } = parseOrThrow(setAvatarBodySchema, req.body);
    res.json(await uploads.setAvatar(res.locals.user, uploadId));
  });
  router.get("/avatar/:userId", async (req, res) => {
    res.json(await uploads.avatarOf(idOf(req, "userId")));
  });
  router.delete("/:id", async (req, res) => {
    await uploads.remove(res.locals.user, idOf(req, "id"));
    res.status(204).end();
  });
  router.get("/:id/url", async (req, res) => {
    res.json(await uploads.downloadUrl(res.locals.user, idOf(req, "id")));
  });
  return router;
}
