import { GiftGrants } from "./features/gifts/gifts.grants";
import { GiftOpener } from "./features/gifts/gifts.open";
import { GiftsService } from "./features/gifts/gifts.service";
import type { GiftUnlocker } from "./features/gifts/gifts.unlock";
import type { GuardianBudgets } from "./features/guardians/budgets.service";
import type { AwardsService } from "./features/ledger/awards.service";
import type { NotificationsService } from "./features/notifications/notifications.service";
import { OrdersService } from "./features/orders/orders.service";
import { StripeGateway } from "./features/payments/stripe.gateway";
import { TestPayments } from "./features/payments/stripe.test-payments";
import { StripeWebhooks } from "./features/payments/stripe.webhooks";
import type { RoomSubscriber } from "./features/rooms/rooms.routes";
import { ProductsService } from "./features/store/products.service";
import { SubscriptionEvents } from "./features/subscriptions/subscriptions.events";
import { SubscriptionsService } from "./features/subscriptions/subscriptions.service";
import { UploadQuota } from "./features/uploads/uploads.quota";
import { UploadsService } from "./features/uploads/uploads.service";
import { ObjectStorage } from "./features/uploads/uploads.storage";
import type { Config } from "./platform/config";
import type { Logger } from "./platform/logger";
import type { RedisClient } from "./platform/redis";

interface CommerceDeps {
  redis: RedisClient;
  prefix: string;
  awards: AwardsService;
  notifications: NotificationsService;
  giftUnlocker: GiftUnlocker;
  budgets: GuardianBudgets;
  /** Puts paying learners into the rooms of what they bought. */
  subscribe: RoomSubscriber;
  logger: Logger;
}

/**
 * What is bought and given on one node: file storage (product images among them), the store's
 * products, card payments with their webhooks (Plus's among them), orders and gifts.
 */
export function startCommerce(config: Config, deps: CommerceDeps) {
  const { redis, prefix, awards, notifications, giftUnlocker, budgets, subscribe, logger } = deps;
  const storage = ObjectStorage.fromConfig(config);
  const uploads = new UploadsService(
    storage,
    { uploadSeconds: config.UPLOAD_URL_TTL_SECONDS, downloadSeconds: config.DOWNLOAD_URL_TTL_SECONDS },
    new UploadQuota(redis, prefix, config.UPLOAD_QUOTA_BYTES),
  );
  const products = new ProductsService(uploads);
  const card = StripeGateway.fromConfig(config);
  const currency = config.STRIPE_CURRENCY;
  const orders = new OrdersService({ awards, card, subscribe, currency, logger, notifications });
  const gifts = new GiftsService(
    giftUnlocker,
    new GiftOpener(awards, new GiftGrants(orders)),
    notifications,
    (id) => products.giftProduct(id),
    budgets,
    awards.cache,
  );
  const stripeWebhooks = card && new StripeWebhooks(card, orders, logger, new SubscriptionEvents());
  return {
    storage,
    uploads,
    products,
    orders,
    gifts,
    stripeWebhooks,
    testPayments: TestPayments.forMock(card, stripeWebhooks),
    subscriptions: new SubscriptionsService(card, currency),
  };
}
