/** Accounts, users, rooms, courses the user is in, and notifications. */
import {
  type ChangeEmailBody,
  type ChangePasswordBody,
  type ConfirmEmailAnswer,
  type CourseView,
  confirmEmailAnswerSchema,
  courseViewSchema,
  type createCourseBodySchema,
  type createStudyRoomBodySchema,
  type ListUsersQuery,
  type LoginAnswer,
  type LoginBody,
  loginAnswerSchema,
  type markNotificationsReadBodySchema,
  type NotificationPage,
  notificationPageSchema,
  type RegisterAnswer,
  type RegisterBody,
  type Role,
  type RoomDetails,
  type RoomView,
  registerAnswerSchema,
  roomDetailsSchema,
  roomViewSchema,
  type Session,
  sessionSchema,
  type UpdateMeBody,
  type UserPage,
  type UserRef,
  type UserView,
  userPageSchema,
  userRefSchema,
  userViewSchema,
} from "@chalkline/shared";
import { z } from "zod";
import { authed, query, send } from "./client";

// Envelopes of list answers; the items inside are the shared contract's schemas.
const roomListSchema = z.object({ rooms: z.array(roomViewSchema) });
const userSearchSchema = z.object({ users: z.array(userRefSchema) });
const courseListSchema = z.object({ courses: z.array(courseViewSchema) });
const unreadCountSchema = z.object({ unread: z.number() });

export const api = {
  /** Mails a sign-up link (or, for an address with an account, a note); the answer is the same either way. */
  register: (body: RegisterBody): Promise<RegisterAnswer> =>
    send("POST", "/api/auth/register", { body, schema: registerAnswerSchema }),
  /** Opens a sign-up link: creates the account and starts its session. Errors: `link_invalid`. */
  completeSignup: (token: string): Promise<Session> =>
    send("POST", "/api/auth/signup/complete", { body: { token }, schema: sessionSchema }),
  /** A session, or (two-factor on, on a browser not trusted) the challenge the code goes with. */
  login: (body: LoginBody): Promise<LoginAnswer> =>
    send("POST", "/api/auth/login", { body, schema: loginAnswerSchema }),
  /** Uses the httpOnly refresh cookie; the answer rotates it. */
  refresh: (): Promise<Session> => send("POST", "/api/auth/refresh", { schema: sessionSchema }),
  logout: (): Promise<void> => send("POST", "/api/auth/logout"),
  me: (): Promise<UserView> => authed("GET", "/api/me", { schema: userViewSchema }),
  /** Name, time zone, notification kinds switched off. */
  updateMe: (body: UpdateMeBody): Promise<UserView> => authed("PATCH", "/api/me", { body, schema: userViewSchema }),
  /** Every other session of the account ends. Errors: `wrong_password`, `account_locked`. */
  changePassword: (body: ChangePasswordBody): Promise<void> => authed("POST", "/api/me/password", { body }),
  /** Mails a link to the new address; nothing changes until it is opened. Errors: `wrong_password`, `account_locked`. */
  changeEmail: (body: ChangeEmailBody): Promise<RegisterAnswer> =>
    authed("POST", "/api/me/email", { body, schema: registerAnswerSchema }),
  /** Opens an email-change link. Errors: `link_invalid`. */
  confirmEmail: (token: string): Promise<ConfirmEmailAnswer> =>
    send("POST", "/api/auth/email/confirm", { body: { token }, schema: confirmEmailAnswerSchema }),

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
