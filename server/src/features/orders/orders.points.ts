import { periodKeys } from "@chalkline/shared";
import { timeZoneOf } from "../accounts/user.model";
import { catchUp, loadBalance } from "../ledger/balance.projection";
import { appendEntry } from "../ledger/ledger.chain";

/**
 * Gives points back to a learner's wallet: one positive entry on their points chain under `key`, so
 * a refund retried any number of times credits once. (AwardsService only credits the fixed award
 * reasons; this is the spend's mirror image on the same chain, see ledger.chain.ts.)
 */
export async function creditPoints(req: {
  userId: string;
  key: string;
  amount: number;
  reason: string;
}): Promise<void> {
  const at = new Date();
  const balance = await loadBalance(req.userId);
  await appendEntry(
    {
      userId: req.userId,
      currency: "points",
      amount: req.amount,
      reason: req.reason,
      key: req.key,
      courseId: null,
      roomId: null,
      at,
      period: periodKeys(at, await timeZoneOf(req.userId)),
      detail: {},
      streak: null,
    },
    balance.points,
  );
  await catchUp(req.userId, "points");
}
