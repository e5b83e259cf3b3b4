//! The canonical data model: the tables rapport reads, their fields, and the
//! header spellings each field is recognised by. docs/data-model.md documents the
//! same table for people; a test keeps the two in step.

use std::fmt;

mod fields;

use fields::{
    ACCOUNTS, ACTIVITIES, CHURN_EVENTS, CONTACT_ROLES, CONTACTS, DEAL_COMPETITORS, DEALS, ORDERS,
    SUBSCRIPTIONS, TICKETS,
};

/// A canonical table. The order of the variants is the order files are read in:
/// a table is read after every table it joins to (contacts need accounts, activities
/// need contacts and the tickets and deals they follow up). Subscriptions and churn
/// events come last, so that `followed-by` can look from a case to a downgrade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Table {
    Accounts,
    Contacts,
    ContactRoles,
    Orders,
    DealCompetitors,
    Deals,
    Tickets,
    Activities,
    Subscriptions,
    ChurnEvents,
}

impl Table {
    pub const ALL: [Table; 10] = [
        Table::Accounts,
        Table::Contacts,
        Table::ContactRoles,
        Table::Orders,
        Table::DealCompetitors,
        Table::Deals,
        Table::Tickets,
        Table::Activities,
        Table::Subscriptions,
        Table::ChurnEvents,
    ];

    /// Whether the table is a log the team writes to all the time, so that its
    /// first dated row is where the export's history of it begins. Only the
    /// activities are: cases, deals, orders and churn events come when they
    /// come, and a year without one is a quiet year, not a year missing.
    pub fn keeps_a_log(self) -> bool {
        self == Table::Activities
    }

