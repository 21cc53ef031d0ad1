/** Every HTTP call the app makes, by feature; `client.ts` holds what they share. */

export { api } from "./account";
export { adminApi } from "./admin";
export { ApiError, type TokenSource, useTokenSource } from "./client";
export { collabApi } from "./collab";
export { coursesApi } from "./courses";
export { familyApi } from "./family";
export { liveApi } from "./live";
export { plusApi } from "./plus";
export { progressApi } from "./progress";
export { securityApi } from "./security";
export { storeApi } from "./store";
export { studyApi } from "./study";
export { uploadsApi } from "./uploads";
