import { MediaRequestError } from "../errors";

/**
 * Runs a mediasoup call on parameters a browser sent (RTP parameters and capabilities, DTLS
 * parameters, layers). mediasoup validates those in depth and rejects them with a TypeError
 * (also when its worker refuses them) or an UnsupportedError: that is the browser's mistake.
 */
export async function withClientInput<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TypeError || (error instanceof Error && error.name === "UnsupportedError")) {
      throw new MediaRequestError("invalid_payload", error.message, { cause: error });
    }
    throw error;
  }
}
