/**
 * Who speaks now, from the media node's `live:active-speaker` pushes. The node reports silence as
 * soon as a voice pauses; holding the last speaker a moment keeps the ring on their tile from
 * flickering between words.
 */

/** Speech has pauses between words; the speaking ring stays this long after the voice stops. */
const SPEAKER_HOLD_MS = 1_500;

export class ActiveSpeaker {
  userId = $state<string | null>(null);

  #timer: ReturnType<typeof setTimeout> | undefined;

  /** A new speaker shows at once; silence only after the hold. */
  heard(userId: string | null): void {
    clearTimeout(this.#timer);
    if (userId) this.userId = userId;
    else
      this.#timer = setTimeout(() => {
        this.userId = null;
      }, SPEAKER_HOLD_MS);
  }

  /** Forgets the speaker at once (the class ended, or the page closes). */
  reset(userId: string | null = null): void {
    clearTimeout(this.#timer);
    this.userId = userId;
  }
}
