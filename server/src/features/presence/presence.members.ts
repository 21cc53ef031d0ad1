/**
 * A presence entry is one socket in one room, stored as `<userId>|<socketId>|<nodeId>`. The user
 * comes first so a prefix finds a user's entries (and `<userId>|<socketId>|` one socket's, from
 * any node); the node comes last, so it may contain any character.
 */
export interface PresenceMember {
  userId: string;
  socketId: string;
  nodeId: string;
}

const SEPARATOR = "|";

function assertPart(name: string, value: string): void {
  if (value.length === 0 || value.includes(SEPARATOR)) {
    throw new Error(`presence ${name} must be non-empty and must not contain "${SEPARATOR}": ${JSON.stringify(value)}`);
  }
}

/** The prefix shared by every entry of `userId`. */
export function userPrefix(userId: string): string {
  assertPart("userId", userId);
  return `${userId}${SEPARATOR}`;
}

/** The prefix shared by every entry of one socket, whichever node wrote it. */
export function socketPrefix(userId: string, socketId: string): string {
  assertPart("socketId", socketId);
  return `${userPrefix(userId)}${socketId}${SEPARATOR}`;
}

export function encodeMember({ userId, socketId, nodeId }: PresenceMember): string {
  if (nodeId.length === 0) throw new Error("presence nodeId must be non-empty");
  return `${socketPrefix(userId, socketId)}${nodeId}`;
}

export function decodeMember(member: string): PresenceMember {
  const first = member.indexOf(SEPARATOR);
  const second = first < 0 ? -1 : member.indexOf(SEPARATOR, first + 1);
  if (first <= 0 || second <= first + 1 || second === member.length - 1) {
    throw new Error(`not a presence member: ${JSON.stringify(member)}`);
  }
  return {
    userId: member.slice(0, first),
    socketId: member.slice(first + 1, second),
    nodeId: member.slice(second + 1),
  };
}
