import { toIso } from "../../lib/time";
import type { ResumeRow } from "../../platform/db/schema";

export function presentResume(r: ResumeRow) {
  return {
    id: r.id,
    title: r.title,
    filename: r.filename,
    content_type: r.contentType,
    size: r.size,
    is_primary: r.isPrimary,
    parse_status: r.parseStatus,
    parse_error: r.parseError ?? null,
    extracted_skills: r.extractedSkills,
    created_at: toIso(r.createdAt),
    updated_at: toIso(r.updatedAt),
  };
}
