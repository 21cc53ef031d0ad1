import { monthlyCents, objectIdSchema, type PlusPlan, plusPlanSchema, type WebhookOutcome } from "@chalkline/shared";
import { z } from "zod";
import { parseOrThrow } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { countDaily, moveMrr } from "../analytics/analytics.counters";
import { recordAudit } from "../audit/audit.model";
import { ENTITLED_STATUSES, revokePlusEnrolments } from "./plus.access";
import { Subscription, type SubscriptionDoc, SubscriptionMilestone } from "./subscriptions.model";

const metadataSchema = z.record(z.string(), z.string()).nullish();
const idOf = z.union([z.string(), z.object({ id: z.string() })]).nullish();
const plainId = (value: z.infer<typeof idOf>) => (typeof value === "string" ? value : (value?.id ?? null));

/** The parts of a subscription object we read (both API shapes: the period on the subscription or its items). */
const subscriptionSchema = z.object({
  id: z.string(),
  status: z.string(),
  metadata: metadataSchema,
  cancel_at_period_end: z.boolean().nullish(),
  current_period_end: z.number().nullish(),
  items: z.object({ data: z.array(z.object({ current_period_end: z.number().nullish() })) }).nullish(),
});

/** The parts of an invoice we read: its subscription (older and newer API shapes), the period paid, the amount. */
const invoiceSchema = z.object({
  id: z.string(),
  amount_paid: z.number().nullish(),
  subscription: idOf,
  subscription_details: z.object({ metadata: metadataSchema }).nullish(),
  parent: z
    .object({ subscription_details: z.object({ subscription: idOf, metadata: metadataSchema }).nullish() })
    .nullish(),
  lines: z.object({ data: z.array(z.object({ period: z.object({ end: z.number() }) })) }).nullish(),
  period_end: z.number().nullish(),
});

/** One event's word on a subscription. */
interface Report {
  subscriptionId: string;
  userId: string | null;
  plan: PlusPlan | null;
  status: string;
  periodEnd: Date;
  cancelAtPeriodEnd: boolean;
  /** The event's `created`, Unix seconds. */
  created: number;
}

const planIn = (metadata: z.infer<typeof metadataSchema>) => plusPlanSchema.safeParse(metadata?.plan).data ?? null;
const userIn = (metadata: z.infer<typeof metadataSchema>) => objectIdSchema.safeParse(metadata?.userId).data ?? null;
const seconds = (s: number) => new Date(s * 1000);
const contribution = (doc: Pick<SubscriptionDoc, "status" | "plan"> | null) =>
  doc && ENTITLED_STATUSES.includes(doc.status) ? monthlyCents(doc.plan as PlusPlan) : 0;

/**
 * Plus's Stripe events. Each says what the subscription is now (its own status and paid period),
 * so applying one never depends on those before it; an event older than the one applied (by
 * `created`, then by the period it reports) is ignored, and a deletion is final for the
 * subscription. Granting and taking back are milestones inserted once, so a replay does neither twice.
 */
export class SubscriptionEvents {
  async receive(type: string, created: number, object: unknown): Promise<WebhookOutcome> {
    switch (type) {
      case "customer.subscription.created":
      case "customer.subscription.updated":
      case "customer.subscription.deleted": {
        const sub = parseOrThrow(subscriptionSchema, object);
        const end = sub.current_period_end ?? sub.items?.data[0]?.current_period_end ?? created;
        return this.#apply({
          subscriptionId: sub.id,
          userId: userIn(sub.metadata),
          plan: planIn(sub.metadata),
          // A deleted subscription is over, whatever status the object still shows.
          status: type === "customer.subscription.deleted" ? "canceled" : sub.status,
          periodEnd: seconds(end),
          cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
          created,
        });
      }
      case "invoice.paid":
        return this.#invoicePaid(parseOrThrow(invoiceSchema, object), created);
      default:
        return "ignored";
    }
  }

  /** A paid invoice: the subscription is active until the end of the period it paid for. */
  async #invoicePaid(invoice: z.infer<typeof invoiceSchema>, created: number): Promise<WebhookOutcome> {
    const details = invoice.parent?.subscription_details;
    const subscriptionId = plainId(details?.subscription) ?? plainId(invoice.subscription);
    if (!subscriptionId) return "ignored";
    const metadata = details?.metadata ?? invoice.subscription_details?.metadata;
    const end = invoice.lines?.data[0]?.period.end ?? invoice.period_end ?? created;
    const outcome = await this.#apply({
      subscriptionId,
      userId: userIn(metadata),
      plan: planIn(metadata),
      status: "active",
      periodEnd: seconds(end),
      cancelAtPeriodEnd: false,
      created,
    });
    const sub = await Subscription.findById(subscriptionId);
    if (sub && invoice.amount_paid && (await this.#milestone(`${invoice.id}:paid`, String(sub.userId)))) {
      countDaily({ grossCents: invoice.amount_paid, [`gross:plan:${sub.plan}`]: invoice.amount_paid });
    }
    return outcome;
  }

  async #apply(report: Report): Promise<WebhookOutcome> {
    const known = await Subscription.findById(report.subscriptionId);
    const userId = report.userId ?? (known ? String(known.userId) : null);
    const plan = report.plan ?? (known?.plan as PlusPlan | undefined) ?? null;
    if (!userId || !plan) return "ignored"; // not a subscription of ours
    const set = {
      userId,
      plan,
      status: report.status,
      periodEnd: report.periodEnd,
      cancelAtPeriodEnd: report.cancelAtPeriodEnd,
      eventCreated: report.created,
    };
    const newer =
      report.status === "canceled"
        ? {}
        : {
            $or: [
              { eventCreated: { $lt: report.created } },
              { eventCreated: report.created, periodEnd: { $lte: report.periodEnd } },
            ],
          };
    let before: SubscriptionDoc | null;
    try {
      before = await Subscription.findOneAndUpdate(
        { _id: report.subscriptionId, status: { $ne: "canceled" }, ...newer },
        { $set: set },
        { upsert: true, returnDocument: "before" },
      );
    } catch (error) {
      // The subscription is there but this event is older than the one applied, or it was deleted.
      if (!isDuplicateKey(error)) throw error;
      return "ignored";
    }
    moveMrr(contribution(set) - contribution(before));
    await this.#settle(report.subscriptionId, userId, set);
    return "handled";
  }

  /** Grants Plus once when the subscription first becomes active; takes it back when it is not. */
  async #settle(subscriptionId: string, userId: string, now: { status: string; plan: PlusPlan }): Promise<void> {
    if (ENTITLED_STATUSES.includes(now.status)) {
      if (await this.#milestone(`${subscriptionId}:started`, userId)) {
        countDaily({ subscriptionsStarted: 1 });
        await recordAudit({ actorId: userId, action: "plus.started", targetId: subscriptionId, details: now });
      }
      return;
    }
    await revokePlusEnrolments(userId);
    if (now.status === "canceled" && (await this.#milestone(`${subscriptionId}:ended`, userId))) {
      countDaily({ subscriptionsEnded: 1 });
      await recordAudit({ actorId: userId, action: "plus.ended", targetId: subscriptionId, details: now });
    }
  }

  /** True for the one caller that records the milestone. */
  async #milestone(id: string, userId: string): Promise<boolean> {
    try {
      await SubscriptionMilestone.create({ _id: id, userId });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return false;
    }
  }
}
