import { randomInt } from "node:crypto";
import {
  type GuardianLinkList,
  type GuardianLinkView,
  LINK_CODE_ALPHABET,
  LINK_CODE_LENGTH,
  LINK_CODE_TTL_MS,
  type LinkCodeView,
} from "@chalkline/shared";
import { AppError } from "../../platform/errors";
import { isDuplicateKey } from "../../platform/mongo";
import { User } from "../accounts/user.model";
import { GuardianLink, type GuardianLinkRecord, LinkCode, LinkCodeUse, linkId } from "./links.model";
import { peopleById } from "./people";

const MAX_CODE_TRIES = 5;

function newCode(): string {
  const pick = () => LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)];
  return Array.from({ length: LINK_CODE_LENGTH }, pick).join("");
}

/** Links between guardians and learners: one-time codes, confirmation, listing and unlinking. */
export class GuardianLinks {
  /** A fresh single-use code for the learner; older codes stay valid until they expire or are used. */
  async createCode(learnerId: string, now = new Date()): Promise<LinkCodeView> {
    const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
    for (let attempt = 1; ; attempt++) {
      const code = newCode();
      try {
        await LinkCode.create({ _id: code, learnerId, expiresAt });
        return { code, expiresAt: expiresAt.toISOString() };
      } catch (error) {
        // 32^8 codes: a collision is rare, two in a row rarer still.
        if (!isDuplicateKey(error) || attempt >= MAX_CODE_TRIES) throw error;
      }
    }
  }

  /** Uses the code (once, whoever asks first) and links its learner to the guardian. */
  async confirm(guardianId: string, code: string, now = new Date()): Promise<GuardianLinkView> {
    const found = await LinkCode.findOne({ _id: code, expiresAt: { $gt: now } }).lean();
    const used = found && (await LinkCodeUse.create({ _id: code, guardianId }).catch(refusedAsDuplicate));
    if (!found || !used) throw new AppError("not_found", "this code is unknown, used or expired; ask for a new one");
    const learnerId = String(found.learnerId);
    const learner = await User.exists({ _id: learnerId, role: "learner", disabled: false });
    if (!learner) throw new AppError("not_found", "this code's learner account is no longer active");
    // Already linked: the new code changes nothing.
    await GuardianLink.create({ _id: linkId(guardianId, learnerId), guardianId, learnerId }).catch(refusedAsDuplicate);
    const link = await GuardianLink.findById(linkId(guardianId, learnerId)).lean<GuardianLinkRecord>();
    return (await toViews(link ? [link] : []))[0]!;
  }

  /** The guardian's learners, or the learner's guardians. */
  async list(user: { id: string; role: string }): Promise<GuardianLinkList> {
    const filter = user.role === "guardian" ? { guardianId: user.id } : { learnerId: user.id };
    const links = await GuardianLink.find(filter).sort({ createdAt: 1 }).limit(100).lean<GuardianLinkRecord[]>();
    return { links: await toViews(links) };
  }

  /** Either side ends the link: a guardian names the learner, a learner the guardian. */
  async unlink(user: { id: string; role: string }, otherId: string): Promise<void> {
    const id = user.role === "guardian" ? linkId(user.id, otherId) : linkId(otherId, user.id);
    const { deletedCount } = await GuardianLink.deleteOne({ _id: id });
    if (deletedCount === 0) throw new AppError("not_found", "no such link");
  }

  /** Throws `not_found` unless the guardian is linked to the learner: an unlinked guardian learns nothing, not even that the learner exists. */
  async assertLinked(guardianId: string, learnerId: string): Promise<void> {
    if (!(await GuardianLink.exists({ _id: linkId(guardianId, learnerId) }))) {
      throw new AppError("not_found", "no linked learner with this id");
    }
  }
}

/** For `.catch` after a create: null when a unique index refused it, rethrown otherwise. */
function refusedAsDuplicate(error: unknown): null {
  if (isDuplicateKey(error)) return null;
  throw error;
}

async function toViews(links: GuardianLinkRecord[]): Promise<GuardianLinkView[]> {
  const person = await peopleById(links.flatMap((l) => [l.guardianId, l.learnerId]));
  return links.map((l) => ({
    guardian: person(l.guardianId),
    learner: person(l.learnerId),
    linkedAt: l.createdAt.toISOString(),
  }));
}
