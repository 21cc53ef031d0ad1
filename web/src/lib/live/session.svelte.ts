/**
 * One person's place in a room's live media: the class state, what they may publish, what the
 * others publish, and the transports carrying it all.
 *
 * Joining loads a mediasoup Device with the router's capabilities and consumes every producer
 * already out; pushes then add and remove tracks. The media node forgets a socket when the socket
 * reconnects or the media restarts (`live:rejoin`), so both tear everything down and join again,
 * publishing again what was published.
 */
import type {
  ErrorCode,
  LiveJoined,
  LivePermissions,
  LiveProducer,
  LiveProducerClosedReason,
  LiveState,
  MediaSourceName,
  ServerToClientEvents,
} from "@chalkline/shared";
import { Device, type types } from "mediasoup-client";
import { auth } from "$lib/auth.svelte";
import { describeErrorBody } from "$lib/errors";
import { translate } from "$lib/i18n";
import { connection } from "$lib/realtime/connection.svelte";
import { LocalMedia } from "./local.svelte";
import { LiveModeration } from "./moderation.svelte";
import { Publisher, type Republish } from "./publisher.svelte";
import { ActiveSpeaker } from "./speaking.svelte";
import { Subscriber } from "./subscriber.svelte";

/** `waiting`: the media is closed (no class on) and could not be joined yet. */
export type LivePhase = "connecting" | "joined" | "waiting" | "failed";

const NO_PERMISSIONS: LivePermissions = { camera: false, mic: false, screen: false };
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(["unavailable", "rate_limited", "internal"]);
const JOIN_RETRY_MS = 3_000;
const NOTICE_SHOWN_MS = 8_000;
/** A network that blocks WebRTC fails every transport; after this many failures in a window, stop. */
const MAX_TRANSPORT_FAILURES = 3;
const TRANSPORT_FAILURE_WINDOW_MS = 60_000;

type LiveEvent = Extract<keyof ServerToClientEvents, `live:${string}`>;

const allows = (p: LivePermissions) => p.camera || p.mic || p.screen;

export class LiveSession {
  readonly roomId: string;
  phase = $state<LivePhase>("connecting");
  problem = $state<string | null>(null);
  /** What the server answered the last join that failed (null once joined): the waiting room's refusals among them. */
  refusal = $state<ErrorCode | null>(null);
  state = $state.raw<LiveState | null>(null);
  permissions = $state.raw<LivePermissions>(NO_PERMISSIONS);
  /** What the others publish now, whether or not it is received yet. */
  producers = $state.raw<LiveProducer[]>([]);
  /** A passing sentence for the person: a refusal, or what the instructor did to their media. */
  notice = $state<string | null>(null);
  /** Allowed to publish but not publishing yet: offer to turn on the camera and microphone. */
  invited = $state(false);

  readonly publisher: Publisher;
  readonly subscriber: Subscriber;
  readonly local: LocalMedia;
  readonly moderation: LiveModeration;
  readonly speaker = new ActiveSpeaker();

  /** Each join counts up; answers to an older one are dropped. */
  #generation = 0;
  #closed = false;
  #stops: Array<() => void> = [];
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #transportFailures: number[] = [];

  constructor(roomId: string) {
    this.roomId = roomId;
    const failed = () => this.#transportFailed();
    this.publisher = new Publisher(roomId, failed);
    this.subscriber = new Subscriber(roomId, failed);
    this.local = new LocalMedia(
      this.publisher,
      () => this.permissions,
      (text) => this.say(text),
    );
    this.moderation = new LiveModeration(this);
  }

  get selfId(): string | undefined {
    return auth.user?.id;
  }

  get isHost(): boolean {
    return this.selfId !== undefined && (this.state?.hostIds.includes(this.selfId) ?? false);
  }

  get onStage(): boolean {
    return this.selfId !== undefined && (this.state?.stage.includes(this.selfId) ?? false);
  }

  get activeSpeakerId(): string | null {
    return this.speaker.userId;
  }

  get canPublish(): boolean {
    return allows(this.permissions);
  }

