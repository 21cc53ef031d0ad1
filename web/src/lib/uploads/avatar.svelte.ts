import { uploadsApi } from "$lib/api";

/** The signed-in user's avatar URL, shared by the header and the profile page. */
class MyAvatar {
  url = $state<string | null>(null);
  #loadedFor: string | null = null;

  /** Loads it once per user; the URL is short-lived, but a loaded image stays on the page. */
  async load(userId: string): Promise<void> {
    if (this.#loadedFor === userId) return;
    this.#loadedFor = userId;
    this.url = (await uploadsApi.avatarOf(userId)).url;
  }

  async set(uploadId: string): Promise<void> {
    this.url = (await uploadsApi.setAvatar(uploadId)).url;
  }
}

export const myAvatar = new MyAvatar();
