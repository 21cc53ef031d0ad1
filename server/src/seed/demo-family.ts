import { Gift } from "../features/gifts/gifts.model";
import { GuardianLinks } from "../features/guardians/links.service";
import { GuardianTask } from "../features/guardians/tasks.model";

/** A guardian who follows a learner, with a task to answer and a gift that unlocks at 1,000 points (above what the demo learner has). */
export async function seedDemoFamily(guardian: { id: string }, learner: { id: string }): Promise<void> {
  const links = new GuardianLinks();
  await links.confirm(guardian.id, (await links.createCode(learner.id)).code);
  const family = { guardianId: guardian.id, learnerId: learner.id };
  await GuardianTask.create({
    ...family,
    question: "Which planet is the largest in our solar system?",
    choices: ["Mars", "Jupiter", "Saturn", "Neptune"],
    correctChoice: 1,
    points: 25,
  });
  await Gift.create({
    ...family,
    kind: "custom",
    payer: "learner",
    title: "Pizza night — you choose the toppings",
    message: "Keep it up, I'm proud of you!",
    threshold: 1000,
  });
}
