/**
 * Every HTTP call the app makes goes through this module: it adds the access token, turns error
 * answers into `ApiError`, refreshes once on a 401 and validates answers against the shared schemas.
 */
import {
  type AttendanceList,
  attendanceListSchema,
  type CourseView,
  courseViewSchema,
  type createCourseBodySchema,
  type createDocBodySchema,
  type createStudyRoomBodySchema,
  type DocSnapshot,
  type DocView,
  docSnapshotSchema,
  docViewSchema,
  type ErrorBody,
  type ErrorCode,
  errorBodySchema,
  type ListUsersQuery,
  type LiveClassView,
  type LoginBody,
  liveClassViewSchema,
  type markNotificationsReadBodySchema,
  type NotificationPage,
  notificationPageSchema,
  type RegisterBody,
  type Role,
  type RoomDetails,
  type RoomView,
  roomDetailsSchema,
  roomViewSchema,
  type ScheduleLiveClassBody,
  type Session,
  sessionSchema,
  type UserPage,
  type UserRef,
  type UserView,
  userPageSchema,
  userRefSchema,
  userViewSchema,
} from "@chalkline/shared";
import { z } from "zod";

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
}

const TOKEN_REJECTIONS: ReadonlySet<ErrorCode> = new Set(["unauthorized", "token_expired"]);

