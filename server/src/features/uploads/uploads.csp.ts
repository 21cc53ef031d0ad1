import type { RequestHandler } from "express";

/** The directives through which pages reach uploads: XHR uploads (connect), images (img) and recorded clips (media). */
const DIRECTIVES = ["connect-src", "img-src", "media-src"];

/** `policy` with `origin` added to the directives pages use to reach the uploads bucket. */
export function allowOrigin(policy: string, origin: string): string {
  return policy
    .split(";")
    .map((directive) => {
      const name = directive.trim().split(/\s+/)[0] ?? "";
      return DIRECTIVES.includes(name) ? `${directive.trimEnd()} ${origin}` : directive;
    })
    .join(";");
}

/**
 * The web app's content security policy is fixed when it is built, but the bucket's address is
 * configuration (and a free port under `npm start`), so the server adds it to each page's policy.
 */
export function withStorageOrigin(
  handler: RequestHandler | undefined,
  origin: string | null,
): RequestHandler | undefined {
  if (!handler || !origin) return handler;
  return (req, res, next) => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) =>
      setHeader(name, name.toLowerCase() === "content-security-policy" ? allowOrigin(String(value), origin) : value);
    return handler(req, res, next);
  };
}
