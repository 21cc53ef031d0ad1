export { SignIn } from "./sign-in.service";
export { TrustedDevices } from "./trusted-devices";
export { twoFactorRoutes } from "./two-factor.routes";
export { TwoFactorService } from "./two-factor.service";