async function send<T>(method: Method, path: string, options: RequestOptions<T> = {}): Promise<T> {
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
async function authed<T>(method: Method, path: string, options: RequestOptions<T> = {}): Promise<T> {
  if (!tokens) throw new Error("api: no token source registered");
  const token = tokens.current() ?? (await tokens.refresh());
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

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// Envelopes of list answers; the items inside are the shared contract's schemas.
const roomListSchema = z.object({ rooms: z.array(roomViewSchema) });
const userSearchSchema = z.object({ users: z.array(userRefSchema) });
const courseListSchema = z.object({ courses: z.array(courseViewSchema) });
const unreadCountSchema = z.object({ unread: z.number() });

export const api = {
  register: (body: RegisterBody): Promise<Session> =>
    send("POST", "/api/auth/register", { body, schema: sessionSchema }),
  login: (body: LoginBody): Promise<Session> => send("POST", "/api/auth/login", { body, schema: sessionSchema }),
  /** Uses the httpOnly refresh cookie; the answer rotates it. */
  refresh: (): Promise<Session> => send("POST", "/api/auth/refresh", { schema: sessionSchema }),
  logout: (): Promise<void> => send("POST", "/api/auth/logout"),
  me: (): Promise<UserView> => authed("GET", "/api/me", { schema: userViewSchema }),

  listUsers: (params: Partial<ListUsersQuery>): Promise<UserPage> =>
    authed("GET", `/api/admin/users${query(params)}`, { schema: userPageSchema }),
  changeRole: (id: string, role: Role): Promise<UserView> =>
    authed("PATCH", `/api/admin/users/${encodeURIComponent(id)}/role`, { body: { role }, schema: userViewSchema }),
  setDisabled: (id: string, disabled: boolean): Promise<UserView> =>
    authed("PATCH", `/api/admin/users/${encodeURIComponent(id)}/disabled`, {
      body: { disabled },
      schema: userViewSchema,
    }),

  listRooms: async (): Promise<RoomView[]> => (await authed("GET", "/api/rooms", { schema: roomListSchema })).rooms,
  getRoom: (id: string): Promise<RoomDetails> =>
    authed("GET", `/api/rooms/${encodeURIComponent(id)}`, { schema: roomDetailsSchema }),
  createStudyRoom: (body: z.input<typeof createStudyRoomBodySchema>): Promise<RoomView> =>
    authed("POST", "/api/rooms/study", { body, schema: roomViewSchema }),
  /** Errors: `room_locked`, `room_full`, `not_found`. */
  joinRoom: (code: string): Promise<RoomView> =>
    authed("POST", "/api/rooms/join", { body: { code }, schema: roomViewSchema }),
  /** Gets or creates the direct-message room with this user. */
  openDirectRoom: (userId: string): Promise<RoomView> =>
    authed("POST", "/api/rooms/dm", { body: { userId }, schema: roomViewSchema }),
  searchUsers: async (q: string): Promise<UserRef[]> =>
    (await authed("GET", `/api/users/search${query({ q })}`, { schema: userSearchSchema })).users,

  listCourses: async (): Promise<CourseView[]> =>
    (await authed("GET", "/api/courses", { schema: courseListSchema })).courses,
  createCourse: (body: z.input<typeof createCourseBodySchema>): Promise<CourseView> =>
    authed("POST", "/api/courses", { body, schema: courseViewSchema }),
  enroll: (courseId: string): Promise<CourseView> =>
    authed("POST", `/api/courses/${encodeURIComponent(courseId)}/enroll`, { schema: courseViewSchema }),

  listNotifications: (params: { cursor?: string; limit?: number } = {}): Promise<NotificationPage> =>
    authed("GET", `/api/notifications${query(params)}`, { schema: notificationPageSchema }),
  /** Marks some notifications, or all of them, read; answers the unread count left. */
  markNotificationsRead: async (body: z.input<typeof markNotificationsReadBodySchema>): Promise<number> =>
    (await authed("POST", "/api/notifications/read", { body, schema: unreadCountSchema })).unread,
};

// Collaborative documents: a room's workspace of code files and whiteboards.
const docListSchema = z.object({ docs: z.array(docViewSchema) });
const snapshotListSchema = z.object({ snapshots: z.array(docSnapshotSchema) });

export const collabApi = {
  /** The room's documents, oldest first; the server adds main.py and a whiteboard on the first call. */
  listDocs: async (roomId: string): Promise<DocView[]> =>
    (await authed("GET", `/api/rooms/${encodeURIComponent(roomId)}/docs`, { schema: docListSchema })).docs,
  createDoc: (roomId: string, body: z.input<typeof createDocBodySchema>): Promise<DocView> =>
    authed("POST", `/api/rooms/${encodeURIComponent(roomId)}/docs`, { body, schema: docViewSchema }),
  /** Moderators only. */
  setDocLock: (docId: string, readOnly: boolean): Promise<DocView> =>
    authed("PUT", `/api/docs/${encodeURIComponent(docId)}/lock`, {
      body: { readOnly },
      schema: docViewSchema,
    }),
  listSnapshots: async (docId: string): Promise<DocSnapshot[]> =>
    (await authed("GET", `/api/docs/${encodeURIComponent(docId)}/snapshots`, { schema: snapshotListSchema })).snapshots,
  takeSnapshot: (docId: string, name: string): Promise<DocSnapshot> =>
    authed("POST", `/api/docs/${encodeURIComponent(docId)}/snapshots`, { body: { name }, schema: docSnapshotSchema }),
  restoreSnapshot: (docId: string, snapshotId: string): Promise<DocView> =>
    authed("POST", `/api/docs/${encodeURIComponent(docId)}/snapshots/${encodeURIComponent(snapshotId)}/restore`, {
      schema: docViewSchema,
    }),
};

// Live classes: the scheduled sessions of a class room, and who attended them.
const liveClassListSchema = z.object({ liveClasses: z.array(liveClassViewSchema) });

export const liveApi = {
  /** The room's classes, newest first. */
  listClasses: async (roomId: string): Promise<LiveClassView[]> =>
    (await authed("GET", `/api/rooms/${encodeURIComponent(roomId)}/live-classes`, { schema: liveClassListSchema }))
      .liveClasses,
  /** The class room's instructor or an admin. */
  scheduleClass: (roomId: string, body: ScheduleLiveClassBody): Promise<LiveClassView> =>
    authed("POST", `/api/rooms/${encodeURIComponent(roomId)}/live-classes`, { body, schema: liveClassViewSchema }),
  /** The class room's instructor or an admin. */
  attendance: (liveClassId: string): Promise<AttendanceList> =>
    authed("GET", `/api/live-classes/${encodeURIComponent(liveClassId)}/attendance`, { schema: attendanceListSchema }),
};
