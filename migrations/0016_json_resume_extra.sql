-- The part of an imported JSON Resume document that the profile has no column for
-- (volunteer, awards, work urls, highlights, address parts, other social profiles, …),
-- kept verbatim so that an export gives it back. See docs/profiles.md, "JSON Resume".
ALTER TABLE `seeker_profiles` ADD `json_resume_extra` text;
