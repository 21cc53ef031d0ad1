import { ORDER_STATUSES, type OrderStatus } from "@chalkline/shared";
import { translate } from "$lib/i18n";

/**
 * "Awaiting payment" for `pending`…: each read gives the text in the page's language at that moment
 * (components that re-render on a language change use `$t("orders.status.<status>")` instead).
 */
export const STATUS_LABELS = Object.defineProperties(
  {} as Record<OrderStatus, string>,
  Object.fromEntries(
    ORDER_STATUSES.map((status) => [status, { enumerable: true, get: () => translate(`orders.status.${status}`) }]),
  ),
);
