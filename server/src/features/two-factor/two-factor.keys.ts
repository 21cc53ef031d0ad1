/** Redis keys of two-factor sign-in, under the node's prefix. */
export const twoFactorKeys = {
  /** A secret being enrolled, until a code from it confirms it (or it expires). */
  pendingSecret: (prefix: string, userId: string) => `${prefix}two-factor:pending:${userId}`,
  /** The last time step whose code the account used: a code is accepted once. */
  lastStep: (prefix: string, userId: string) => `${prefix}two-factor:last-step:${userId}`,
  /** A sign-in whose password was right, waiting for its second factor. */
  challenge: (prefix: string, tokenHash: string) => `${prefix}two-factor:challenge:${tokenHash}`,
};
