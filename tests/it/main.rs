//! Every integration test, in one binary: one link of the crate instead of fifteen (see docs/testing.md).
//! Each module is one concern; `cargo test --features ssr --test it <module>::` runs one of them.
#![cfg(feature = "ssr")]

mod common;
mod portal;

mod audit_log;
mod body_checks;
mod conformance;
mod dashboard_latency;
mod docs;
mod error_status;
mod layers;
mod operations;
mod portal_dashboard;
mod portal_disbursements;
mod portal_onboarding;
mod portal_palette;
mod portal_reports;
mod portal_review;
mod portal_tenant;
mod portal_timeline;
mod portal_transfers;
mod portal_views;
mod portal_wallets;
mod sandbox_audit;
mod sandbox_auth;
mod sandbox_kyc;
mod sandbox_reports;
mod sandbox_tenant_customers;
mod sandbox_wallets;
mod search_latency;
mod second_factor;
mod security;
mod server_functions;
mod store_engines;
