import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { validateAnswers } from "../src/modules/applications/screening";
import { applications } from "../src/platform/db/schema";
import { db } from "./factories";
import { pipelineWorld, QUESTIONS } from "./helpers/applications";
import { api, expectProblem } from "./helpers/http";

const valid = [
  { question_id: "q_text", answer: "  I like it  " },
  { question_id: "q_yes", answer: false },
  { question_id: "q_single", answer: "senior" },
  { question_id: "q_multi", answer: ["go", "rust"] },
  { question_id: "q_num", answer: 7.5 },
];

describe("screening answers", () => {
  it("stores valid answers normalised, in question order", async () => {
    const { job, seeker } = await pipelineWorld({ screeningQuestions: QUESTIONS });
    const r = await api.post(
      `/api/v1/jobs/${job.id}/applications`,
      { answers: [...valid].reverse() },
      { token: seeker.token },
    );
    expect(r.status).toBe(201);
    const row = await db().select().from(applications).where(eq(applications.id, r.json.id)).get();
    expect(row?.answers).toEqual([{ question_id: "q_text", answer: "I like it" }, ...valid.slice(1)]);
  });

  it.each([
    ["text given a number", [{ question_id: "q_text", answer: 3 }], "answers.0.answer"],
    ["yes_no given a string", [{ question_id: "q_yes", answer: "yes" }], "answers.0.answer"],
    ["single_choice outside the options", [{ question_id: "q_single", answer: "mid" }], "answers.0.answer"],
    ["single_choice given a list", [{ question_id: "q_single", answer: ["senior"] }], "answers.0.answer"],
    ["multi_choice with an unknown option", [{ question_id: "q_multi", answer: ["go", "cobol"] }], "answers.0.answer"],
    ["multi_choice repeating an option", [{ question_id: "q_multi", answer: ["go", "go"] }], "answers.0.answer"],
    ["multi_choice given a string", [{ question_id: "q_multi", answer: "go" }], "answers.0.answer"],
    ["number given a string", [{ question_id: "q_num", answer: "7" }], "answers.0.answer"],
    ["an unknown question id", [{ question_id: "q_nope", answer: "x" }], "answers.0.question_id"],
    [
      "a question answered twice",
      [
        { question_id: "q_num", answer: 1 },
        { question_id: "q_num", answer: 2 },
      ],
      "answers.1.question_id",
    ],
  ])("rejects %s", (_name, extra, path) => {
    const base = valid.slice(0, 2).filter((a) => !extra.some((e) => e.question_id === a.question_id));
    let error: unknown;
    try {
      validateAnswers(QUESTIONS, [...extra, ...base] as never);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ status: 400, errors: expect.arrayContaining([expect.objectContaining({ path })]) });
  });

  it("enforces required questions (missing, blank text, empty choice list)", () => {
    const required = [
      { id: "a", question: "A", type: "text" as const, required: true },
      { id: "b", question: "B", type: "multi_choice" as const, options: ["x"], required: true },
    ];
    expect(() => validateAnswers(required, [])).toThrow();
    expect(() =>
      validateAnswers(required, [
        { question_id: "a", answer: "   " },
        { question_id: "b", answer: ["x"] },
      ]),
    ).toThrow();
    expect(() =>
      validateAnswers(required, [
        { question_id: "a", answer: "ok" },
        { question_id: "b", answer: [] },
      ]),
    ).toThrow();
    expect(
      validateAnswers(required, [
        { question_id: "a", answer: "ok" },
        { question_id: "b", answer: ["x"] },
      ]),
    ).toHaveLength(2);
  });

  it("answers 400 over HTTP for a missing required answer and an unknown question, storing nothing", async () => {
    const { job, seeker } = await pipelineWorld({ screeningQuestions: QUESTIONS });
    const missing = await api.post(
      `/api/v1/jobs/${job.id}/applications`,
      { answers: [{ question_id: "q_text", answer: "hi" }] },
      { token: seeker.token },
    );
    expect(expectProblem(missing, 400, "validation-error").errors).toEqual([
      { path: "answers", message: "The question q_yes is required." },
    ]);
    const unknown = await api.post(
      `/api/v1/jobs/${job.id}/applications`,
      { answers: [...valid, { question_id: "zzz", answer: true }] },
      { token: seeker.token },
    );
    expect(expectProblem(unknown, 400).errors[0].path).toBe("answers.5.question_id");
    const shape = await api.post(
      `/api/v1/jobs/${job.id}/applications`,
      { answers: [{ question_id: "q_yes", answer: { nested: true } }] },
      { token: seeker.token },
    );
    expectProblem(shape, 400);
    expect(await db().select().from(applications).where(eq(applications.jobId, job.id))).toHaveLength(0);
  });
});
