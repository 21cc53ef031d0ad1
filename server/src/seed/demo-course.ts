import type { CourseView, CreateCourseBody, LessonBody } from "@chalkline/shared";
import { createCourse, setPublished } from "../features/courses/courses.service";
import { createLesson } from "../features/courses/lessons.service";
import { addModule } from "../features/courses/outline.service";
import type { Actor } from "../features/rooms/rooms.access";

const WELCOME = `# Welcome

In this course you write **real programs** from the first lesson on. Each module has:

- a short reading, like this one,
- a video or a code exercise to try things out,
- a quiz to check what stuck.

> Tip: mark a lesson complete when you are done; your progress shows on the course page.
`;

const VARIABLES = `## Variables

A *variable* is a name for a value. In Python you make one by assigning to it:

\`\`\`python
greeting = "Hello"
count = 3
print(greeting * count)
\`\`\`

Names can change what they point at: \`count = count + 1\` makes \`count\` four.
`;

const FIZZBUZZ = `Print the numbers from 1 to 20, but print **Fizz** for multiples of 3, **Buzz** for multiples
of 5 and **FizzBuzz** for multiples of both. Open the class room's workspace to run it together.`;

/** A demo course: its catalogue entry and its modules, each with its lessons. */
export interface DemoCourseSpec extends CreateCourseBody {
  modules: Array<{ title: string; lessons: LessonBody[] }>;
}

/** The free course everyone is enrolled in: a lesson of every kind, and a quiz of every question type. */
export const INTRO_COURSE: DemoCourseSpec = {
  title: "Introduction to Programming",
  description: "Variables, loops and functions, live every week.",
  priceCents: null,
  pricePoints: null,
  modules: [
    {
      title: "Getting started",
      lessons: [
        { title: "Welcome to the course", content: { kind: "markdown", body: WELCOME } },
        {
          title: "How a program runs",
          content: {
            kind: "video",
            url: "https://media.w3.org/2010/05/sintel/trailer.mp4",
            notes: "Watch how a story unfolds step by step: a program runs the same way, one statement after another.",
          },
        },
      ],
    },
    {
      title: "Variables and loops",
      lessons: [
        { title: "Variables", content: { kind: "markdown", body: VARIABLES } },
        {
          title: "FizzBuzz",
          content: {
            kind: "code",
            language: "python",
            instructions: FIZZBUZZ,
            starterFiles: [
              { name: "main.py", content: "for n in range(1, 21):\n    # your code here\n    print(n)\n" },
              { name: "README.md", content: "Run with: python main.py\n" },
            ],
          },
        },
        {
          title: "Check your understanding",
          content: {
            kind: "quiz",
            quiz: {
              passPercent: 70,
              questions: [
                {
                  type: "single",
                  id: "q-assign",
                  prompt: "After `count = 3` and `count = count + 1`, what is `count`?",
                  explanation: "The right side is worked out first (3 + 1), then stored under the name.",
                  options: [
                    { id: "o3", text: "3" },
                    { id: "o4", text: "4" },
                    { id: "oerr", text: "An error" },
                  ],
                  correctOptionId: "o4",
                },
                {
                  type: "multiple",
                  id: "q-loops",
                  prompt: "Which of these repeat code?",
                  explanation: "`for` and `while` are Python's loops; `if` runs its block at most once.",
                  options: [
                    { id: "ofor", text: "for" },
                    { id: "owhile", text: "while" },
                    { id: "oif", text: "if" },
                  ],
                  correctOptionIds: ["ofor", "owhile"],
                },
                {
                  type: "true_false",
                  id: "q-case",
                  prompt: "In Python, `Count` and `count` are the same variable.",
                  explanation: "Names are case-sensitive.",
                  correct: false,
                },
                {
                  type: "short_answer",
                  id: "q-print",
                  prompt: "Which built-in function shows a value on the screen?",
                  explanation: "`print` writes its arguments to the output.",
                  acceptedAnswers: ["print", "print()"],
                },
              ],
            },
          },
        },
      ],
    },
  ],
};

/** A published demo course with its content, by the demo instructor. */
export async function seedDemoCourse(teacher: Actor, spec: DemoCourseSpec): Promise<CourseView> {
  const { modules, ...entry } = spec;
  const course = await createCourse(teacher, entry);
  for (const { title, lessons } of modules) {
    const outline = await addModule(teacher, course.id, title);
    const moduleId = String(outline.modules.at(-1)!._id);
    for (const lesson of lessons) await createLesson(teacher, course.id, moduleId, lesson);
  }
  return setPublished(teacher, course.id, true);
}
