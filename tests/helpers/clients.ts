import {
  type ClientToServerEvents,
  PROTOCOL_VERSION,
  type ServerToClientEvents,
  type Session,
  type SessionReady,
} from "@chalkline/shared";
import { io, type Socket } from "socket.io-client";
import { uniqueName } from "./ids";
import { signupLink, waitForMail } from "./mail";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  /** The refresh cookie's value when the answer set one. */
  refreshCookie: string | undefined;
}

/** One HTTP call against a node, JSON in and out, with an optional bearer token and refresh cookie. */
export async function api<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  opts: {
    body?: unknown;
    token?: string;
    refreshCookie?: string;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined || opts.rawBody !== undefined) headers["content-type"] = "application/json";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.refreshCookie) headers.cookie = `chalkline_refresh=${opts.refreshCookie}`;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("chalkline_refresh="));
  const refreshCookie = cookie
    ? decodeURIComponent(cookie.split(";")[0]!.slice("chalkline_refresh=".length))
    : undefined;
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers, refreshCookie };
}

export interface TestAccount extends Session {
  email: string;
  password: string;
  refreshCookie: string;
}

/** Opens a sign-up link's token the way the web app's /signup/complete page does. */
export function completeSignup(baseUrl: string, token: string) {
  return api(baseUrl, "POST", "/api/auth/signup/complete", { body: { token } });
}

/**
 * Signs up a fresh learner (or guardian) with a unique email, as a person does: register, take
 * the link from the sign-up mail, open it. Answers the session the link starts.
 */
export async function registerUser(baseUrl: string, role: "learner" | "guardian" = "learner"): Promise<TestAccount> {
  const email = `${uniqueName("user")}@example.test`;
  const password = "correct-horse-battery";
  const res = await api(baseUrl, "POST", "/api/auth/register", {
    body: { email, password, displayName: `Tester ${email.slice(5, 11)}`, role },
  });
  if (res.status !== 202) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  const { token } = signupLink(await waitForMail(email));
  const completed = await completeSignup(baseUrl, token);
  if (completed.status !== 201 || !completed.refreshCookie)
    throw new Error(`sign-up link failed: ${completed.status} ${JSON.stringify(completed.body)}`);
  return { ...completed.body, email, password, refreshCookie: completed.refreshCookie };
}

export async function login(baseUrl: string, email: string, password: string): Promise<TestAccount> {
  const res = await api<Session>(baseUrl, "POST", "/api/auth/login", { body: { email, password } });
  if (res.status !== 200 || !res.refreshCookie)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, email, password, refreshCookie: res.refreshCookie };
}

/** Connects a real socket.io-client and resolves once the server says `session:ready`, or rejects with the connect error's code. */
export function connectSocket(
  baseUrl: string,
  token: string,
  opts: { protocol?: number; origin?: string; reconnection?: boolean; headers?: Record<string, string> } = {},
): Promise<{ socket: ClientSocket; ready: SessionReady }> {
  const socket: ClientSocket = io(baseUrl, {
    transports: ["websocket"],
    auth: { token, protocol: opts.protocol ?? PROTOCOL_VERSION },
    reconnection: opts.reconnection ?? false,
    forceNew: true,
    extraHeaders: { ...opts.headers, ...(opts.origin ? { origin: opts.origin } : {}) },
  });
  return new Promise((resolve, reject) => {
    socket.once("session:ready", (ready) => resolve({ socket, ready }));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Resolves with the next `event` on `socket` that `accept` takes (any, by default), or rejects after `ms`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  ms = 10_000,
  accept: (value: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event as any, listener);
      reject(new Error(`no ${String(event)} within ${ms} ms`));
    }, ms);
    const listener = ((value: any) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      socket.off(event as any, listener);
      resolve(value);
    }) as any;
    socket.on(event as any, listener);
  });
}
