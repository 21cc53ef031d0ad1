/**
 * Who is signed in. The access token lives only in memory; the refresh token lives in an httpOnly
 * cookie the page never sees. A session is restored on load by trading the cookie for a new access
 * token, and the token is refreshed shortly before it expires.
 */

import type { LoginBody, Session, TwoFactorChallenge, twoFactorLoginBodySchema, UserView } from "@chalkline/shared";
import type { z } from "zod";
import { browser } from "$app/environment";
import { ApiError, api, securityApi, type TokenSource, useTokenSource } from "$lib/api";
import { forgetUser, rememberedUser, rememberUser } from "$lib/offline-user";
import { hasSessionHint, writeSessionHint } from "$lib/session-hint";

export type AuthStatus = "unknown" | "signed_in" | "signed_out";

/** Why a session ended; the login page explains it. */
export type SignOutReason = "logged_out" | "session_expired" | "account_disabled" | "signed_out_elsewhere";

/** Refresh this long before the access token expires (or a quarter of its lifetime, if shorter). */
const REFRESH_LEAD_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 1_000;
/** When a refresh fails for a reason other than a rejected cookie, try again after this long. */
const REFRESH_RETRY_MS = 10_000;
/** A token that claims to be expired on arrival means the clocks disagree; refresh at this pace. */
const SKEWED_CLOCK_REFRESH_MS = 30_000;
/** Tabs share the refresh cookie, and a rotated cookie used twice revokes the whole family. */
const REFRESH_LOCK = "chalkline:refresh";
const AUTH_CHANNEL = "chalkline:auth";

function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  if (browser && navigator.locks) return navigator.locks.request(REFRESH_LOCK, task) as Promise<T>;
  return task();
}

class AuthState implements TokenSource {
  user = $state<UserView | null>(null);
  status = $state<AuthStatus>("unknown");
  signOutReason = $state<SignOutReason | null>(null);

  #token: string | null = null;
  #expiresAtMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<string | null> | null = null;
  #restoring: Promise<void> | null = null;
  /** Bumped by login, sign-up and sign-out so a refresh that was already in flight is ignored. */
  #generation = 0;
  #tokenListeners = new Set<(token: string) => void>();
  #channel: BroadcastChannel | null = null;
  #loggingOut = false;

