import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";

/** One message as Mailpit's API answers it (`GET /api/v1/message/{ID}`), reduced to what tests read. */
export interface CaughtMail {
  ID: string;
  Subject: string;
  To: Array<{ Address: string }>;
  Text: string;
  HTML: string;
}

const POLL_MS = 50;
const WAIT_MS = 15_000;

let mailpitOverride: string | undefined;

/** Benchmarks run outside vitest: they name the Mailpit their nodes send to here. */
export function useMailpit(apiUrl: string): void {
  mailpitOverride = apiUrl;
}

/** Which Mailpit to read: the run's unless `mailpit` names another (the one `npm start` started). */
export interface MailboxOptions {
  mailpit?: string;
}

function mailpitUrl(opts: MailboxOptions): string {
  return opts.mailpit ?? mailpitOverride ?? inject("services").mail.apiUrl;
}

async function getJson<T>(opts: MailboxOptions, path: string): Promise<T> {
  const res = await fetch(`${mailpitUrl(opts)}${path}`);
  if (!res.ok) throw new Error(`Mailpit ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface MailSummary {
  ID: string;
  To: Array<{ Address: string }>;
}

/** Messages to exactly `address`, newest first (addresses are unique per test, so these are its own). */
async function summariesTo(address: string, opts: MailboxOptions): Promise<MailSummary[]> {
  const query = encodeURIComponent(`to:"${address}"`);
  const found = await getJson<{ messages: MailSummary[] }>(opts, `/api/v1/search?query=${query}`);
  return found.messages.filter((m) => m.To.some((to) => to.Address.toLowerCase() === address.toLowerCase()));
}

/** Every message to `address` so far, oldest first. */
export async function mailsTo(address: string, opts: MailboxOptions = {}): Promise<CaughtMail[]> {
  const summaries = (await summariesTo(address, opts)).reverse();
  return Promise.all(summaries.map((m) => getJson<CaughtMail>(opts, `/api/v1/message/${m.ID}`)));
}

/**
 * Waits for the `count`-th message to `address` (1 = the first) and answers it. Mail leaves the
 * node through a queue, so it arrives a moment after the request that sent it was answered.
 */
export async function waitForMail(
  address: string,
  opts: MailboxOptions & { count?: number } = {},
): Promise<CaughtMail> {
  const count = opts.count ?? 1;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const summaries = await summariesTo(address, opts);
    const wanted = summaries[summaries.length - count];
    if (wanted) return getJson<CaughtMail>(opts, `/api/v1/message/${wanted.ID}`);
    if (Date.now() > deadline) throw new Error(`no mail #${count} to ${address} within ${WAIT_MS} ms`);
    await sleep(POLL_MS);
  }
}

/** The sign-up link in a sign-up mail, and the token its fragment carries. */
export function signupLink(mail: CaughtMail): { link: string; token: string } {
  const match = mail.Text.match(/(https?:\/\/\S+\/signup\/complete#token=([A-Za-z0-9_-]+))/);
  if (!match?.[1] || !match[2]) throw new Error(`no sign-up link in "${mail.Subject}":\n${mail.Text}`);
  return { link: match[1], token: match[2] };
}
