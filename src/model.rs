//! The canonical data model: the tables rapport reads, their fields, and the
//! header spellings each field is recognised by. docs/data-model.md documents the
//! same table for people; a test keeps the two in step.

use std::fmt;

/// A canonical table. The order of the variants is the order files are read in:
/// a table is read after every table it joins to (contacts need accounts, activities
/// need contacts and the tickets and deals they follow up).
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
}

impl Table {
    pub const ALL: [Table; 8] = [
        Table::Accounts,
        Table::Contacts,
        Table::ContactRoles,
        Table::Orders,
        Table::DealCompetitors,
        Table::Deals,
        Table::Tickets,
        Table::Activities,
    ];

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
        }
    }

    /// The table's name in SQL, where a dash would need quoting: `contact_roles`.
    pub fn sql_name(self) -> &'static str {
        match self {
            Table::ContactRoles => "contact_roles",
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
        }
    }

    /// Header words that mark a file as this table even when the file name says
    /// nothing. A file must carry at least one of them to be taken as this table.
    pub fn markers(self) -> &'static [&'static str] {
        match self {
            Table::Accounts => &["name"],
            Table::Contacts => &["first_name", "last_name", "email", "title"],
            Table::ContactRoles => &["contact_id"],
            Table::Orders => &["promised", "delivered", "number"],
            Table::DealCompetitors => &["competitor"],
            Table::Deals => &["stage", "is_won", "close_date", "loss_reason"],
            Table::Tickets => &[
                "number",
                "closed",
                "first_response",
                "is_escalated",
                "origin",
            ],
            Table::Activities => &["date", "related_id", "direction"],
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

const fn f(
    name: &'static str,
    kind: FieldKind,
    meaning: &'static str,
    headers: &'static [&'static str],
) -> FieldDef {
    FieldDef {
        name,
        kind,
        meaning,
        headers,
        derive: Derivation::None,
    }
}

const fn d(
    name: &'static str,
    kind: FieldKind,
    meaning: &'static str,
    headers: &'static [&'static str],
    derive: Derivation,
) -> FieldDef {
    FieldDef {
        name,
        kind,
        meaning,
        headers,
        derive,
    }
}

use FieldKind::{Bool, Date, Id, Number, Text};

const DELETED: FieldDef = f(
    "is_deleted",
    Bool,
    "The record is in the recycle bin; deleted rows are skipped.",
    &["isdeleted", "is_deleted", "deleted"],
);

static ACCOUNTS: &[FieldDef] = &[
    f(
        "id",
        Id,
        "The account's id, which every other table joins on.",
        &["id", "account_id", "accountid", "account id"],
    ),
    f(
        "name",
        Text,
        "The account's name.",
        &["name", "account_name", "account name", "company name"],
    ),
    f(
        "type",
        Text,
        "The account's type (Customer, Prospect, Partner, ...).",
        &["type", "account_type", "account type"],
    ),
    f("industry", Text, "Industry.", &["industry"]),
    f(
        "owner",
        Text,
        "The account owner (a user id or name).",
        &["ownerid", "owner_id", "owner", "account owner"],
    ),
    f(
        "created",
        Date,
        "When the record was created.",
        &["createddate", "created_date", "created"],
    ),
    DELETED,
];

static CONTACTS: &[FieldDef] = &[
    f(
        "id",
        Id,
        "The contact's id, which activities and cases point to.",
        &["id", "contact_id", "contactid", "contact id"],
    ),
    f(
        "account_id",
        Id,
        "The account the contact works for.",
        &["accountid", "account_id", "account id"],
    ),
    f(
        "name",
        Text,
        "Full name.",
        &["name", "full_name", "full name", "contact name"],
    ),
    f(
        "first_name",
        Text,
        "First name, when there is no full name.",
        &["firstname", "first_name", "first name"],
    ),
    f(
        "last_name",
        Text,
        "Last name, when there is no full name.",
        &["lastname", "last_name", "last name"],
    ),
    f(
        "title",
        Text,
        "Job title; the rule set's roles read it when there is no role.",
        &["title", "job_title", "job title"],
    ),
    f(
        "role",
        Text,
        "The contact's role in buying (Decision Maker, Economic Buyer, ...).",
        &[
            "role",
            "roles",
            "contact_role",
            "contact role",
            "buying_role__c",
        ],
    ),
    f("email", Text, "Email address.", &["email", "email address"]),
    f(
        "created",
        Date,
        "When the record was created.",
        &["createddate", "created_date", "created"],
    ),
    DELETED,
];

