//! Running a rule set where the data lives: the heavy part (rows -> per-account
//! metrics) as one SQL query for a warehouse, the light part (metrics -> scores,
//! bands, actions) back in rapport. docs/warehouse.md shows it end to end.

pub mod dialect;
mod filter;
pub mod layout;
mod load;
pub(crate) mod query;
mod rows;
pub mod synced;
mod views;

use crate::model::Table;

/// The canonical tables a warehouse query reads. Salesforce's
/// OpportunityCompetitor rows (`deal-competitors`) only fill in `deals.competitor`
/// when files are read; a warehouse gives the competitor on the deal itself.
pub const TABLES: [Table; 9] = [
    Table::Accounts,
    Table::Contacts,
    Table::ContactRoles,
    Table::Orders,
    Table::Deals,
    Table::Tickets,
    Table::Activities,
    Table::Subscriptions,
    Table::ChurnEvents,
];

/// Tables a warehouse query reads only where `[tables]` names them: a billing
/// system's, which most CRM warehouses do not hold, so a rule set written before
/// them still finds every table it reads.
pub const NAMED_ONLY: [Table; 2] = [Table::Subscriptions, Table::ChurnEvents];

pub use dialect::Dialect;
pub use load::{Loaded, load_metrics};
pub use query::{Link, Schema, SqlError, TablePart, TableSchema, class_regex, metrics_query};
pub use synced::{ListedTable, read_listing, synced_schema};
pub use views::duckdb_views;
