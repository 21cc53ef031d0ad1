import mongoose from "mongoose";
import { AppError } from "../../platform/errors";
import type { RedisClient } from "../../platform/redis";
import { uploadsRedisKeys } from "./uploads.keys";
import { Upload } from "./uploads.model";

/** KEYS[1] the usage; ARGV bytes, quota. Returns the new usage, -1 when unknown, -2 when it would pass the quota. */
const RESERVE = `
local used = redis.call("GET", KEYS[1])
if not used then return -1 end
if tonumber(used) + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return -2 end
return redis.call("INCRBY", KEYS[1], ARGV[1])
`;

/** KEYS[1] the usage; ARGV the change. An unknown usage stays unknown: its rebuild counts the change. */
const ADJUST = `
if redis.call("EXISTS", KEYS[1]) == 1 then redis.call("INCRBY", KEYS[1], ARGV[1]) end
return 0
`;

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/**
 * Each account's file storage: the sizes of its uploads, pending ones included (declared until
 * confirmed), kept as one Redis counter so a check never sums the uploads collection. The counter
 * is rebuilt from the collection when Redis has lost it.
 */
export class UploadQuota {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly quotaBytes: number,
  ) {}

  /** Counts `bytes` against the account, or throws `quota_exceeded` when they do not fit. */
  async reserve(userId: string, bytes: number): Promise<void> {
    const key = uploadsRedisKeys.usage(this.prefix, userId);
    let used = await this.#reserve(key, bytes);
    if (used === -1) {
      // Two nodes may rebuild at once: the first count stands, and both reservations land on it.
      await this.redis.set(key, await this.#sumOfUploads(userId), "NX");
      used = await this.#reserve(key, bytes);
    }
    if (used < 0) {
      const left = Math.max(0, this.quotaBytes - (await this.used(userId)));
      throw new AppError(
        "quota_exceeded",
        `this file needs ${mb(bytes)} and ${mb(left)} of your ${mb(this.quotaBytes)} is left; remove files you no longer need`,
        { limit: "upload_quota" },
      );
    }
  }

  /** Changes the account's usage by `bytes` (negative when a file goes or turns out smaller). */
  async adjust(userId: string, bytes: number): Promise<void> {
    if (bytes !== 0) await this.redis.eval(ADJUST, 1, uploadsRedisKeys.usage(this.prefix, userId), bytes);
  }

  async used(userId: string): Promise<number> {
    return Number((await this.redis.get(uploadsRedisKeys.usage(this.prefix, userId))) ?? 0);
  }

  async #reserve(key: string, bytes: number): Promise<number> {
    return Number(await this.redis.eval(RESERVE, 1, key, bytes, this.quotaBytes));
  }

  async #sumOfUploads(userId: string): Promise<number> {
    const [total] = await Upload.aggregate<{ bytes: number }>([
      { $match: { ownerId: new mongoose.Types.ObjectId(userId) } },
      { $group: { _id: null, bytes: { $sum: "$size" } } },
    ]);
    return total?.bytes ?? 0;
  }
}
