//! Running a rule set where the data lives: the heavy part (rows -> per-account
//! metrics) as one SQL query for a warehouse, the light part (metrics -> scores,
//! bands, actions) back in rapport. docs/warehouse.md shows it end to end.

pub mod dialect;
pub mod layout;
mod load;
mod query;
mod views;

pub use dialect::Dialect;
pub use load::{Loaded, load_metrics};
pub use query::{Schema, SqlError, TableSchema, class_regex, metrics_query};
pub use views::duckdb_views;
