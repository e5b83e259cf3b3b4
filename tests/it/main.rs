//! The integration tests: one binary of themed modules, so the library is linked
//! once. Tests that measure the whole process (its allocator, its peak memory)
//! live in binaries of their own beside this one.

mod common;

mod accounts;
mod actions;
mod briefs;
mod change;
mod cli;
mod commands;
mod completions;
mod conflicts;
mod contracts;
mod detail;
mod discovery;
mod docs;
mod engines;
mod examples;
mod fivetran;
mod fold;
mod forcing;
mod history;
mod hostile;
mod html_render;
mod ingest;
mod lab_sim;
mod language;
mod lookups;
mod metrics;
mod order;
mod overrides;
mod primitives;
mod properties;
mod reading;
mod recognition;
mod reports;
mod respond;
mod roles;
mod scoring;
mod sentences;
mod stories;
mod subscriptions;
mod terminal;
mod threads;
mod trust;
mod warehouse;
mod writes;
