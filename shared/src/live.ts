import { z } from "zod";
import { objectIdSchema } from "./accounts";
import { userRefSchema } from "./rooms";

/**
 * Live classes: scheduled sessions of a class room that the instructor starts and ends, with
 * audio, video and screen share through the media node. A study room is always open: everyone in it
 * may publish, and it keeps no attendance.
 */

export const LIVE_CLASS_STATUSES = ["scheduled", "live", "ended"] as const;
export type LiveClassStatus = (typeof LIVE_CLASS_STATUSES)[number];

export const MEDIA_SOURCES = ["camera", "mic", "screen"] as const;
export type MediaSourceName = (typeof MEDIA_SOURCES)[number];
export const mediaSourceSchema = z.enum(MEDIA_SOURCES);

export const LIVE_TITLE_MAX_CHARS = 120;
export const LIVE_MAX_DURATION_MINUTES = 8 * 60;

/** POST /api/rooms/:roomId/live-classes — the class room's instructor (or an admin) schedules a class. */
export const scheduleLiveClassBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(LIVE_TITLE_MAX_CHARS),
  scheduledAt: z.iso.datetime({ offset: true }),
  durationMinutes: z.number().int().min(5).max(LIVE_MAX_DURATION_MINUTES),
});
export type ScheduleLiveClassBody = z.infer<typeof scheduleLiveClassBodySchema>;

export const liveClassViewSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  courseId: z.string().nullable(),
  title: z.string(),
  scheduledAt: z.string(),
  durationMinutes: z.number(),
  status: z.enum(LIVE_CLASS_STATUSES),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type LiveClassView = z.infer<typeof liveClassViewSchema>;

/** GET /api/me/live-classes: the caller's classes live now or still to come, soonest first, with their room's name. */
export const upcomingClassListSchema = z.object({
  liveClasses: z.array(liveClassViewSchema.extend({ roomName: z.string() })),
});
export type UpcomingClassList = z.infer<typeof upcomingClassListSchema>;

/** One learner's presence in a live class: every stretch they were in it, and the minutes in all. */
export const attendanceViewSchema = z.object({
  user: z.object({ id: z.string(), displayName: z.string() }),
  intervals: z.array(z.object({ joinedAt: z.string(), leftAt: z.string().nullable() })),
  totalMinutes: z.number(),
});
export type AttendanceView = z.infer<typeof attendanceViewSchema>;
export const attendanceListSchema = z.object({
  liveClass: liveClassViewSchema,
  attendance: z.array(attendanceViewSchema),
});
export type AttendanceList = z.infer<typeof attendanceListSchema>;

// ---- Socket payloads ------------------------------------------------------------------------

/** WebRTC parameters are passed through to mediasoup, which validates them; here only their shape and size. */
const opaqueObject = z.record(z.string(), z.unknown());
const mediaId = z.string().min(1).max(64);
const mediaKindSchema = z.enum(["audio", "video"]);

export const liveStartSchema = z.strictObject({ roomId: objectIdSchema, liveClassId: objectIdSchema.optional() });
export const liveTransportCreateSchema = z.strictObject({
  roomId: objectIdSchema,
  direction: z.enum(["send", "recv"]),
});
export const liveTransportConnectSchema = z.strictObject({
  roomId: objectIdSchema,
  transportId: mediaId,
  dtlsParameters: opaqueObject,
});
export const liveProduceSchema = z.strictObject({
  roomId: objectIdSchema,
  transportId: mediaId,
  kind: mediaKindSchema,
  source: mediaSourceSchema,
  rtpParameters: opaqueObject,
  paused: z.boolean().optional(),
});
export const liveConsumeSchema = z.strictObject({
  roomId: objectIdSchema,
  transportId: mediaId,
  producerId: mediaId,
  rtpCapabilities: opaqueObject,
});
export const liveProducerRefSchema = z.strictObject({ roomId: objectIdSchema, producerId: mediaId });
export const liveConsumerRefSchema = z.strictObject({ roomId: objectIdSchema, consumerId: mediaId });
export const liveConsumerLayersSchema = z.strictObject({
  roomId: objectIdSchema,
  consumerId: mediaId,
  spatialLayer: z.number().int().min(0).max(2),
  temporalLayer: z.number().int().min(0).max(2).optional(),
});
/** Instructor: bring a learner on stage (they may publish) or take them off (their media closes). */
export const liveStageSchema = z.strictObject({ roomId: objectIdSchema, userId: objectIdSchema, onStage: z.boolean() });
/** Instructor: close one learner's microphone. */
export const liveMuteSchema = z.strictObject({ roomId: objectIdSchema, userId: objectIdSchema });
/** Instructor: close every learner's microphone; `hard` also forbids unmuting until lifted. */
export const liveMuteAllSchema = z.strictObject({ roomId: objectIdSchema, hard: z.boolean() });
export const liveHardMuteSchema = z.strictObject({ roomId: objectIdSchema, on: z.boolean() });

