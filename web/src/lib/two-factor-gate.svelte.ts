/**
 * Sends an account whose role must use two-factor sign-in, and has not turned it on, to the page
 * that turns it on, before anything else (the server refuses its other calls meanwhile).
 */
import { securityApi } from "$lib/api";

export const ENROL_PATH = "/profile/security";

class TwoFactorGate {
  mustEnrol = $state(false);
  #checkedFor: string | null = null;

  /** Asks the server once per signed-in account. */
  async check(userId: string): Promise<void> {
    if (this.#checkedFor === userId) return;
    this.#checkedFor = userId;
    try {
      const status = await securityApi.twoFactorStatus();
      this.mustEnrol = status.required && !status.enabled;
    } catch {
      // Not known now: the server still refuses everything else until the account enrols.
      this.#checkedFor = null;
    }
  }

  enrolled(): void {
    this.mustEnrol = false;
  }
}

export const twoFactorGate = new TwoFactorGate();
