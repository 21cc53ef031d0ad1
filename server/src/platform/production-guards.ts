/**
 * What a production node refuses to start with: settings that are right for trying Chalkline on one machine and
 * wrong anywhere users reach it. Each problem is one line, `VARIABLE: why`, in the style of the config errors.
 */

/** The subset of the parsed environment the guards look at. */
export interface GuardedSettings {
  PUBLIC_URL: string;
  JWT_SECRET: string;
  SEED_DEMO: boolean;
  SMTP_URL?: string | undefined;
  STRIPE_API_URL?: string | undefined;
  S3_ACCESS_KEY_ID?: string | undefined;
  S3_SECRET_ACCESS_KEY?: string | undefined;
}

/** Secrets published in this repository (compose's former fallback, the test suite's); anyone can sign tokens with them. */
const PUBLISHED_JWT_SECRETS = new Set([
  "change-me-dev-only-jwt-secret-not-for-production",
  "test-secret-that-is-long-enough-0123456789",
]);

/** Words that mark a placeholder someone meant to replace, compared without case or punctuation. */
const PLACEHOLDER_WORDS = [
  "changeme",
  "notforproduction",
  "devonly",
  "placeholder",
  "example",
  "jwtsecret",
  "secretkey",
];

/** Root credentials of the cluster's development MinIO and MinIO's own defaults. */
const PUBLISHED_S3_KEYS = new Set(["chalkline", "chalkline-dev-secret", "minioadmin"]);

/** stripe-mock's default ports (HTTP and HTTPS). */
const STRIPE_MOCK_PORTS = new Set(["12111", "12112"]);

const JWT_HINT = "set at least 32 random characters (openssl rand -base64 48)";

/** Why a signing secret of the right length is still guessable, or undefined when it is not. */
export function weakSecretReason(secret: string): string | undefined {
  if (PUBLISHED_JWT_SECRETS.has(secret)) return "a published default";
  const letters = secret.toLowerCase().replace(/[^a-z0-9]/g, "");
  const word = PLACEHOLDER_WORDS.find((w) => letters.includes(w));
  if (word) return `a placeholder ("${word}")`;
  // "secretsecret…", "xxxx…", "abcabc…": long enough, but a handful of guesses away.
  if (new Set(secret).size < 10) return "too few distinct characters to be random";
  return undefined;
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\./.test(host);
}

/** One line per setting a production node must not start with; empty when it may start. */
export function productionProblems(s: GuardedSettings): string[] {
  const problems: string[] = [];
  const weak = weakSecretReason(s.JWT_SECRET);
  if (weak) problems.push(`JWT_SECRET: ${weak}, anyone could sign tokens with it; ${JWT_HINT}`);
  if (s.SEED_DEMO) problems.push("SEED_DEMO: demo accounts share a published password; not in production");
  // Sign-up links would land in the log, and sign-ups never complete.
  if (!s.SMTP_URL) problems.push("SMTP_URL: required in production");
  if (s.STRIPE_API_URL) {
    const url = new URL(s.STRIPE_API_URL);
    if (isLoopbackHost(url.hostname) || STRIPE_MOCK_PORTS.has(url.port)) {
      problems.push("STRIPE_API_URL: points at stripe-mock, which takes no money; unset it to use Stripe");
    }
  }
  for (const key of ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
    const value = s[key];
    if (value && PUBLISHED_S3_KEYS.has(value)) problems.push(`${key}: a published development credential`);
  }
  const publicUrl = new URL(s.PUBLIC_URL);
  if (publicUrl.protocol === "http:" && !isLoopbackHost(publicUrl.hostname)) {
    problems.push("PUBLIC_URL: http: outside localhost sends passwords and tokens in clear; use https:");
  }
  return problems;
}