// ---- Socket answers and pushes --------------------------------------------------------------

/** mediasoup's own objects (RTP capabilities and parameters, ICE, DTLS), passed through as mediasoup writes them. */
const mediasoupObject = (what: string) =>
  opaqueObject.describe(`${what}: mediasoup's own object, passed through as is (its fields are not described here)`);

/** What a participant may publish right now; the server decides and re-checks on every produce. */
export const livePermissionsSchema = z.object({ camera: z.boolean(), mic: z.boolean(), screen: z.boolean() });
export type LivePermissions = z.infer<typeof livePermissionsSchema>;

/** A published track: what a participant needs to consume it. */
export const liveProducerSchema = z.object({
  roomId: z.string(),
  producerId: z.string(),
  user: userRefSchema,
  kind: mediaKindSchema,
  source: mediaSourceSchema,
  paused: z.boolean(),
});
export type LiveProducer = z.infer<typeof liveProducerSchema>;

/** The room's live state, pushed as `live:state` whenever it changes. */
export const liveStateSchema = z.object({
  roomId: z.string(),
  /** The class being taught now; null in a class room between classes (and always in a study room). */
  liveClass: liveClassViewSchema.nullable(),
  /** Media is open: a live class is on, or the room is a study room. */
  open: z.boolean(),
  /** Learners the instructor brought on stage. */
  stage: z.array(z.string()),
  /** Learners may not unmute (the instructor's hard mute). */
  hardMuted: z.boolean(),
  /** The teacher(s) of the room, spotlighted in the grid. */
  hostIds: z.array(z.string()),
});
export type LiveState = z.infer<typeof liveStateSchema>;

/**
 * `live:join` answers with what the client needs to load its mediasoup Device and start consuming.
 * While the room's media is closed (a class room between classes) the capabilities are null and
 * nothing is published: the socket still gets `live:state`, and joins again once `open` turns true.
 */
export const liveJoinedSchema = z.object({
  state: liveStateSchema,
  routerRtpCapabilities: mediasoupObject("The router's RTP capabilities").nullable(),
  producers: z.array(liveProducerSchema),
  permissions: livePermissionsSchema,
  activeSpeakerId: z.string().nullable(),
});
export type LiveJoined = z.infer<typeof liveJoinedSchema>;

export const liveTransportSchema = z.object({
  id: z.string(),
  iceParameters: mediasoupObject("ICE parameters"),
  iceCandidates: z.array(mediasoupObject("An ICE candidate")),
  dtlsParameters: mediasoupObject("DTLS parameters"),
});
export type LiveTransport = z.infer<typeof liveTransportSchema>;

export const liveConsumerSchema = z.object({
  id: z.string(),
  producerId: z.string(),
  kind: mediaKindSchema,
  rtpParameters: mediasoupObject("The consumer's RTP parameters"),
  source: mediaSourceSchema,
  userId: z.string(),
  /** The consumer is created paused; the client resumes it once its track is attached. */
  paused: z.boolean(),
  producerPaused: z.boolean(),
});
export type LiveConsumer = z.infer<typeof liveConsumerSchema>;

/** `muted`: closed by the instructor (a mute, or taken off stage); `peer-left`: its owner left or the class ended. */
const LIVE_PRODUCER_CLOSED_REASONS = ["closed", "muted", "peer-left", "transport-closed"] as const;
export type LiveProducerClosedReason = (typeof LIVE_PRODUCER_CLOSED_REASONS)[number];

export const liveProducerClosedSchema = z.object({
  roomId: z.string(),
  producerId: z.string(),
  userId: z.string(),
  source: mediaSourceSchema,
  reason: z.enum(LIVE_PRODUCER_CLOSED_REASONS),
});
export type LiveProducerClosed = z.infer<typeof liveProducerClosedSchema>;

/** To one participant: what they may publish changed (brought on stage, taken off, hard mute). */
export const livePermissionsChangedSchema = z.object({ roomId: z.string(), permissions: livePermissionsSchema });
export type LivePermissionsChanged = z.infer<typeof livePermissionsChangedSchema>;
