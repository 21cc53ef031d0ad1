import {
  type PlusCheckoutBody,
  type PlusStatus,
  plusStatusSchema,
  type RedirectUrl,
  redirectUrlSchema,
} from "@chalkline/shared";
import { authed } from "./client";

/** The account's Plus subscription. */
export const plusApi = {
  status: (): Promise<PlusStatus> => authed("GET", "/api/subscriptions/me", { schema: plusStatusSchema }),
  checkout: (body: PlusCheckoutBody): Promise<RedirectUrl> =>
    authed("POST", "/api/subscriptions/checkout", { body, schema: redirectUrlSchema }),
  portal: (): Promise<RedirectUrl> => authed("POST", "/api/subscriptions/portal", { schema: redirectUrlSchema }),
};
