import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** Marks a sealed secret; a stored secret without it was written before secrets were sealed. */
const SEALED = "v1.";

/**
 * TOTP secrets at rest: AES-256-GCM under a key derived (HKDF) from the server's signing secret, so
 * a copy of the database alone cannot mint codes. Each secret is bound to its account (the
 * additional data), so a sealed secret moved to another account does not open. Changing
 * JWT_SECRET makes sealed secrets unreadable: those accounts then enrol again.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(serverSecret: string) {
    this.#key = Buffer.from(hkdfSync("sha256", serverSecret, "", "chalkline two-factor secrets", 32));
  }

  seal(userId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv).setAAD(Buffer.from(userId));
    const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    return SEALED + [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
  }

  /** The secret; throws when the sealed value was altered, belongs to another account or another key. */
  open(userId: string, sealed: string): string {
    const [iv, tag, body] = sealed
      .slice(SEALED.length)
      .split(".")
      .map((part) => Buffer.from(part, "base64url"));
    if (!iv || !tag || !body) throw new Error("not a sealed secret");
    const decipher = createDecipheriv("aes-256-gcm", this.#key, iv).setAAD(Buffer.from(userId));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(SEALED);
  }
}
