export { requireRole, requireUser } from "./accounts.middleware";
export { accountsRoutes } from "./accounts.routes";
export { AccountsService } from "./accounts.service";
export {
  announceSessionReady,
  installSessionAuth,
  type SessionControl,
  sessionControl,
  sessionHandlers,
} from "./accounts.socket";
export { PasswordResets } from "./password-reset";
export { passwordResetRoutes } from "./password-reset.routes";
export { profileRoutes } from "./profile.routes";
export { ProfileService } from "./profile.service";
export { Signups } from "./signup.service";
export { AccessTokens } from "./tokens";
export { User } from "./user.model";
