-- Why a resume's parse failed (oversized when inflated, corrupt, no text), shown to its owner.
ALTER TABLE `resumes` ADD `parse_error` text;
