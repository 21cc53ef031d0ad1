/**
 * Version of the real-time wire protocol. A client sends it in the handshake; a server that speaks
 * another version refuses the connection with `protocol_mismatch` so the page can reload.
 */
export const PROTOCOL_VERSION = 1;

/** Path of the Socket.IO endpoint on every server node. */
export const SOCKET_PATH = "/socket.io";

/** Largest socket payload a server accepts, in bytes. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/** Largest JSON body a server accepts, in bytes. */
export const MAX_HTTP_BODY_BYTES = 100 * 1024;
