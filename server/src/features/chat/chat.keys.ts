export const chatKeys = {
  /** Present while a user must wait before sending again in a slow-mode room. */
  slowMode: (prefix: string, roomId: string, userId: string) => `${prefix}chat:slow:${roomId}:${userId}`,
};
