-- Billing history outlives its company (issue #19): purchases and invoices are
-- revenue records, so deleting a company detaches them (company_id NULL) instead
-- of deleting them, and a trigger keeps the company's name on them first. A
-- delayed payment that fails marks its purchase `failed` (new status).
-- SQLite cannot alter a foreign key or a CHECK in place: both tables are rebuilt.
PRAGMA defer_foreign_keys = true;

CREATE TABLE `billing_purchases_new` (
  `id` text PRIMARY KEY NOT NULL,
  `company_id` text REFERENCES `companies`(`id`) ON DELETE SET NULL,
  `company_name` text,
  `product_id` text NOT NULL REFERENCES `billing_products`(`id`),
  `price_id` text NOT NULL REFERENCES `billing_prices`(`id`),
  `kind` text NOT NULL,
  `job_id` text REFERENCES `jobs`(`id`) ON DELETE SET NULL,
  `status` text DEFAULT 'pending' NOT NULL CHECK (`status` IN ('pending', 'paid', 'refunded', 'failed')),
  `currency` text NOT NULL,
  `amount` integer NOT NULL,
  `amount_refunded` integer DEFAULT 0 NOT NULL,
  `credits` integer,
  `featured_days` integer,
  `checkout_session_id` text,
  `checkout_url` text,
  `payment_intent_id` text,
  `subscription_id` text,
  `created_by` text REFERENCES `users`(`id`) ON DELETE SET NULL,
  `created_at` integer NOT NULL,
  `paid_at` integer,
  `refunded_at` integer
);
INSERT INTO `billing_purchases_new` (`id`, `company_id`, `product_id`, `price_id`, `kind`, `job_id`, `status`,
  `currency`, `amount`, `amount_refunded`, `credits`, `featured_days`, `checkout_session_id`, `checkout_url`,
  `payment_intent_id`, `subscription_id`, `created_by`, `created_at`, `paid_at`, `refunded_at`)
SELECT `id`, `company_id`, `product_id`, `price_id`, `kind`, `job_id`, `status`,
  `currency`, `amount`, `amount_refunded`, `credits`, `featured_days`, `checkout_session_id`, `checkout_url`,
  `payment_intent_id`, `subscription_id`, `created_by`, `created_at`, `paid_at`, `refunded_at`
FROM `billing_purchases`;
DROP TABLE `billing_purchases`;
ALTER TABLE `billing_purchases_new` RENAME TO `billing_purchases`;
CREATE UNIQUE INDEX `billing_purchases_session_idx` ON `billing_purchases` (`checkout_session_id`);
CREATE INDEX `billing_purchases_company_idx` ON `billing_purchases` (`company_id`, `created_at`, `id`);
CREATE INDEX `billing_purchases_payment_intent_idx` ON `billing_purchases` (`payment_intent_id`);
CREATE INDEX `billing_purchases_paid_idx` ON `billing_purchases` (`status`, `paid_at`);
CREATE INDEX `billing_purchases_job_idx` ON `billing_purchases` (`job_id`);
CREATE INDEX `billing_purchases_creator_idx` ON `billing_purchases` (`created_by`);

CREATE TABLE `billing_invoices_new` (
  `id` text PRIMARY KEY NOT NULL,
  `company_id` text REFERENCES `companies`(`id`) ON DELETE SET NULL,
  `company_name` text,
  `product_id` text REFERENCES `billing_products`(`id`) ON DELETE SET NULL,
  `subscription_id` text,
  `number` text,
  `currency` text NOT NULL,
  `amount_paid` integer NOT NULL,
  `amount_refunded` integer DEFAULT 0 NOT NULL,
  `charge_id` text,
  `hosted_invoice_url` text,
  `invoice_pdf` text,
  `period_start` integer,
  `period_end` integer,
  `created_at` integer NOT NULL,
  `paid_at` integer
);
INSERT INTO `billing_invoices_new` (`id`, `company_id`, `product_id`, `subscription_id`, `number`, `currency`,
  `amount_paid`, `amount_refunded`, `charge_id`, `hosted_invoice_url`, `invoice_pdf`, `period_start`, `period_end`,
  `created_at`, `paid_at`)
SELECT `id`, `company_id`, `product_id`, `subscription_id`, `number`, `currency`,
  `amount_paid`, `amount_refunded`, `charge_id`, `hosted_invoice_url`, `invoice_pdf`, `period_start`, `period_end`,
  `created_at`, `paid_at`
FROM `billing_invoices`;
DROP TABLE `billing_invoices`;
ALTER TABLE `billing_invoices_new` RENAME TO `billing_invoices`;
CREATE INDEX `billing_invoices_company_idx` ON `billing_invoices` (`company_id`, `created_at`, `id`);
CREATE INDEX `billing_invoices_paid_idx` ON `billing_invoices` (`paid_at`);
CREATE INDEX `billing_invoices_charge_idx` ON `billing_invoices` (`charge_id`);

-- Before the foreign keys detach the rows, keep whose they were. A trigger (not
-- the companies module) so that every path that deletes a company keeps it.
CREATE TRIGGER `companies_billing_history_snapshot` BEFORE DELETE ON `companies`
BEGIN
  UPDATE `billing_purchases` SET `company_name` = OLD.`name` WHERE `company_id` = OLD.`id`;
  UPDATE `billing_invoices` SET `company_name` = OLD.`name` WHERE `company_id` = OLD.`id`;
END;
