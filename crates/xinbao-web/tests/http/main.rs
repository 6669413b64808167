//! Integration tests: the real server on a random port and a fresh database per test,
//! driven over HTTP. Run on SQLite by default and on PostgreSQL with
//! `XINBAO_TEST_DATABASE_URL=postgres://…`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod in_step;

mod attachments;
mod audit;
mod auth;
mod authz_matrix;
mod event_channels;
mod event_pages;
mod events;
mod events_clock;
mod events_ledger;
mod events_offices;
mod group_write;
mod hostile;
mod identity;
mod identity_totp;
mod identity_totp_admin;
mod instruction_follow;
mod item_pages;
mod items;
mod items_editing;
mod items_signoff;
mod notice_kinds;
mod notice_links;
mod openapi;
mod org;
mod org_admin;
mod pages;
mod pages_serving;
mod periodical_drafts;
mod periodical_instructions;
mod periodical_pages;
mod periodicals;
mod roster;
mod scope;
mod score_entries;
mod scoring;
mod scoring_kit;
mod scoring_lists;
mod scoring_pages;