static CONTACT_ROLES: &[FieldDef] = &[
    f(
        "account_id",
        Id,
        "The account (Salesforce AccountContactRelation, OpportunityContactRole).",
        &["accountid", "account_id"],
    ),
    f(
        "contact_id",
        Id,
        "The contact related to the account.",
        &["contactid", "contact_id"],
    ),
    f(
        "role",
        Text,
        "The contact's role at that account.",
        &["roles", "role"],
    ),
    f(
        "created",
        Date,
        "When the relation was created.",
        &["createddate", "created_date", "startdate", "created"],
    ),
    DELETED,
];

static ACTIVITIES: &[FieldDef] = &[
    f(
        "id",
        Id,
        "The activity's id.",
        &["id", "activity_id", "activityid"],
    ),
    f(
        "account_id",
        Id,
        "The account, when the export says it directly.",
        &["accountid", "account_id"],
    ),
    f(
        "contact_id",
        Id,
        "The contact the activity was with (Salesforce WhoId).",
        &["whoid", "who_id", "contactid", "contact_id"],
    ),
    f(
        "related_id",
        Id,
        "What the activity is about (Salesforce WhatId): used when it is an account.",
        &["whatid", "what_id", "related_to_id"],
    ),
    f("subject", Text, "Subject line.", &["subject", "title"]),
    f(
        "description",
        Text,
        "Notes, agenda or comments.",
        &["description", "comments", "notes", "body"],
    ),
    f(
        "type",
        Text,
        "Kind of activity (Call, Email, Meeting, ...).",
        &[
            "type",
            "activity_type",
            "activity type",
            "type__c",
            "tasksubtype",
            "eventsubtype",
        ],
    ),
    f(
        "direction",
        Text,
        "Inbound or outbound (Salesforce CallType).",
        &["calltype", "call_type", "direction"],
    ),
    f("status", Text, "Task status.", &["status"]),
    f(
        "date",
        Date,
        "When it happened or is due; falls back to the creation date.",
        &[
            "activitydatetime",
            "activitydate",
            "startdatetime",
            "activity_date",
            "date",
            "due_date",
            "createddate",
            "created_date",
        ],
    ),
    d(
        "is_closed",
        Bool,
        "The task is done; from the status when there is no IsClosed column.",
        &["isclosed", "is_closed", "done", "completed"],
        Derivation::MatchesClass {
            field: "status",
            class: "status-done",
        },
    ),
    d(
        "done",
        Bool,
        "The activity happened: true unless it is a task that is still open.",
        &[],
        Derivation::ActivityDone,
    ),
    d(
        "contact.role",
        Text,
        "The role (gatekeeper, buyer, ...) of the activity's contact.",
        &[],
        Derivation::ContactRole,
    ),
    f(
        "owner",
        Text,
        "Who did it (a user id or name).",
        &["ownerid", "owner_id", "owner", "assigned to"],
    ),
    DELETED,
];

static DEALS: &[FieldDef] = &[
    f(
        "id",
        Id,
        "The deal's id.",
        &["id", "deal_id", "opportunity_id"],
    ),
    f(
        "account_id",
        Id,
        "The account.",
        &["accountid", "account_id", "account id"],
    ),
    f(
        "contact_id",
        Id,
        "The deal's primary contact.",
        &["contactid", "contact_id"],
    ),
    f(
        "name",
        Text,
        "The deal's name.",
        &["name", "deal_name", "deal name", "opportunity name"],
    ),
    f(
        "stage",
        Text,
        "Sales stage (Prospecting, ..., Closed Won, Closed Lost).",
        &["stagename", "stage", "deal_stage", "deal stage"],
    ),
    f(
        "amount",
        Number,
        "Value of the deal.",
        &["amount", "deal_amount"],
    ),
    f(
        "close_date",
        Date,
        "When it closed or is expected to.",
        &["closedate", "close_date", "close date"],
    ),
    f(
        "created",
        Date,
        "When the deal was opened.",
        &["createddate", "created_date", "created", "create date"],
    ),
    d(
        "is_closed",
        Bool,
        "Closed, won or lost; from the stage when there is no IsClosed column.",
        &["isclosed", "is_closed"],
        Derivation::MatchesClass {
            field: "stage",
            class: "stage-closed",
        },
    ),
    d(
        "is_won",
        Bool,
        "Won; from the stage (class stage-won) when there is no IsWon column.",
        &["iswon", "is_won"],
        Derivation::MatchesClass {
            field: "stage",
            class: "stage-won",
        },
    ),
    d(
        "is_lost",
        Bool,
        "Lost: closed and not won; from the stage (class stage-lost) otherwise.",
        &[],
        Derivation::DealLost,
    ),
    f(
        "loss_reason",
        Text,
        "Why the deal was lost.",
        &[
            "loss_reason__c",
            "lost_reason__c",
            "reason_lost__c",
            "loss_reason_c",
            "closed_lost_reason__c",
            "loss_reason",
            "lost_reason",
            "loss reason",
            "lost reason",
        ],
    ),
    f(
        "competitor",
        Text,
        "A competitor named on the deal.",
        &[
            "competitor__c",
            "competitors__c",
            "main_competitor__c",
            "primary_competitor__c",
            "competitor",
            "competitors",
            "competitorname",
        ],
    ),
    f(
        "type",
        Text,
        "Deal type (New Business, Renewal, ...).",
        &["type"],
    ),
    f("next_step", Text, "Next step.", &["nextstep", "next_step"]),
    f(
        "owner",
        Text,
        "The deal owner.",
        &["ownerid", "owner_id", "owner"],
    ),
    DELETED,
];

