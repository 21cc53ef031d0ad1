import type { LessonBody } from "@chalkline/shared";
import type { DemoCourseSpec } from "./demo-course";

type Question = Extract<LessonBody["content"], { kind: "quiz" }>["quiz"]["questions"][number];

/** A single-choice question whose first option is the right one. */
function pick(id: string, prompt: string, right: string, wrong: string[], explanation: string): Question {
  const options = [right, ...wrong].map((text, i) => ({ id: `${id}-o${i}`, text }));
  return { type: "single", id, prompt, explanation, options, correctOptionId: `${id}-o0` };
}

function quiz(title: string, passPercent: number, questions: Question[]): LessonBody {
  return { title, content: { kind: "quiz", quiz: { passPercent, questions } } };
}

function reading(title: string, body: string): LessonBody {
  return { title, content: { kind: "markdown", body } };
}

/** A course with a quiz-heavy module: several short quizzes in a row, the kind learners repeat for XP. */
export const ALGEBRA_COURSE: DemoCourseSpec = {
  title: "Algebra Practice",
  description: "Short quizzes on equations and fractions, with an explanation for every answer.",
  priceCents: null,
  pricePoints: null,
  modules: [
    {
      title: "Linear equations",
      lessons: [
        reading(
          "Balancing both sides",
          "## Balancing\n\nWhatever you do to one side of an equation, do to the other.\n\n`2x + 3 = 11` → `2x = 8` → `x = 4`.",
        ),
        quiz("One-step equations", 60, [
          pick("le1", "Solve `x + 7 = 12`.", "5", ["19", "7"], "Take 7 from both sides."),
          pick("le2", "Solve `3x = 21`.", "7", ["18", "63"], "Divide both sides by 3."),
          {
            type: "true_false",
            id: "le3",
            prompt: "`x - 4 = 4` means `x = 0`.",
            explanation: "x = 8.",
            correct: false,
          },
        ]),
      ],
    },
    {
      title: "Quiz marathon",
      lessons: [
        quiz("Two-step equations", 70, [
          pick("qm1", "Solve `2x + 3 = 11`.", "4", ["7", "5.5"], "Take 3, then halve."),
          pick("qm2", "Solve `5x - 5 = 20`.", "5", ["3", "4"], "Add 5, then divide by 5."),
          pick("qm3", "Solve `x / 3 + 1 = 4`.", "9", ["1", "15"], "Take 1, then multiply by 3."),
        ]),
        quiz("Fractions", 70, [
          pick("fr1", "What is `1/2 + 1/4`?", "3/4", ["2/6", "1/6"], "Write 1/2 as 2/4 first."),
          pick("fr2", "What is `2/3 × 3/4`?", "1/2", ["6/7", "5/12"], "Multiply across: 6/12 = 1/2."),
          {
            type: "short_answer",
            id: "fr3",
            prompt: "Simplify `8/12`.",
            explanation: "Divide top and bottom by 4.",
            acceptedAnswers: ["2/3"],
          },
        ]),
        quiz("Word problems", 60, [
          pick("wp1", "Three pens cost 6 €. What do five cost?", "10 €", ["8 €", "11 €"], "One pen costs 2 €."),
          pick("wp2", "A number doubled, plus 4, is 18. The number?", "7", ["9", "11"], "2n + 4 = 18."),
          {
            type: "multiple",
            id: "wp3",
            prompt: "Which are solutions of `x² = 9`?",
            explanation: "Both 3² and (-3)² are 9.",
            options: [
              { id: "wp3-a", text: "3" },
              { id: "wp3-b", text: "-3" },
              { id: "wp3-c", text: "4.5" },
            ],
            correctOptionIds: ["wp3-a", "wp3-b"],
          },
        ]),
        quiz("Mixed review", 80, [
          pick("mr1", "Solve `4(x - 1) = 12`.", "4", ["2", "3.25"], "Divide by 4, then add 1."),
          pick("mr2", "What is `0.25` as a fraction?", "1/4", ["1/25", "2/5"], "25 hundredths."),
          { type: "true_false", id: "mr3", prompt: "`-(-3)` is 3.", explanation: "Two minuses cancel.", correct: true },
        ]),
      ],
    },
  ],
};

/** The paid course: sold for money or points in the store; a learner bought it in the demo. */
export const WEB_COURSE: DemoCourseSpec = {
  title: "Web Pages with HTML & CSS",
  description: "Build and style your own page, from the first tag to a layout that works on a phone.",
  priceCents: 1900,
  pricePoints: 400,
  modules: [
    {
      title: "Your first page",
      lessons: [
        reading(
          "Tags and elements",
          "## Tags\n\nA page is a tree of elements: `<h1>` for a title, `<p>` for a paragraph, `<a href>` for a link.",
        ),
        {
          title: "A page about you",
          content: {
            kind: "code",
            language: "html",
            instructions: "Write a page with your name as the title and a list of three things you like.",
            starterFiles: [{ name: "index.html", content: "<!doctype html>\n<title>About me</title>\n<h1></h1>\n" }],
          },
        },
      ],
    },
    {
      title: "Styling",
      lessons: [
        reading("Selectors", "## Selectors\n\n`p { color: teal }` colours every paragraph; `.note` picks a class."),
      ],
    },
  ],
};

/** A small free course for the study room's subject. */
export const SCIENCE_COURSE: DemoCourseSpec = {
  title: "The Solar System",
  description: "Planets, moons and how far away everything is — with a quiz at the end.",
  priceCents: null,
  pricePoints: null,
  modules: [
    {
      title: "Planets",
      lessons: [
        reading("Eight planets", "## The planets\n\nMercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus and Neptune."),
        quiz("Planet check", 60, [
          pick("sp1", "Which planet is the largest?", "Jupiter", ["Saturn", "Earth"], "Jupiter is 11 Earths wide."),
          pick("sp2", "Which planet is closest to the Sun?", "Mercury", ["Venus", "Mars"], "Mercury orbits closest."),
        ]),
      ],
    },
  ],
};
