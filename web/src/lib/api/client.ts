/**
 * The HTTP client every call goes through: it adds the access token, turns error answers into
 * `ApiError`, refreshes once on a 401 and validates answers against the shared schemas.
 */
import { type ErrorBody, type ErrorCode, errorBodySchema } from "@chalkline/shared";

/** An error answer from the server, or `unavailable` with status 0 when it could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.retryAfterSeconds = body.retryAfterSeconds;
  }
}

/** Where authenticated calls get their access token; the auth state registers itself here. */
export interface TokenSource {
  /** The current access token, or null when signed out. */
  current(): string | null;
  /** Trades the refresh cookie for a new access token; null when the session is over. */
  refresh(): Promise<string | null>;
}

let tokens: TokenSource | null = null;

export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

interface Parser<T> {
  parse(data: unknown): T;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface RequestOptions<T> {
  body?: unknown;
  schema?: Parser<T>;
  token?: string | null;
  /** Answer the body as text (a CSV export) instead of parsing JSON. */
  text?: boolean;
}

const TOKEN_REJECTIONS: ReadonlySet<ErrorCode> = new Set(["unauthorized", "token_expired"]);

export async function send<T>(method: Method, path: string, options: RequestOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, { code: "unavailable", message: "the server could not be reached" });
  }

  if (!response.ok) throw await toApiError(response);
  if (options.text) return (await response.text()) as T;
  if (response.status === 204 || !options.schema) return undefined as T;
  return options.schema.parse(await response.json());
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallbackCode: ErrorCode = response.status >= 500 ? "unavailable" : "internal";
  try {
    const parsed = errorBodySchema.safeParse(((await response.json()) as { error?: unknown }).error);
    if (parsed.success) return new ApiError(response.status, parsed.data);
  } catch {
    // Not JSON: a proxy or a crashed upstream answered; fall through to a generic error.
  }
  return new ApiError(response.status, { code: fallbackCode, message: response.statusText || "request failed" });
}

/** A call that needs the access token: refreshed first when missing, and once more on a 401. */
export async function authed<T>(method: Method, path: string, options: RequestOptions<T> = {}): Promise<T> {
  if (!tokens) throw new Error("api: no token source registered");
  const token = tokens.current() ?? (await tokens.refresh());
  // Offline without a token, only the service worker's kept copies can answer, and they need none.
  if (!token && typeof navigator !== "undefined" && !navigator.onLine) return send(method, path, options);
  if (!token) throw new ApiError(401, { code: "unauthorized", message: "not signed in" });
  try {
    return await send(method, path, { ...options, token });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401 && TOKEN_REJECTIONS.has(error.code))) throw error;
    const renewed = await tokens.refresh();
    if (!renewed) throw error;
    return send(method, path, { ...options, token: renewed });
  }
}

export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
