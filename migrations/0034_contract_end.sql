-- When a hire on a contract, freelance or temporary job ended (recorded by the
-- company). Ratings of such hires open then: the work is what gets rated.
ALTER TABLE `applications` ADD `contract_ended_at` integer;
