//! What an account is sorted into and told apart by: score bands, the roles its
//! contacts hold, and named facts about it.

use super::{ClassId, MetricId};

/// A score band, such as `loyal` from 80.
#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    pub min: f64,
    pub why: Option<String>,
}

/// A contact role, recognised by a keyword class over titles and role values.
#[derive(Debug, Clone)]
pub struct Role {
    pub name: String,
    pub class: ClassId,
}

/// A fact about an account: true when any of its metrics has a value.
#[derive(Debug, Clone)]
pub struct Fact {
    pub name: String,
    pub why: Option<String>,
    pub any: Vec<MetricId>,
}
