/**
 * Every HTTP call the app makes goes through this module: it adds the access token, turns error
 * answers into `ApiError`, refreshes once on a 401 and validates answers against the shared schemas.
 */
import {
  type AttendanceList,
  type AvatarView,
  attendanceListSchema,
  avatarViewSchema,
  type BestsView,
  type BoardRef,
  type BoardScope,
  bestsViewSchema,
  type CatalogPage,
  type CatalogQuery,
  type CheckoutView,
  type CompletionView,
  type CourseDetails,
  type CourseView,
  type CreateGiftBody,
  type CreateGuardianTaskBody,
  type CreateOrderBody,
  type CreateUploadBody,
  catalogPageSchema,
  checkoutViewSchema,
  completionViewSchema,
  courseDetailsSchema,
  courseViewSchema,
  type createCourseBodySchema,
  type createDocBodySchema,
  type createProductBodySchema,
  type createStudyRoomBodySchema,
  type DocSnapshot,
  type DocView,
  type DownloadUrl,
  docSnapshotSchema,
  docViewSchema,
  downloadUrlSchema,
  type EarningsView,
  type ErrorBody,
  type ErrorCode,
  earningsViewSchema,
  errorBodySchema,
  type GiftView,
  type GuardianLinkList,
  type GuardianLinkView,
  type GuardianTaskView,
  giftListSchema,
  giftViewSchema,
  guardianLinkListSchema,
  guardianLinkViewSchema,
  guardianTaskListSchema,
  guardianTaskViewSchema,
  type ImprovedView,
  improvedViewSchema,
  type LeaderboardView,
  type LearnerGifts,
  type LearnerOverview,
  type LedgerPage,
  type LessonBody,
  type LessonEditView,
  type LessonProgress,
  type LessonView,
  type LinkCodeView,
  type ListUsersQuery,
  type LiveClassView,
  type LoginBody,
  leaderboardViewSchema,
  learnerGiftsSchema,
  learnerOverviewSchema,
  ledgerPageSchema,
  lessonEditViewSchema,
  lessonProgressSchema,
  lessonViewSchema,
  linkCodeViewSchema,
  liveClassViewSchema,
  type MyCourseProgress,
  type markNotificationsReadBodySchema,
  myCourseProgressSchema,
  type NotificationPage,
  notificationPageSchema,
  type OrderPage,
  type OrdersQuery,
  type OrderView,
  type OutlineBody,
  orderPageSchema,
  orderViewSchema,
  type ProductView,
  type ProgressView,
  productListSchema,
  productViewSchema,
  progressViewSchema,
  type QuizAnswer,
  type QuizAttemptView,
  type QuizStats,
  quizAttemptViewSchema,
  quizStatsSchema,
  type RegisterBody,
  type Role,
  type RoomDetails,
  type RoomView,
  roomDetailsSchema,
  roomViewSchema,
  type ScheduleLiveClassBody,
  type Session,
  type ShippingStatus,
  type StoreConfig,
  type StoreCourseView,
  sessionSchema,
  storeConfigSchema,
  storeCourseListSchema,
  type TaskAnswerResult,
  taskAnswerResultSchema,
  type UpdateCourseBody,
  type UpdateProductBody,
  type UploadListQuery,
  type UploadTicket,
  type UploadView,
  type UserPage,
  type UserRef,
  type UserView,
  uploadListSchema,
  uploadTicketSchema,
  uploadViewSchema,
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

  /** Courses the user teaches (drafts too) or is enrolled in. */
  myCourses: async (): Promise<CourseView[]> =>
    (await authed("GET", "/api/courses/mine", { schema: courseListSchema })).courses,
  createCourse: (body: z.input<typeof createCourseBodySchema>): Promise<CourseView> =>
    authed("POST", "/api/courses", { body, schema: courseViewSchema }),
  /** Errors: `payment_required` for paid courses, `room_locked`. */
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

// Courses: the catalog, course pages, lessons, progress and quizzes.
const attemptListSchema = z.object({ attempts: z.array(quizAttemptViewSchema) });
const course = (id: string) => `/api/courses/${encodeURIComponent(id)}`;
const lesson = (courseId: string, lessonId: string) => `${course(courseId)}/lessons/${encodeURIComponent(lessonId)}`;

export const coursesApi = {
  /** Published courses, newest first. */
  catalog: (params: Partial<CatalogQuery>): Promise<CatalogPage> =>
    authed("GET", `/api/courses${query(params)}`, { schema: catalogPageSchema }),
  details: (id: string): Promise<CourseDetails> => authed("GET", course(id), { schema: courseDetailsSchema }),
  myProgress: (): Promise<MyCourseProgress> =>
    authed("GET", "/api/me/course-progress", { schema: myCourseProgressSchema }),

  // Editing: the course's instructor or an admin. Outline edits answer the whole course page.
  update: (id: string, body: UpdateCourseBody): Promise<CourseView> =>
    authed("PATCH", course(id), { body, schema: courseViewSchema }),
  setPublished: (id: string, published: boolean): Promise<CourseView> =>
    authed("PUT", `${course(id)}/published`, { body: { published }, schema: courseViewSchema }),
  addModule: (id: string, title: string): Promise<CourseDetails> =>
    authed("POST", `${course(id)}/modules`, { body: { title }, schema: courseDetailsSchema }),
  renameModule: (id: string, moduleId: string, title: string): Promise<CourseDetails> =>
    authed("PATCH", `${course(id)}/modules/${encodeURIComponent(moduleId)}`, {
      body: { title },
      schema: courseDetailsSchema,
    }),
  /** Only empty modules; errors: `conflict`. */
  deleteModule: (id: string, moduleId: string): Promise<CourseDetails> =>
    authed("DELETE", `${course(id)}/modules/${encodeURIComponent(moduleId)}`, { schema: courseDetailsSchema }),
  /** Errors: `conflict` when the outline changed meanwhile. */
  reorder: (id: string, body: OutlineBody): Promise<CourseDetails> =>
    authed("PUT", `${course(id)}/outline`, { body, schema: courseDetailsSchema }),
  createLesson: (id: string, moduleId: string, body: LessonBody): Promise<LessonEditView> =>
    authed("POST", `${course(id)}/modules/${encodeURIComponent(moduleId)}/lessons`, {
      body,
      schema: lessonEditViewSchema,
    }),
  lessonForEdit: (id: string, lessonId: string): Promise<LessonEditView> =>
    authed("GET", `${lesson(id, lessonId)}/edit`, { schema: lessonEditViewSchema }),
  updateLesson: (id: string, lessonId: string, body: LessonBody): Promise<LessonEditView> =>
    authed("PUT", lesson(id, lessonId), { body, schema: lessonEditViewSchema }),
  deleteLesson: (id: string, lessonId: string): Promise<void> => authed("DELETE", lesson(id, lessonId)),
  quizStats: (id: string, lessonId: string): Promise<QuizStats> =>
    authed("GET", `${lesson(id, lessonId)}/stats`, { schema: quizStatsSchema }),

  // Learning: quizzes come without their answers; progress is recorded for enrolled learners.
  lesson: (id: string, lessonId: string): Promise<LessonView> =>
    authed("GET", lesson(id, lessonId), { schema: lessonViewSchema }),
  start: (id: string, lessonId: string): Promise<LessonProgress> =>
    authed("POST", `${lesson(id, lessonId)}/start`, { schema: lessonProgressSchema }),
  /** Visible seconds since the last beat; the server credits no more than the time that passed. */
  heartbeat: (id: string, lessonId: string, seconds: number): Promise<LessonProgress> =>
    authed("POST", `${lesson(id, lessonId)}/heartbeat`, { body: { seconds }, schema: lessonProgressSchema }),
  complete: (id: string, lessonId: string): Promise<CompletionView> =>
    authed("POST", `${lesson(id, lessonId)}/complete`, { schema: completionViewSchema }),
  submitQuiz: (id: string, lessonId: string, answers: QuizAnswer[]): Promise<QuizAttemptView> =>
    authed("POST", `${lesson(id, lessonId)}/attempts`, { body: { answers }, schema: quizAttemptViewSchema }),
  /** The caller's attempts, newest first. */
  attempts: async (id: string, lessonId: string): Promise<QuizAttemptView[]> =>
    (await authed("GET", `${lesson(id, lessonId)}/attempts`, { schema: attemptListSchema })).attempts,
};

// XP, points, badges and leaderboards. Live board updates come over the socket (`$lib/leaderboards`).
export const progressApi = {
  progress: (): Promise<ProgressView> => authed("GET", "/api/me/progress", { schema: progressViewSchema }),
  ledger: (params: { currency?: "xp" | "points"; cursor?: number }): Promise<LedgerPage> =>
    authed("GET", `/api/me/ledger${query(params)}`, { schema: ledgerPageSchema }),
  bests: (): Promise<BestsView> => authed("GET", "/api/me/bests", { schema: bestsViewSchema }),
  board: (ref: BoardRef): Promise<LeaderboardView> =>
    authed("GET", `/api/leaderboards/${ref.scope}${query({ scopeId: ref.scopeId, period: ref.period })}`, {
      schema: leaderboardViewSchema,
    }),
  improved: (scope: BoardScope, scopeId?: string): Promise<ImprovedView> =>
    authed("GET", `/api/leaderboards/improved${query({ scope, scopeId })}`, { schema: improvedViewSchema }),
  /** Streak days and weekly boards follow this zone from now on. */
  setTimeZone: (timeZone: string): Promise<UserView> =>
    authed("PATCH", "/api/me", { body: { timeZone }, schema: userViewSchema }),
};

// Families: guardian links, a guardian's view of a learner, guardian tasks and gifts.
const learner = (learnerId: string) => `/api/learners/${encodeURIComponent(learnerId)}`;

export const familyApi = {
  /** Learners: a fresh one-time code for a guardian to confirm. */
  newLinkCode: (): Promise<LinkCodeView> => authed("POST", "/api/guardian-links/code", { schema: linkCodeViewSchema }),
  /** Guardians: errors `not_found` when the code is unknown, used or expired. */
  confirmLink: (code: string): Promise<GuardianLinkView> =>
    authed("POST", "/api/guardian-links", { body: { code }, schema: guardianLinkViewSchema }),
  /** A guardian's learners, or a learner's guardians. */
  links: (): Promise<GuardianLinkList> => authed("GET", "/api/guardian-links", { schema: guardianLinkListSchema }),
  /** Ends the link with the other side (a learner names the guardian, a guardian the learner). */
  unlink: (userId: string): Promise<void> => authed("DELETE", `/api/guardian-links/${encodeURIComponent(userId)}`),

  // A guardian's view of one linked learner.
  overview: (learnerId: string): Promise<LearnerOverview> =>
    authed("GET", `${learner(learnerId)}/overview`, { schema: learnerOverviewSchema }),
  learnerTasks: async (learnerId: string): Promise<GuardianTaskView[]> =>
    (await authed("GET", `${learner(learnerId)}/tasks`, { schema: guardianTaskListSchema })).tasks,
  createTask: (learnerId: string, body: CreateGuardianTaskBody): Promise<GuardianTaskView> =>
    authed("POST", `${learner(learnerId)}/tasks`, { body, schema: guardianTaskViewSchema }),
  learnerGifts: async (learnerId: string): Promise<GiftView[]> =>
    (await authed("GET", `${learner(learnerId)}/gifts`, { schema: giftListSchema })).gifts,
  createGift: (learnerId: string, body: CreateGiftBody): Promise<GiftView> =>
    authed("POST", `${learner(learnerId)}/gifts`, { body, schema: giftViewSchema }),
  /** Only while the gift is locked; errors `conflict` once it unlocked. */
  withdrawGift: (giftId: string): Promise<void> => authed("DELETE", `/api/gifts/${encodeURIComponent(giftId)}`),
  setShipping: (giftId: string, status: Exclude<ShippingStatus, "pending">): Promise<GiftView> =>
    authed("PUT", `/api/gifts/${encodeURIComponent(giftId)}/shipping`, { body: { status }, schema: giftViewSchema }),

  // The learner's own tasks and gifts.
  myTasks: async (): Promise<GuardianTaskView[]> =>
    (await authed("GET", "/api/me/tasks", { schema: guardianTaskListSchema })).tasks,
  /** Starts the task's timer on the first call. */
  startTask: (taskId: string): Promise<GuardianTaskView> =>
    authed("POST", `/api/me/tasks/${encodeURIComponent(taskId)}/start`, { schema: guardianTaskViewSchema }),
  /** Errors: `conflict` once the task is solved. */
  answerTask: (taskId: string, choice: number): Promise<TaskAnswerResult> =>
    authed("POST", `/api/me/tasks/${encodeURIComponent(taskId)}/answers`, {
      body: { choice },
      schema: taskAnswerResultSchema,
    }),
  myGifts: (): Promise<LearnerGifts> => authed("GET", "/api/me/gifts", { schema: learnerGiftsSchema }),
  /** Errors: `insufficient_points`, `out_of_stock`, `conflict` while another tab is opening it. */
  openGift: (giftId: string): Promise<GiftView> =>
    authed("POST", `/api/me/gifts/${encodeURIComponent(giftId)}/open`, { schema: giftViewSchema }),
};

// The store: products, courses for sale, orders and their states, card payments, instructors' earnings.
const order = (id: string) => `/api/orders/${encodeURIComponent(id)}`;

export const storeApi = {
  /** Whether card payments work here (off without Stripe keys). */
  config: (): Promise<StoreConfig> => authed("GET", "/api/store/config", { schema: storeConfigSchema }),
  /** Active products; admins may ask for inactive ones too. */
  products: async (all = false): Promise<ProductView[]> =>
    (
      await authed("GET", `/api/store/products${query({ all: all ? "true" : undefined })}`, {
        schema: productListSchema,
      })
    ).products,
  createProduct: (body: z.input<typeof createProductBodySchema>): Promise<ProductView> =>
    authed("POST", "/api/store/products", { body, schema: productViewSchema }),
  updateProduct: (id: string, body: UpdateProductBody): Promise<ProductView> =>
    authed("PATCH", `/api/store/products/${encodeURIComponent(id)}`, { body, schema: productViewSchema }),
  courses: async (): Promise<StoreCourseView[]> =>
    (await authed("GET", "/api/store/courses", { schema: storeCourseListSchema })).courses,
  earnings: (): Promise<EarningsView> => authed("GET", "/api/store/earnings", { schema: earningsViewSchema }),

  /** Errors: `insufficient_points`, `out_of_stock`, `unavailable` (card payments off or Stripe unreachable). */
  buy: (body: CreateOrderBody): Promise<CheckoutView> =>
    authed("POST", "/api/orders", { body, schema: checkoutViewSchema }),
  orders: (params: Partial<OrdersQuery> = {}): Promise<OrderPage> =>
    authed("GET", `/api/orders${query(params)}`, { schema: orderPageSchema }),
  order: (id: string): Promise<OrderView> => authed("GET", order(id), { schema: orderViewSchema }),
  /** The checkout success page: settles a card order with Stripe now. */
  syncOrder: (id: string): Promise<OrderView> => authed("POST", `${order(id)}/sync`, { schema: orderViewSchema }),
  /** The checkout cancel page: closes the session and gives the units back. */
  cancelOrder: (id: string): Promise<OrderView> => authed("POST", `${order(id)}/cancel`, { schema: orderViewSchema }),
  /** Admins. */
  refund: (id: string, reason: string): Promise<OrderView> =>
    authed("POST", `${order(id)}/refund`, { body: { reason }, schema: orderViewSchema }),
};

// Files: presigned uploads straight to S3 (sent by `$lib/uploads`), confirmed here; short-lived download URLs.
export const uploadsApi = {
  presign: (body: CreateUploadBody): Promise<UploadTicket> =>
    authed("POST", "/api/uploads", { body, schema: uploadTicketSchema }),
  confirm: (key: string): Promise<UploadView> =>
    authed("POST", "/api/uploads/confirm", { body: { key }, schema: uploadViewSchema }),
  /** Ready course materials (`courseId`) or board images (`roomId`), newest first. */
  list: (scope: UploadListQuery): Promise<UploadView[]> =>
    authed("GET", `/api/uploads${query(scope)}`, { schema: uploadListSchema }).then((list) => list.uploads),
  downloadUrl: (id: string): Promise<DownloadUrl> =>
    authed("GET", `/api/uploads/${encodeURIComponent(id)}/url`, { schema: downloadUrlSchema }),
  setAvatar: (uploadId: string): Promise<AvatarView> =>
    authed("PUT", "/api/uploads/avatar", { body: { uploadId }, schema: avatarViewSchema }),
  avatarOf: (userId: string): Promise<AvatarView> =>
    authed("GET", `/api/uploads/avatar/${encodeURIComponent(userId)}`, { schema: avatarViewSchema }),
};