  constructor() {
    useTokenSource(this);
    if (!browser) return;
    if ("BroadcastChannel" in window) {
      this.#channel = new BroadcastChannel(AUTH_CHANNEL);
      this.#channel.onmessage = (event) => {
        if (event.data === "signed_out" && this.status === "signed_in") this.#clear("signed_out_elsewhere");
      };
    }
    document.addEventListener("visibilitychange", () => {
      // Timers in background tabs are throttled; catch up as soon as the tab is seen again.
      if (document.visibilityState === "visible" && this.status === "signed_in" && this.#expiresSoon()) {
        void this.refresh();
      }
    });
  }

  current(): string | null {
    return this.#token;
  }

  /** A token valid for at least a few more seconds, refreshing first if needed. */
  async freshToken(): Promise<string | null> {
    if (this.#token && !this.#expiresSoon(5_000)) return this.#token;
    return this.refresh();
  }

  /**
   * Runs once per page load in the browser: signs in from the refresh cookie when this browser has
   * had a session (its hint cookie says so); a visitor without one is signed out without asking.
   * On the server it does nothing: the status stays unknown and pages render their skeleton.
   */
  restore(): Promise<void> {
    if (!browser || this.status !== "unknown") return Promise.resolve();
    if (!hasSessionHint(document.cookie)) {
      this.#clear(null);
      return Promise.resolve();
    }
    this.#restoring ??= this.refresh().then(() => undefined);
    return this.#restoring;
  }

  refresh(): Promise<string | null> {
    this.#refreshing ??= this.#refreshNow().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  /** Signs in, or answers the challenge to send with a code when the account asks for its second factor. */
  async login(body: LoginBody): Promise<TwoFactorChallenge | null> {
    this.#generation++;
    const answer = await api.login(body);
    if ("challenge" in answer) return answer;
    this.#accept(answer);
    return null;
  }

  /** The second step of a sign-in: the challenge and a code (or a recovery code). */
  async loginWithSecondFactor(body: z.input<typeof twoFactorLoginBodySchema>): Promise<void> {
    this.#generation++;
    this.#accept(await securityApi.loginWithSecondFactor(body));
  }

  /** Opens the sign-up link from the email: the new account is signed in here. */
  async completeSignup(token: string): Promise<void> {
    this.#generation++;
    this.#accept(await api.completeSignup(token));
  }

  /** Revokes the refresh cookie on the server, then forgets the session here and in other tabs. */
  async logout(): Promise<void> {
    this.#loggingOut = true;
    try {
      await api.logout();
    } catch {
      // Signing out locally still matters when the server cannot be reached.
    } finally {
      this.#loggingOut = false;
    }
    this.#channel?.postMessage("signed_out");
    this.#clear("logged_out");
  }

  /** The account as the server answered a change the person made to it (their profile). */
  updated(user: UserView): void {
    if (this.status === "signed_in") this.user = user;
  }

  /** Called when the server ends the session (disabled account, revoked token family). */
  end(reason: SignOutReason): void {
    // The server also ends this tab's socket when we log out ourselves; that is not news.
    if (this.status === "signed_out" || this.#loggingOut) return;
    this.#clear(reason);
  }

  /** Calls `listener` with every new access token; returns the unsubscribe function. */
  onToken(listener: (token: string) => void): () => void {
    this.#tokenListeners.add(listener);
    return () => this.#tokenListeners.delete(listener);
  }

  async #refreshNow(): Promise<string | null> {
    const generation = this.#generation;
    try {
      const session = await withRefreshLock(() => api.refresh());
      if (generation !== this.#generation) return this.#token;
      this.#accept(session);
      return session.accessToken;
    } catch (error) {
      if (generation !== this.#generation) return this.#token;
      const rejected = error instanceof ApiError && (error.status === 401 || error.code === "account_disabled");
      // Offline on a page load: the account this browser last had reads what the service worker kept
      // for it, and the retry below signs in for real once the server answers.
      const unreachable = error instanceof ApiError && error.status === 0;
      if (unreachable && this.status === "unknown" && this.#resumeOffline()) return null;
      if (rejected || this.status === "unknown") {
        const reason = error instanceof ApiError && error.code === "account_disabled" ? "account_disabled" : null;
        this.#clear(reason ?? (this.status === "signed_in" ? "session_expired" : null));
        return null;
      }
      // The server is unreachable or busy: keep the session and try again shortly.
      this.#schedule(REFRESH_RETRY_MS);
      return this.#expiresSoon(0) ? null : this.#token;
    }
  }

  #accept(session: Session): void {
    this.#token = session.accessToken;
    this.#expiresAtMs = Date.parse(session.accessTokenExpiresAt);
    this.user = session.user;
    this.status = "signed_in";
    this.signOutReason = null;
    if (browser) {
      writeSessionHint(true);
      rememberUser(session.user);
    }
    this.#schedule();
    for (const listener of this.#tokenListeners) listener(session.accessToken);
  }

  #schedule(delayMs?: number): void {
    clearTimeout(this.#timer);
    if (!browser) return;
    const lifetimeMs = this.#expiresAtMs - Date.now();
    const leadMs = Math.min(REFRESH_LEAD_MS, lifetimeMs / 4);
    const delay =
      delayMs ?? (lifetimeMs > 0 ? Math.max(lifetimeMs - leadMs, MIN_REFRESH_DELAY_MS) : SKEWED_CLOCK_REFRESH_MS);
    this.#timer = setTimeout(() => void this.refresh(), delay);
  }

  #expiresSoon(withinMs = REFRESH_LEAD_MS): boolean {
    return this.#expiresAtMs - Date.now() <= withinMs;
  }

  #clear(reason: SignOutReason | null): void {
    this.#generation++;
    clearTimeout(this.#timer);
    this.#token = null;
    this.#expiresAtMs = 0;
    this.user = null;
    this.status = "signed_out";
    this.signOutReason = reason;
    if (browser) {
      writeSessionHint(false);
      forgetUser();
    }
  }

  /** Signed in as the remembered account without a token, retrying the refresh; false when none is remembered. */
  #resumeOffline(): boolean {
    const user = rememberedUser();
    if (!user) return false;
    this.user = user;
    this.status = "signed_in";
    this.#schedule(REFRESH_RETRY_MS);
    return true;
  }
}

export const auth = new AuthState();
