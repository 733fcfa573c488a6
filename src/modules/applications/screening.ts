/**
 * Validates answers against a job's screening questions: every answer must
 * match its question's type, required questions must be answered, and answers
 * to questions the job does not have are rejected (`400`, with `errors[]`).
 */

import { badRequest, type FieldError } from "../../http/problem";
import type { ScreeningAnswer, ScreeningQuestion } from "../../platform/db/schema";

export const MAX_TEXT_ANSWER = 5000;

function isBlank(answer: ScreeningAnswer["answer"] | undefined): boolean {
  return (
    answer === undefined ||
    (typeof answer === "string" && answer.trim() === "") ||
    (Array.isArray(answer) && answer.length === 0)
  );
}

function checkType(q: ScreeningQuestion, answer: ScreeningAnswer["answer"]): string | null {
  const options = q.options ?? [];
  switch (q.type) {
    case "text":
      if (typeof answer !== "string") return "Expected text.";
      return answer.length > MAX_TEXT_ANSWER ? `At most ${MAX_TEXT_ANSWER} characters.` : null;
    case "yes_no":
      return typeof answer === "boolean" ? null : "Expected true or false.";
    case "number":
      return typeof answer === "number" && Number.isFinite(answer) ? null : "Expected a number.";
    case "single_choice":
      return typeof answer === "string" && options.includes(answer) ? null : "Expected one of the question's options.";
    case "multi_choice": {
      if (!Array.isArray(answer)) return "Expected a list of the question's options.";
      if (new Set(answer).size !== answer.length) return "Options must not repeat.";
      return answer.every((a) => options.includes(a)) ? null : "Every choice must be one of the question's options.";
    }
  }
}

/**
 * Returns the answers normalised (text trimmed, blank optional answers
 * dropped, in question order) or throws `400` listing every problem.
 */
export function validateAnswers(questions: readonly ScreeningQuestion[], answers: readonly ScreeningAnswer[]) {
  const errors: FieldError[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const given = new Map<string, ScreeningAnswer["answer"]>();
  answers.forEach((a, i) => {
    const path = `answers.${i}`;
    const q = byId.get(a.question_id);
    if (!q) {
      errors.push({ path: `${path}.question_id`, message: "This job has no such question." });
      return;
    }
    if (given.has(a.question_id)) {
      errors.push({ path: `${path}.question_id`, message: "The question is answered twice." });
      return;
    }
    const value = typeof a.answer === "string" ? a.answer.trim() : a.answer;
    given.set(a.question_id, value);
    if (isBlank(value)) return;
    const problem = checkType(q, value);
    if (problem) errors.push({ path: `${path}.answer`, message: problem });
  });
  for (const q of questions) {
    if (q.required && isBlank(given.get(q.id))) {
      errors.push({ path: "answers", message: `The question ${q.id} is required.` });
    }
  }
  if (errors.length) throw badRequest("Some screening answers are invalid.", errors);
  const out: ScreeningAnswer[] = [];
  for (const q of questions) {
    const value = given.get(q.id);
    if (value !== undefined && !isBlank(value)) out.push({ question_id: q.id, answer: value });
  }
  return out;
}
