-- Paid postings (issue #19): products and prices an admin configures, each company's
-- billing state (credits, plan allowance), purchases (one Stripe Checkout Session each),
-- subscription invoices, the Stripe events already applied (exactly once), the jobs
-- whose publication used a credit, and a job's featured-until date.
CREATE TABLE `billing_products` (
  `id` text PRIMARY KEY NOT NULL,
  `kind` text NOT NULL CHECK (`kind` IN ('featured', 'credits', 'plan')),
  `name` text NOT NULL,
  `description` text,
  `featured_days` integer,
  `credits` integer,
  `monthly_allowance` integer,
  `active` integer DEFAULT 1 NOT NULL,
  `created_at` integer NOT NULL,
  `updated_at` integer NOT NULL
);
CREATE INDEX `billing_products_created_idx` ON `billing_products` (`created_at`, `id`);

CREATE TABLE `billing_prices` (
  `id` text PRIMARY KEY NOT NULL,
  `product_id` text NOT NULL REFERENCES `billing_products`(`id`) ON DELETE CASCADE,
  `currency` text NOT NULL,
  `unit_amount` integer NOT NULL CHECK (`unit_amount` > 0),
  `active` integer DEFAULT 1 NOT NULL,
  `created_at` integer NOT NULL
);
CREATE UNIQUE INDEX `billing_prices_product_currency_idx` ON `billing_prices` (`product_id`, `currency`);

CREATE TABLE `billing_accounts` (
  `company_id` text PRIMARY KEY NOT NULL REFERENCES `companies`(`id`) ON DELETE CASCADE,
  `stripe_customer_id` text,
  `credits` integer DEFAULT 0 NOT NULL CHECK (`credits` >= 0),
  `plan_product_id` text REFERENCES `billing_products`(`id`) ON DELETE SET NULL,
  `subscription_id` text,
  `subscription_status` text,
  `plan_allowance` integer,
  `plan_used` integer DEFAULT 0 NOT NULL,
  `period_start` integer,
  `period_end` integer,
  `subscription_event_at` integer,
  `updated_at` integer NOT NULL
);
CREATE UNIQUE INDEX `billing_accounts_customer_idx` ON `billing_accounts` (`stripe_customer_id`);
CREATE INDEX `billing_accounts_subscription_idx` ON `billing_accounts` (`subscription_id`);

CREATE TABLE `billing_purchases` (
  `id` text PRIMARY KEY NOT NULL,
  `company_id` text NOT NULL REFERENCES `companies`(`id`) ON DELETE CASCADE,
  `product_id` text NOT NULL REFERENCES `billing_products`(`id`),
  `price_id` text NOT NULL REFERENCES `billing_prices`(`id`),
  `kind` text NOT NULL,
  `job_id` text REFERENCES `jobs`(`id`) ON DELETE SET NULL,
  `status` text DEFAULT 'pending' NOT NULL CHECK (`status` IN ('pending', 'paid', 'refunded')),
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
CREATE UNIQUE INDEX `billing_purchases_session_idx` ON `billing_purchases` (`checkout_session_id`);
CREATE INDEX `billing_purchases_company_idx` ON `billing_purchases` (`company_id`, `created_at`, `id`);
CREATE INDEX `billing_purchases_payment_intent_idx` ON `billing_purchases` (`payment_intent_id`);
CREATE INDEX `billing_purchases_paid_idx` ON `billing_purchases` (`status`, `paid_at`);
CREATE INDEX `billing_purchases_job_idx` ON `billing_purchases` (`job_id`);
CREATE INDEX `billing_purchases_creator_idx` ON `billing_purchases` (`created_by`);

CREATE TABLE `billing_invoices` (
  `id` text PRIMARY KEY NOT NULL,
  `company_id` text NOT NULL REFERENCES `companies`(`id`) ON DELETE CASCADE,
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
CREATE INDEX `billing_invoices_company_idx` ON `billing_invoices` (`company_id`, `created_at`, `id`);
CREATE INDEX `billing_invoices_paid_idx` ON `billing_invoices` (`paid_at`);
CREATE INDEX `billing_invoices_charge_idx` ON `billing_invoices` (`charge_id`);

-- Refunds of payments we have not matched yet (the refund arrived before the payment's event).
CREATE TABLE `billing_refunds` (
  `payment_intent_id` text PRIMARY KEY NOT NULL,
  `amount_refunded` integer NOT NULL,
  `created_at` integer NOT NULL
);

CREATE TABLE `billing_events` (
  `id` text PRIMARY KEY NOT NULL,
  `type` text NOT NULL,
  `stripe_created` integer NOT NULL,
  `processed_at` integer NOT NULL
);
CREATE INDEX `billing_events_processed_idx` ON `billing_events` (`processed_at`);

CREATE TABLE `billing_postings` (
  `job_id` text PRIMARY KEY NOT NULL REFERENCES `jobs`(`id`) ON DELETE CASCADE,
  `company_id` text NOT NULL REFERENCES `companies`(`id`) ON DELETE CASCADE,
  `source` text NOT NULL CHECK (`source` IN ('plan', 'credit')),
  `created_at` integer NOT NULL
);
CREATE INDEX `billing_postings_company_idx` ON `billing_postings` (`company_id`, `created_at`);

ALTER TABLE `jobs` ADD `featured_until` integer;
CREATE INDEX `jobs_featured_until_idx` ON `jobs` (`featured_until`) WHERE `featured_until` IS NOT NULL;