/// Salesforce's OpportunityCompetitor: a competitor named on a deal, in a file of
/// its own. It is read before the deals and fills in `deals.competitor` for the
/// deal it names, so it counts for that deal's account.
static DEAL_COMPETITORS: &[FieldDef] = &[
    f(
        "deal_id",
        Id,
        "The deal the competitor is named on (Salesforce OpportunityId).",
        &["opportunityid", "opportunity_id", "deal_id"],
    ),
    f(
        "competitor",
        Text,
        "The competitor's name; it becomes the deal's `competitor`.",
        &["competitorname", "competitor_name", "competitor"],
    ),
    f(
        "created",
        Date,
        "When it was recorded.",
        &["createddate", "created_date", "created"],
    ),
    DELETED,
];

static TICKETS: &[FieldDef] = &[
    f("id", Id, "The case's id.", &["id", "case_id", "ticket_id"]),
    f(
        "account_id",
        Id,
        "The account.",
        &["accountid", "account_id", "account id"],
    ),
    f(
        "contact_id",
        Id,
        "The contact who raised it.",
        &["contactid", "contact_id"],
    ),
    f(
        "number",
        Text,
        "Case number.",
        &[
            "casenumber",
            "case_number",
            "ticket_number",
            "ticket number",
        ],
    ),
    f("subject", Text, "Subject line.", &["subject"]),
    f(
        "description",
        Text,
        "What the customer said.",
        &["description"],
    ),
    f("type", Text, "Case type.", &["type", "case_type"]),
    f("reason", Text, "Case reason.", &["reason", "case_reason"]),
    f(
        "status",
        Text,
        "Status (New, Working, Closed, ...).",
        &["status"],
    ),
    f("priority", Text, "Priority.", &["priority"]),
    f("origin", Text, "Channel (Phone, Email, Web).", &["origin"]),
    f(
        "created",
        Date,
        "When the case was opened.",
        &["createddate", "created_date", "created", "opened"],
    ),
    f(
        "closed",
        Date,
        "When the case was closed.",
        &["closeddate", "closed_date", "closed", "close_date"],
    ),
    f(
        "first_response",
        Date,
        "When the customer first got an answer.",
        &[
            "first_response__c",
            "first_response_date__c",
            "first_response_time__c",
            "firstresponse__c",
            "first_response_at__c",
            "first_response",
            "first_response_at",
            "first_response_date",
        ],
    ),
    d(
        "is_closed",
        Bool,
        "Closed; from the status (class status-done) when there is no IsClosed column.",
        &["isclosed", "is_closed"],
        Derivation::MatchesClass {
            field: "status",
            class: "status-done",
        },
    ),
    f(
        "is_escalated",
        Bool,
        "The case was escalated.",
        &["isescalated", "is_escalated", "escalated"],
    ),
    f(
        "owner",
        Text,
        "Case owner.",
        &["ownerid", "owner_id", "owner"],
    ),
    DELETED,
];

static ORDERS: &[FieldDef] = &[
    f("id", Id, "The order's id.", &["id", "order_id"]),
    f(
        "account_id",
        Id,
        "The account.",
        &["accountid", "account_id", "account id"],
    ),
    f(
        "number",
        Text,
        "Order number.",
        &["ordernumber", "order_number", "order number"],
    ),
    f("status", Text, "Order status.", &["status"]),
    f(
        "date",
        Date,
        "When the order was placed.",
        &[
            "effectivedate",
            "orderdate",
            "order_date",
            "order date",
            "date",
        ],
    ),
    f(
        "promised",
        Date,
        "The delivery date promised to the customer.",
        &[
            "promised_date__c",
            "promised_delivery_date__c",
            "promised_date",
            "promised_delivery_date",
            "promised",
            "promiseddate",
        ],
    ),
    f(
        "delivered",
        Date,
        "When it was actually delivered.",
        &[
            "delivered_date__c",
            "actual_delivery_date__c",
            "delivery_date__c",
            "delivered_date",
            "actual_delivery_date",
            "delivered",
            "delivery_date",
        ],
    ),
    f(
        "amount",
        Number,
        "Order value.",
        &["totalamount", "total_amount", "amount"],
    ),
    DELETED,
];

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
