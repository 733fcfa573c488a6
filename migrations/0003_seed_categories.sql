-- The default category tree, so every environment starts with the same taxonomy.
-- Ids are fixed (cat_<slug>) and inserts ignore existing slugs, so re-applying is harmless
-- and an admin who renamed or moved a category keeps their change.
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_engineering', NULL, 'Engineering', 'engineering', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_backend', 'cat_engineering', 'Backend', 'backend', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_frontend', 'cat_engineering', 'Frontend', 'frontend', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_full_stack', 'cat_engineering', 'Full Stack', 'full-stack', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_mobile', 'cat_engineering', 'Mobile', 'mobile', 3, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_data_engineering', 'cat_engineering', 'Data Engineering', 'data-engineering', 4, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_machine_learning', 'cat_engineering', 'Machine Learning', 'machine-learning', 5, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_devops', 'cat_engineering', 'DevOps', 'devops', 6, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_site_reliability', 'cat_engineering', 'Site Reliability', 'site-reliability', 7, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_security', 'cat_engineering', 'Security', 'security', 8, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_qa_and_testing', 'cat_engineering', 'QA & Testing', 'qa-and-testing', 9, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_embedded_systems', 'cat_engineering', 'Embedded Systems', 'embedded-systems', 10, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_engineering_management', 'cat_engineering', 'Engineering Management', 'engineering-management', 11, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_data-and-analytics', NULL, 'Data & Analytics', 'data-and-analytics', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_data_science', 'cat_data-and-analytics', 'Data Science', 'data-science', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_business_intelligence', 'cat_data-and-analytics', 'Business Intelligence', 'business-intelligence', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_data_analysis', 'cat_data-and-analytics', 'Data Analysis', 'data-analysis', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_design', NULL, 'Design', 'design', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_product_design', 'cat_design', 'Product Design', 'product-design', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_ux_research', 'cat_design', 'UX Research', 'ux-research', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_graphic_design', 'cat_design', 'Graphic Design', 'graphic-design', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_motion_design', 'cat_design', 'Motion Design', 'motion-design', 3, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_product', NULL, 'Product', 'product', 3, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_product_management', 'cat_product', 'Product Management', 'product-management', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_product_operations', 'cat_product', 'Product Operations', 'product-operations', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_sales', NULL, 'Sales', 'sales', 4, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_account_executive', 'cat_sales', 'Account Executive', 'account-executive', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_sales_development', 'cat_sales', 'Sales Development', 'sales-development', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_account_management', 'cat_sales', 'Account Management', 'account-management', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_sales_engineering', 'cat_sales', 'Sales Engineering', 'sales-engineering', 3, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_marketing', NULL, 'Marketing', 'marketing', 5, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_content_marketing', 'cat_marketing', 'Content Marketing', 'content-marketing', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_growth_marketing', 'cat_marketing', 'Growth Marketing', 'growth-marketing', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_seo', 'cat_marketing', 'SEO', 'seo', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_social_media', 'cat_marketing', 'Social Media', 'social-media', 3, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_brand_marketing', 'cat_marketing', 'Brand Marketing', 'brand-marketing', 4, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_customer-support', NULL, 'Customer Support', 'customer-support', 6, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_technical_support', 'cat_customer-support', 'Technical Support', 'technical-support', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_customer_success', 'cat_customer-support', 'Customer Success', 'customer-success', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_finance', NULL, 'Finance', 'finance', 7, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_accounting', 'cat_finance', 'Accounting', 'accounting', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_financial_analysis', 'cat_finance', 'Financial Analysis', 'financial-analysis', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_payroll', 'cat_finance', 'Payroll', 'payroll', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_human-resources', NULL, 'Human Resources', 'human-resources', 8, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_recruiting', 'cat_human-resources', 'Recruiting', 'recruiting', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_people_operations', 'cat_human-resources', 'People Operations', 'people-operations', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_learning_and_development', 'cat_human-resources', 'Learning & Development', 'learning-and-development', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_legal', NULL, 'Legal', 'legal', 9, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_operations', NULL, 'Operations', 'operations', 10, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_business_operations', 'cat_operations', 'Business Operations', 'business-operations', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_project_management', 'cat_operations', 'Project Management', 'project-management', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_office_administration', 'cat_operations', 'Office Administration', 'office-administration', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_healthcare', NULL, 'Healthcare', 'healthcare', 11, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_nursing', 'cat_healthcare', 'Nursing', 'nursing', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_medical_doctors', 'cat_healthcare', 'Medical Doctors', 'medical-doctors', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_pharmacy', 'cat_healthcare', 'Pharmacy', 'pharmacy', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_allied_health', 'cat_healthcare', 'Allied Health', 'allied-health', 3, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_care_work', 'cat_healthcare', 'Care Work', 'care-work', 4, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_dental', 'cat_healthcare', 'Dental', 'dental', 5, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_education', NULL, 'Education', 'education', 12, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_teaching', 'cat_education', 'Teaching', 'teaching', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_early_childhood', 'cat_education', 'Early Childhood', 'early-childhood', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_tutoring', 'cat_education', 'Tutoring', 'tutoring', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_academic_research', 'cat_education', 'Academic Research', 'academic-research', 3, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_trades', NULL, 'Trades', 'trades', 13, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_electrical', 'cat_trades', 'Electrical', 'electrical', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_welding', 'cat_trades', 'Welding', 'welding', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_plumbing', 'cat_trades', 'Plumbing', 'plumbing', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_carpentry', 'cat_trades', 'Carpentry', 'carpentry', 3, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_hvac', 'cat_trades', 'HVAC', 'hvac', 4, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_automotive', 'cat_trades', 'Automotive', 'automotive', 5, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_construction', 'cat_trades', 'Construction', 'construction', 6, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_hospitality', NULL, 'Hospitality', 'hospitality', 14, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_kitchen_and_chefs', 'cat_hospitality', 'Kitchen & Chefs', 'kitchen-and-chefs', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_front_of_house', 'cat_hospitality', 'Front of House', 'front-of-house', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_hotel_operations', 'cat_hospitality', 'Hotel Operations', 'hotel-operations', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_logistics', NULL, 'Logistics', 'logistics', 15, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_warehouse', 'cat_logistics', 'Warehouse', 'warehouse', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_driving_and_delivery', 'cat_logistics', 'Driving & Delivery', 'driving-and-delivery', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_supply_chain', 'cat_logistics', 'Supply Chain', 'supply-chain', 2, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_retail', NULL, 'Retail', 'retail', 16, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_store_management', 'cat_retail', 'Store Management', 'store-management', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_sales_associates', 'cat_retail', 'Sales Associates', 'sales-associates', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_manufacturing', NULL, 'Manufacturing', 'manufacturing', 17, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_production', 'cat_manufacturing', 'Production', 'production', 0, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
--> statement-breakpoint
INSERT OR IGNORE INTO `categories` (`id`, `parent_id`, `name`, `slug`, `position`, `created_at`, `updated_at`) VALUES ('cat_quality_control', 'cat_manufacturing', 'Quality Control', 'quality-control', 1, (CAST(strftime('%s','now') AS INTEGER) * 1000), (CAST(strftime('%s','now') AS INTEGER) * 1000));
