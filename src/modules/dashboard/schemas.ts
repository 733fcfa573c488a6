import { z } from "@hono/zod-openapi";
import { APPLICATION_STATUSES } from "../../platform/db/schema";
import { InterviewSchema } from "../applications";

const ByStatus = z.record(z.enum(APPLICATION_STATUSES), z.number().int());

export const SeekerDashboard = z
  .object({
    role: z.literal("seeker"),
    applications: z.object({ total: z.number().int(), active: z.number().int(), by_status: ByStatus }),
    saved_jobs: z.number().int().nullable(),
    upcoming_interviews: z.array(InterviewSchema),
    profile_completeness: z.object({ percent: z.number(), missing: z.array(z.string()) }).nullable(),
  })
  .openapi("SeekerDashboard");

export const EmployerDashboard = z
  .object({
    role: z.literal("employer"),
    companies: z.number().int(),
    open_jobs: z.number().int(),
    applications_by_status: ByStatus,
    new_applications_7d: z.number().int(),
    hires: z.number().int(),
    average_time_to_hire_days: z.number().nullable().openapi({ description: "Applied → accepted, in days" }),
    views_30d: z.number().int(),
    upcoming_interviews: z.array(InterviewSchema),
  })
  .openapi("EmployerDashboard");

export const Dashboard = z.union([SeekerDashboard, EmployerDashboard]).openapi("Dashboard");
