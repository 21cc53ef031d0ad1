/**
 * Which tiles the classroom shows, and where: one per person (camera and microphone together) and
 * one per shared screen. A shared screen takes the spotlight; otherwise the room's hosts do (for
 * everyone but themselves).
 */
import type { LiveProducer, LiveState, MediaSourceName } from "@chalkline/shared";
import { currentLocale, translate } from "$lib/i18n";
import type { OwnTracks } from "./publisher.svelte";
import type { RemoteTrack } from "./subscriber.svelte";

/** `muted`: the microphone is published but paused. `off`: none is published. */
export type MicState = "on" | "muted" | "off";

export interface Tile {
  /** `<userId>:camera` or `<userId>:screen`. */
  key: string;
  userId: string;
  name: string;
  source: "camera" | "screen";
  /** The video to show; null while it is on its way, or when there is none. */
  track: MediaStreamTrack | null;
  /** The producer behind the video (to pick its simulcast layer), when received from someone else. */
  producerId: string | null;
  /** The simulcast layer of someone else's camera arriving here (0–2), once known. */
  layer: number | null;
  /** A video is published but turned off, or none is. */
  videoOff: boolean;
  mic: MicState;
  self: boolean;
  host: boolean;
  onStage: boolean;
  speaking: boolean;
}

export interface TileLayout {
  spotlight: Tile[];
  grid: Tile[];
}

export interface TileInputs {
  selfId: string | undefined;
  selfName: string;
  /** The person may publish (shows their own tile even before they do). */
  selfPublishing: boolean;
  mine: OwnTracks;
  producers: LiveProducer[];
  tracks: Record<string, RemoteTrack>;
  state: LiveState | null;
  activeSpeakerId: string | null;
  /** Names of room members, for people on stage who publish nothing yet. */
  names: ReadonlyMap<string, string>;
}

interface Person {
  userId: string;
  name: string;
  sources: Partial<
    Record<
      MediaSourceName,
      { paused: boolean; track: MediaStreamTrack | null; producerId: string | null; layer: number | null }
    >
  >;
}

function personMic(person: Person): MicState {
  const mic = person.sources.mic;
  if (!mic) return "off";
  return mic.paused ? "muted" : "on";
}

export function layoutTiles(input: TileInputs): TileLayout {
  const people = new Map<string, Person>();
  const person = (userId: string, name: string): Person => {
    let known = people.get(userId);
    if (!known) {
      known = { userId, name, sources: {} };
      people.set(userId, known);
    }
    return known;
  };

  for (const producer of input.producers) {
    const received = input.tracks[producer.producerId];
    person(producer.user.id, producer.user.displayName).sources[producer.source] = {
      paused: producer.paused,
      track: received?.track ?? null,
      producerId: producer.producerId,
      layer: received?.spatialLayer ?? null,
    };
  }
  const self = input.selfId;
  if (self && (input.selfPublishing || Object.keys(input.mine).length > 0)) {
    const me = person(self, input.selfName);
    for (const [source, own] of Object.entries(input.mine)) {
      me.sources[source as MediaSourceName] = { paused: own.paused, track: own.track, producerId: null, layer: null };
    }
  }
  const state = input.state;
  if (state?.open) {
    for (const userId of state.stage) person(userId, input.names.get(userId) ?? translate("classroom.learner"));
  }

  const hosts = new Set(state?.hostIds ?? []);
  const stage = new Set(state?.stage ?? []);
  const rank = (p: Person) => (hosts.has(p.userId) ? 0 : p.userId === self ? 1 : stage.has(p.userId) ? 2 : 3);
  const ordered = [...people.values()].sort(
    (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, currentLocale()),
  );

  const base = (p: Person) => ({
    userId: p.userId,
    name: p.name,
    mic: personMic(p),
    self: p.userId === self,
    host: hosts.has(p.userId),
    onStage: stage.has(p.userId),
    speaking: input.activeSpeakerId === p.userId && personMic(p) === "on",
  });
  const cameras: Tile[] = ordered.map((p) => {
    const camera = p.sources.camera;
    return {
      ...base(p),
      key: `${p.userId}:camera`,
      source: "camera",
      track: camera?.track ?? null,
      producerId: camera?.producerId ?? null,
      layer: camera?.layer ?? null,
      videoOff: !camera || camera.paused,
    };
  });
  const screens: Tile[] = ordered.flatMap((p) => {
    const screen = p.sources.screen;
    if (!screen) return [];
    return [
      {
        ...base(p),
        key: `${p.userId}:screen`,
        source: "screen" as const,
        track: screen.track,
        producerId: screen.producerId,
        layer: null,
        videoOff: screen.paused,
        speaking: false,
      },
    ];
  });

  if (screens.length > 0) return { spotlight: screens, grid: cameras };
  // The instructor is spotlighted for the class; the instructor sees the class, not a big self view.
  const spotlighted = (tile: Tile) => tile.host && !tile.self;
  return { spotlight: cameras.filter(spotlighted), grid: cameras.filter((tile) => !spotlighted(tile)) };
}

/** Two letters for a tile without video. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words.at(-1)![0]}` : (words[0]?.slice(0, 2) ?? "?");
  return letters.toUpperCase();
}

/** Someone else's microphone, from what they publish. */
export function micOf(userId: string, producers: LiveProducer[]): MicState {
  const mic = producers.find((p) => p.user.id === userId && p.source === "mic");
  if (!mic) return "off";
  return mic.paused ? "muted" : "on";
}
