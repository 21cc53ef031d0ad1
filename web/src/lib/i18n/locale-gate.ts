/**
 * svelte-i18n keeps one language per process, so two server renders in different languages must not
 * overlap: one could set the language while the other is still rendering. The gate lets renders of
 * the language in force run together; one in another language waits until they are done, and
 * renders that arrive behind a waiting one queue too, so no language waits for ever.
 */
export class LocaleGate<L extends string> {
  #current: L | null = null;
  #active = 0;
  readonly #queue: { locale: L; admit: () => void }[] = [];

  async run<T>(locale: L, work: () => Promise<T>): Promise<T> {
    await this.#enter(locale);
    try {
      return await work();
    } finally {
      this.#leave();
    }
  }

  #enter(locale: L): Promise<void> {
    if (this.#queue.length === 0 && (this.#active === 0 || this.#current === locale)) {
      this.#current = locale;
      this.#active++;
      return Promise.resolve();
    }
    return new Promise((admit) => this.#queue.push({ locale, admit }));
  }

  /** The last render out lets in the first waiting language, with every render waiting in it. */
  #leave(): void {
    this.#active--;
    if (this.#active > 0) return;
    const next = this.#queue[0];
    this.#current = next?.locale ?? null;
    if (!next) return;
    for (let i = 0; i < this.#queue.length; ) {
      const waiting = this.#queue[i]!;
      if (waiting.locale !== next.locale) {
        i++;
        continue;
      }
      this.#queue.splice(i, 1);
      this.#active++;
      waiting.admit();
    }
  }
}