  open(): this {
    this.#stops.push(
      this.#own("live:state", (state) => this.applyState(state)),
      this.#own("live:producer-added", (producer) => this.#added(producer)),
      this.#own("live:producer-closed", ({ producerId, userId, reason }) =>
        this.#producerClosed(producerId, userId, reason),
      ),
      this.#own("live:producer-paused", ({ producerId, paused }) => this.#paused(producerId, paused)),
      this.#own("live:consumer-closed", ({ producerId }) => this.#dropProducer(producerId)),
      this.#own("live:consumer-layers", ({ consumerId, spatialLayer }) =>
        this.subscriber.layerChanged(consumerId, spatialLayer),
      ),
      this.#own("live:active-speaker", ({ userId }) => this.speaker.heard(userId)),
      this.#own("live:permissions", ({ permissions }) => this.#permitted(permissions)),
      this.#own("live:rejoin", () => void this.rejoin()),
      // The server forgot this socket's media when it dropped; pushes sent meanwhile are lost too.
      connection.onConnect(() => void this.rejoin()),
      this.local.devices.watch(),
    );
    if (connection.connected) void this.#join();
    return this;
  }

  /** Idempotent: leaves the media and closes everything. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#generation++;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#noticeTimer);
    this.speaker.reset();
    for (const stop of this.#stops) stop();
    this.#stops = [];
    this.publisher.detach();
    this.subscriber.detach();
    if (this.phase === "joined" || this.phase === "waiting")
      void connection.request("live:leave", { roomId: this.roomId });
  }

  /** Tears the media down and joins again, publishing again what was published. */
  async rejoin(): Promise<void> {
    if (this.#closed) return;
    const again = this.publisher.detach();
    this.subscriber.detach();
    this.producers = [];
    // The server keeps one transport per direction and one producer per source for this socket:
    // the old ones must go before new ones are asked for (a no-op after a reconnect or a reset).
    if (connection.connected) await connection.request("live:leave", { roomId: this.roomId });
    await this.#join(again);
  }

  applyState(state: LiveState): void {
    if (state.roomId !== this.roomId) return;
    const wasOpen = this.state?.open ?? false;
    this.state = state;
    if (wasOpen && !state.open) this.#mediaClosed();
    // The class started: the media opened on a fresh router, which this page joins now.
    if (state.open && !wasOpen && this.phase !== "connecting") void this.#join();
  }

  say(text: string): void {
    clearTimeout(this.#noticeTimer);
    this.notice = text;
    this.#noticeTimer = setTimeout(() => this.dismissNotice(), NOTICE_SHOWN_MS);
  }

  dismissNotice(): void {
    clearTimeout(this.#noticeTimer);
    this.notice = null;
  }

  async #join(previous: Republish[] = []): Promise<void> {
    if (this.#closed || !connection.connected) return;
    clearTimeout(this.#retryTimer);
    const generation = ++this.#generation;
    this.phase = "connecting";
    // Pushes that land while the answer is on its way are kept and merged with it.
    this.producers = [];
    const joined = await connection.request("live:join", { roomId: this.roomId });
    if (generation !== this.#generation) return;
    if (!joined.ok) return this.#refused(joined.error.code, describeErrorBody(joined.error));
    const capabilities = joined.data.routerRtpCapabilities;
    if (!capabilities || !joined.data.state.open) {
      // No class on: the socket now hears the room's live pushes, and joins the media when it opens.
      this.phase = "waiting";
      this.problem = null;
      this.permissions = joined.data.permissions;
      this.applyState(joined.data.state);
      return;
    }

    let device: types.Device;
    try {
      device = await Device.factory();
      await device.load({ routerRtpCapabilities: capabilities as unknown as types.RtpCapabilities });
    } catch (error) {
      console.warn("live: this browser cannot join", error);
      this.phase = "failed";
      this.problem = translate("classroom.media.unsupportedBrowser");
      return;
    }
    if (generation !== this.#generation) return;
    this.#joined(joined.data, device);
    if (previous.length > 0) await this.local.restore(previous);
  }

  #joined(data: LiveJoined, device: types.Device): void {
    this.problem = null;
    this.refusal = null;
    this.applyState(data.state);
    this.speaker.reset(data.activeSpeakerId);
    this.permissions = data.permissions;
    this.invited = allows(data.permissions);
    this.publisher.attach(device);
    this.subscriber.attach(device);
    const known = new Map(this.producers.map((p) => [p.producerId, p]));
    for (const producer of data.producers)
      if (producer.user.id !== this.selfId) known.set(producer.producerId, producer);
    this.producers = [...known.values()];
    this.phase = "joined";
    for (const producer of this.producers) void this.subscriber.consume(producer);
  }

  #transportFailed(): void {
    const now = Date.now();
    this.#transportFailures = [...this.#transportFailures.filter((at) => now - at < TRANSPORT_FAILURE_WINDOW_MS), now];
    if (this.#transportFailures.length <= MAX_TRANSPORT_FAILURES) {
      void this.rejoin();
      return;
    }
    this.#generation++;
    this.publisher.detach();
    this.subscriber.detach();
    this.phase = "failed";
    this.problem = translate("classroom.media.connectionFails");
  }

  #refused(code: ErrorCode, text: string): void {
    this.refusal = code;
    if (RETRYABLE.has(code)) {
      this.phase = "connecting";
      this.#retryTimer = setTimeout(() => void this.#join(), JOIN_RETRY_MS);
    } else if (code === "forbidden" || code === "not_found" || code === "conflict") {
      // No class on (the media is closed): the page waits for `live:state` to open it.
      this.phase = "waiting";
      this.problem = null;
    } else {
      this.phase = "failed";
      this.problem = text;
    }
  }

  #added(producer: LiveProducer): void {
    if (producer.user.id === this.selfId) return;
    if (this.producers.some((p) => p.producerId === producer.producerId)) return;
    this.producers = [...this.producers, producer];
    if (this.phase === "joined") void this.subscriber.consume(producer);
  }

  #producerClosed(producerId: string, userId: string, reason: LiveProducerClosedReason): void {
    if (userId !== this.selfId) {
      this.#dropProducer(producerId);
      return;
    }
    const source = this.publisher.closedByServer(producerId);
    // Taken off stage closes the camera too, with the same reason; the permissions push says so then.
    if (source === "mic" && reason === "muted") this.say(translate("classroom.media.mutedByInstructor"));
  }

  /** The class ended: its router is gone, so is everything on it; the page waits for the next class. */
  #mediaClosed(): void {
    this.publisher.detach();
    this.subscriber.detach();
    this.producers = [];
    this.permissions = NO_PERMISSIONS;
    this.invited = false;
    this.speaker.reset();
    this.dismissNotice();
    if (this.phase === "joined") this.phase = "waiting";
  }

  #dropProducer(producerId: string): void {
    this.subscriber.remove(producerId);
    if (this.producers.some((p) => p.producerId === producerId)) {
      this.producers = this.producers.filter((p) => p.producerId !== producerId);
    }
  }

  #paused(producerId: string, paused: boolean): void {
    this.producers = this.producers.map((p) => (p.producerId === producerId ? { ...p, paused } : p));
  }

  #permitted(permissions: LivePermissions): void {
    const before = this.permissions;
    this.permissions = permissions;
    const revoked = (Object.keys(permissions) as MediaSourceName[]).filter((source) => !permissions[source]);
    this.publisher.closeLocally(revoked);
    if (!allows(before) && allows(permissions)) this.invited = true;
    if (!allows(permissions)) this.invited = false;
    if (allows(before) && !allows(permissions) && this.state?.open) this.say(translate("classroom.media.offStage"));
  }

  /** Subscribes to a live push, keeping only those about this room. */
  #own<E extends LiveEvent>(event: E, handle: ServerToClientEvents[E]): () => void {
    const filtered = (payload: { roomId: string }) => {
      if (payload.roomId === this.roomId) (handle as (payload: { roomId: string }) => void)(payload);
    };
    return connection.on(event, filtered as ServerToClientEvents[E]);
  }
}