    pub fn name(self) -> &'static str {
        match self {
            Table::Accounts => "accounts",
            Table::Contacts => "contacts",
            Table::ContactRoles => "contact-roles",
            Table::Orders => "orders",
            Table::DealCompetitors => "deal-competitors",
            Table::Deals => "deals",
            Table::Tickets => "tickets",
            Table::Activities => "activities",
            Table::Subscriptions => "subscriptions",
            Table::ChurnEvents => "churn-events",
        }
    }

    /// The table's name in SQL, where a dash would need quoting: `contact_roles`.
    pub fn sql_name(self) -> &'static str {
        match self {
            Table::ContactRoles => "contact_roles",
            Table::ChurnEvents => "churn_events",
            other => other.name(),
        }
    }

    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            Table::Accounts => ACCOUNTS,
            Table::Contacts => CONTACTS,
            Table::ContactRoles => CONTACT_ROLES,
            Table::Orders => ORDERS,
            Table::DealCompetitors => DEAL_COMPETITORS,
            Table::Deals => DEALS,
            Table::Tickets => TICKETS,
            Table::Activities => ACTIVITIES,
            Table::Subscriptions => SUBSCRIPTIONS,
            Table::ChurnEvents => CHURN_EVENTS,
        }
    }

    pub fn field(self, name: &str) -> Option<FieldId> {
        self.fields()
            .iter()
            .position(|f| f.name == name)
            .map(|i| FieldId(i as u16))
    }

    pub fn def(self, id: FieldId) -> &'static FieldDef {
        &self.fields()[id.0 as usize]
    }

    /// The date a time window applies to when a metric does not name one.
    pub fn default_date(self) -> &'static str {
        match self {
            Table::Accounts | Table::Contacts | Table::ContactRoles | Table::DealCompetitors => {
                "created"
            }
            Table::Orders => "date",
            Table::Deals => "close_date",
            Table::Tickets => "created",
            Table::Activities => "date",
            Table::Subscriptions => "start_date",
            Table::ChurnEvents => "churn_date",
        }
    }

    /// Header words that mark a file as this table even when the file name says
    /// nothing. A file must carry at least one of them to be taken as this table.
    pub fn markers(self) -> &'static [&'static str] {
        match self {
            Table::Accounts => &["name"],
            Table::Contacts => &["first_name", "last_name", "email", "title"],
            Table::ContactRoles => &["contact_id", "role"],
            Table::Orders => &["promised", "delivered", "number"],
            Table::DealCompetitors => &["competitor"],
            Table::Deals => &["stage", "is_won", "close_date", "loss_reason"],
            Table::Tickets => &[
                "number",
                "closed",
                "first_response",
                "first_response_hours",
                "resolution_hours",
                "is_escalated",
                "origin",
            ],
            Table::Activities => &["date", "related_id", "direction"],
            Table::Subscriptions => &["seats", "mrr", "arr", "auto_renew", "change_type"],
            Table::ChurnEvents => &["churn_date"],
        }
    }

    /// Words in a file name that hint at this table; used only to break ties.
    pub fn name_hints(self) -> &'static [&'static str] {
        match self {
            Table::Accounts => &["account", "compan", "organi"],
            Table::Contacts => &["contact", "people", "person"],
            Table::ContactRoles => &["relation", "role"],
            Table::Orders => &["order"],
            Table::DealCompetitors => &["competitor"],
            Table::Deals => &["deal", "opportunit"],
            Table::Tickets => &["case", "ticket"],
            Table::Activities => &["task", "event", "activit", "call", "meeting", "email"],
            Table::Subscriptions => &["subscription"],
            Table::ChurnEvents => &["churn", "cancel"],
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Index of a field within its table's field list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldId(pub u16);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// An identifier joined on (account ids, contact ids).
    Id,
    Text,
    Date,
    Bool,
    Number,
    /// An elapsed time (`first_response_hours`): a number in the unit its header
    /// names, or text such as `2 hours 30 minutes`; read as hours.
    Duration,
}

/// How a field gets its value when the export has no column for it, or the column
/// is empty on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derivation {
    /// Read from the column only.
    None,
    /// A boolean that falls back to "does `field` match keyword class `class`"
    /// when its own column is missing or empty.
    MatchesClass {
        field: &'static str,
        class: &'static str,
    },
    /// Deals: lost means closed and not won; falls back to the `stage-lost` class.
    DealLost,
    /// Activities: done unless the row is an open task (`is_closed` false).
    ActivityDone,
    /// The role of the row's contact (gatekeeper, buyer, ...), from the contacts
    /// table and the roles of the rule set.
    ContactRole,
    /// A date that, when its own column is missing or empty, is the date `from`
    /// plus the elapsed time in `duration` (a ticket's first response is its
    /// creation plus `first_response_hours`).
    AfterDuration {
        from: &'static str,
        duration: &'static str,
    },
}

#[derive(Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub kind: FieldKind,
    pub meaning: &'static str,
    /// Header spellings, compared ignoring case and surrounding spaces. When several
    /// are present in one file, the earlier one wins; later ones fill in where it is
    /// empty on a row.
    pub headers: &'static [&'static str],
    pub derive: Derivation,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_a_join_key_and_default_date() {
        for table in Table::ALL {
            assert!(
                table.field(table.default_date()).is_some(),
                "{table}: default date"
            );
            let joins = table.field("account_id").is_some()
                || matches!(table, Table::Accounts | Table::DealCompetitors);
            assert!(joins, "{table} cannot be joined to accounts");
            for m in table.markers() {
                assert!(table.field(m).is_some(), "{table}: marker {m}");
            }
        }
    }

    #[test]
    fn header_spellings_are_lower_case_and_unique_within_a_table() {
        for table in Table::ALL {
            let mut seen = std::collections::HashMap::new();
            for def in table.fields() {
                for h in def.headers {
                    assert_eq!(*h, h.to_lowercase(), "{table}.{}", def.name);
                    if let Some(other) = seen.insert(*h, def.name) {
                        panic!("{table}: header {h} claimed by {other} and {}", def.name);
                    }
                }
            }
        }
    }
}
