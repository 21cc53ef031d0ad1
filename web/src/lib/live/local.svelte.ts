/**
 * The person's own controls: microphone, camera and screen, each off, on or paused, and the
 * devices they come from. Every failure becomes a sentence for the page, never a thrown error.
 */
import type { LivePermissions, MediaSourceName } from "@chalkline/shared";
import { describeErrorBody } from "$lib/errors";
import { translate } from "$lib/i18n";
import { CaptureDevices, type CaptureKind, describeCaptureError } from "./devices.svelte";
import type { Publisher, Republish } from "./publisher.svelte";
import { errorBodyOf, LiveCommandError } from "./signal";

/** `paused`: published but muted (microphone) or turned off (camera). */
export type SourceState = "on" | "paused" | "off";

const WORDS: Record<MediaSourceName, "camera" | "microphone" | "screen"> = {
  camera: "camera",
  mic: "microphone",
  screen: "screen",
};

export class LocalMedia {
  /** A source is being started, paused or stopped. */
  busy = $state<Partial<Record<MediaSourceName, boolean>>>({});
  readonly devices = new CaptureDevices();

  readonly #publisher: Publisher;
  readonly #permissions: () => LivePermissions;
  readonly #say: (text: string) => void;

  constructor(publisher: Publisher, permissions: () => LivePermissions, say: (text: string) => void) {
    this.#publisher = publisher;
    this.#permissions = permissions;
    this.#say = say;
  }

  state(source: MediaSourceName): SourceState {
    const own = this.#publisher.mine[source];
    if (!own) return "off";
    return own.paused ? "paused" : "on";
  }

  /** The person publishes nothing at all. */
  get silent(): boolean {
    return Object.keys(this.#publisher.mine).length === 0;
  }

  /** Off → on, on → paused, paused → on. */
  toggle(source: "camera" | "mic"): Promise<void> {
    const now = this.state(source);
    if (now === "off") return this.#start(source);
    return this.#run(source, () => this.#publisher.setPaused(source, now === "on"));
  }

  toggleScreen(): Promise<void> {
    if (this.state("screen") !== "off") return this.#run("screen", () => this.#publisher.stop("screen"));
    return this.#start("screen");
  }

  /** Turns on the camera and microphone together (the stage invitation's one button). */
  async startAll(): Promise<void> {
    const allowed = this.#permissions();
    await Promise.all([
      allowed.mic && this.state("mic") !== "on" ? this.toggle("mic") : undefined,
      allowed.camera && this.state("camera") !== "on" ? this.toggle("camera") : undefined,
    ]);
  }

  /** Picks a device; when that source is being published its track is swapped without a new producer. */
  async useDevice(kind: CaptureKind, deviceId: string): Promise<void> {
    this.devices.select(kind, deviceId);
    if (this.state(kind) === "off") return;
    await this.#run(kind, async () => {
      const paused = this.state(kind) === "paused";
      const track = await this.devices.capture(kind);
      if (paused) track.enabled = false;
      await this.#publisher.publish(kind, track);
    });
  }

  /** Publishes again, after a rejoin, what was published before it (as far as it is still allowed). */
  async restore(previous: Republish[]): Promise<void> {
    const allowed = this.#permissions();
    await Promise.all(
      previous
        .filter(({ source }) => allowed[source])
        .map(({ source, paused }) =>
          this.#run(source, async () => this.#publisher.publish(source, await this.devices.capture(source), paused)),
        ),
    );
  }

  #start(source: MediaSourceName): Promise<void> {
    if (!this.#permissions()[source]) {
      this.#say(
        source === "mic"
          ? translate("classroom.media.cantUnmute")
          : translate("classroom.media.cantShare", { values: { what: WORDS[source] } }),
      );
      return Promise.resolve();
    }
    return this.#run(source, async () => {
      const track =
        source === "screen" ? await this.devices.captureScreen() : await this.devices.capture(source as CaptureKind);
      await this.#publisher.publish(source, track);
    });
  }

  async #run(source: MediaSourceName, step: () => Promise<void>): Promise<void> {
    if (this.busy[source]) return;
    this.busy[source] = true;
    try {
      await step();
    } catch (error) {
      if (error instanceof DOMException) this.#say(describeCaptureError(error, WORDS[source]));
      else if (error instanceof LiveCommandError) this.#say(describeErrorBody(errorBodyOf(error)));
      else {
        console.warn("live: publishing failed", source, error);
        this.#say(translate("classroom.media.shareFailed", { values: { what: WORDS[source] } }));
      }
    } finally {
      this.busy[source] = false;
    }
  }
}
