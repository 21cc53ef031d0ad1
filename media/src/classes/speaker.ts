import { EventEmitter } from "node:events";
import type { types } from "mediasoup";

/**
 * Volumes are averaged over this window before the loudest producer is picked, so a cough or a
 * word of backchannel does not move the spotlight: it is the debounce of speaker changes.
 */
const SPEAKER_WINDOW_MS = 800;
/** Quieter than this (dBov) is background noise, not speech. */
const SPEECH_THRESHOLD_DBOV = -70;

export interface ActiveSpeakerEvents {
  /** The loudest audio producer changed; null when everyone went quiet. */
  change: [producerId: string | null];
}

/**
 * Follows who speaks in a class with an AudioLevelObserver (the worker reads RFC 6464 audio levels
 * and decodes nothing). mediasoup 3.8.4 also has an ActiveSpeakerObserver, but it was new in 3.8
 * and never says "nobody speaks"; the level observer is what mediasoup-demo relies on.
 */
export class ActiveSpeaker extends EventEmitter<ActiveSpeakerEvents> {
  readonly #observer: types.AudioLevelObserver;
  #current: string | null = null;

  private constructor(observer: types.AudioLevelObserver) {
    super();
    this.#observer = observer;
    observer.on("volumes", (volumes: types.AudioLevelObserverVolume[]) => this.#set(volumes[0]?.producer.id ?? null));
    observer.on("silence", () => this.#set(null));
  }

  /** Observes audio producers of `router` (others are piped into it first). */
  static async create(router: types.Router): Promise<ActiveSpeaker> {
    const observer = await router.createAudioLevelObserver({
      maxEntries: 1,
      threshold: SPEECH_THRESHOLD_DBOV,
      interval: SPEAKER_WINDOW_MS,
    });
    return new ActiveSpeaker(observer);
  }

  /** The producer must be on the observer's router; it leaves the observer by itself when it closes. */
  add(producerId: string): Promise<void> {
    return this.#observer.addProducer({ producerId });
  }

  #set(producerId: string | null): void {
    if (producerId === this.#current) return;
    this.#current = producerId;
    this.emit("change", producerId);
  }
}
