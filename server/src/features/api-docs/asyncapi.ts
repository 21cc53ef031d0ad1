import { ERROR_STATUS, errorBodySchema, PROTOCOL_VERSION, realtimeCommands, realtimeEvents } from "@chalkline/shared";
import { type JsonSchema, SchemaConverter } from "./api-docs.schemas";

/** Socket.IO's event names hold `:`, which channel and operation ids may not. */
const idOf = (event: string) => event.replace(/[^A-Za-z0-9]+/g, "_");

/**
 * The AsyncAPI 3 document of the Socket.IO contract, generated from the catalogue of the event maps
 * (shared/src/realtime-catalogue.ts): each command's payload and ack, and every event the server pushes.
 */
export function asyncApiDocument(): JsonSchema {
  const schemas = new SchemaConverter();
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const ref = (id: string) => ({ $ref: `#/channels/socket/messages/${id}` });

  for (const [event, { payload, ack }] of Object.entries(realtimeCommands)) {
    const id = idOf(event);
    messages[id] = { name: event, payload: schemas.input(payload) };
    const reply = ack && {
      messages: [ref(`${id}_ack`)],
    };
    if (ack) {
      messages[`${id}_ack`] = {
        name: `${event} ack`,
        payload: {
          oneOf: [
            {
              type: "object",
              properties: { ok: { const: true }, data: schemas.output(ack) },
              required: ["ok", "data"],
            },
            {
              type: "object",
              properties: { ok: { const: false }, error: schemas.output(errorBodySchema) },
              required: ["ok", "error"],
            },
          ],
        },
      };
    }
    operations[`send_${id}`] = {
      action: "send",
      channel: { $ref: "#/channels/socket" },
      summary: `Command ${event}${ack ? ", acknowledged" : " (no ack)"}`,
      messages: [ref(id)],
      ...(reply && { reply: { channel: { $ref: "#/channels/socket" }, ...reply } }),
    };
  }
  for (const [event, payload] of Object.entries(realtimeEvents)) {
    const id = `on_${idOf(event)}`;
    messages[id] = { name: event, payload: schemas.output(payload) };
    operations[`receive_${idOf(event)}`] = {
      action: "receive",
      channel: { $ref: "#/channels/socket" },
      summary: `Event ${event}, pushed by the server`,
      messages: [ref(id)],
    };
  }

  return {
    asyncapi: "3.0.0",
    info: {
      title: "Chalkline real-time API",
      version: `protocol ${PROTOCOL_VERSION}`,
      description:
        "One Socket.IO connection per tab, authenticated by `auth: { token, protocol }` in the handshake. Commands " +
        "take a payload and answer through the ack `{ ok: true, data } | { ok: false, error: { code, message } }`, " +
        `error codes from a closed list (${Object.keys(ERROR_STATUS).join(", ")}).`,
    },
    servers: { node: { host: "localhost", protocol: "ws", pathname: "/socket.io", description: "Any server node." } },
    channels: { socket: { address: "/", title: "The default namespace", messages } },
    operations,
    components: { schemas: schemas.components },
  };
}
