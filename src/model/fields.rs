//! The fields of each canonical table: name, kind, meaning and the header
//! spellings exports use for it. docs/data-model.md is the same list for people.

use super::{Derivation, FieldDef, FieldKind};

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

use FieldKind::{Bool, Date, Duration, Id, Number, Text};

/// How exports name the account a row belongs to when they give no id.
const ACCOUNT_NAME: [&str; 10] = [
    "account_name",
    "account name",
    "account",
    "company",
    "company name",
    "organization",
    "organisation",
    "potential customer",
    "customer name",
    "customer",
];

const DELETED: FieldDef = f(
    "is_deleted",
    Bool,
    "The record is in the recycle bin; deleted rows are skipped.",
    &["isdeleted", "is_deleted", "deleted"],
);

pub(super) static ACCOUNTS: &[FieldDef] = &[
    f(
        "id",
        Id,
        "The account's id, which every other table joins on.",
        &["id", "account_id", "accountid", "account id"],
    ),
    f(
        "name",
        Text,
        "The account's name; an accounts file without ids is keyed by it.",
        &[
            "name",
            "account_name",
            "account name",
            "company name",
            "account",
            "company",
            "organization",
            "organisation",
            "customer name",
        ],
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
        "owner_name",
        Text,
        "The owner's name, from the export's list of users when `owner` is a user's id.",
        &[],
    ),
    f(
        "created",
        Date,
        "When the record was created.",
        &["createddate", "created_date", "created"],
    ),
    DELETED,
];

pub(super) static CONTACTS: &[FieldDef] = &[
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
        "account_name",
        Text,
        "The account's name, for exports that refer to accounts by name: joined on when the row gives no account id.",
        &ACCOUNT_NAME,
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
    d(
        "contact.role",
        Text,
        "The role (gatekeeper, buyer, ...) the rule set's roles give the contact, as activities' contact.role has it.",
        &[],
        Derivation::ContactRole,
    ),
];

pub(super) static CONTACT_ROLES: &[FieldDef] = &[
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
        "deal_id",
        Id,
        "The deal the contact has a role on (Salesforce OpportunityContactRole); the \
         account is then the contact's own.",
        &["opportunityid", "opportunity_id"],
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

pub(super) static ACTIVITIES: &[FieldDef] = &[
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
        "account_name",
        Text,
        "The account's name, for exports that refer to accounts by name: joined on when the row gives no account id.",
        &ACCOUNT_NAME,
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

pub(super) static DEALS: &[FieldDef] = &[
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
        "account_name",
        Text,
        "The account's name, for exports that refer to accounts by name: joined on when the row gives no account id.",
        &ACCOUNT_NAME,
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
            "reason_for_loss__c",
            "loss_reasons__c",
            "lost_reason_detail__c",
            "primary_loss_reason__c",
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
pub(super) static DEAL_COMPETITORS: &[FieldDef] = &[
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

pub(super) static TICKETS: &[FieldDef] = &[
    f("id", Id, "The case's id.", &["id", "case_id", "ticket_id"]),
    f(
        "account_id",
        Id,
        "The account.",
        &["accountid", "account_id", "account id"],
    ),
    f(
        "account_name",
        Text,
        "The account's name, for exports that refer to accounts by name: joined on when the row gives no account id.",
        &ACCOUNT_NAME,
    ),
    f(
        "contact_id",
        Id,
        "The contact who raised it.",
        &["contactid", "contact_id"],
    ),
    f(
        "contact_email",
        Text,
        "The email address of the person who raised it.",
        &["contact_email", "contact email", "email", "requester email"],
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
    d(
        "closed",
        Date,
        "When the case was closed; else its opening plus `resolution_hours`.",
        &["closeddate", "closed_date", "closed", "close_date"],
        Derivation::AfterDuration {
            from: "created",
            duration: "resolution_hours",
        },
    ),
    d(
        "first_response",
        Date,
        "When the customer first got an answer; else the opening plus `first_response_hours`.",
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
        Derivation::AfterDuration {
            from: "created",
            duration: "first_response_hours",
        },
    ),
    f(
        "first_response_hours",
        Duration,
        "How long the customer waited for a first answer, where an export gives the time \
         taken rather than a timestamp.",
        &[
            "first_response_hours",
            "first_response_minutes",
            "time_to_first_response",
        ],
    ),
    f(
        "resolution_hours",
        Duration,
        "How long the case took to close, where an export gives the time taken.",
        &[
            "resolution_hours",
            "resolution_minutes",
            "time_to_resolution",
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

pub(super) static ORDERS: &[FieldDef] = &[
    f("id", Id, "The order's id.", &["id", "order_id"]),
    f(
        "account_id",
        Id,
        "The account.",
        &["accountid", "account_id", "account id"],
    ),
    f(
        "account_name",
        Text,
        "The account's name, for exports that refer to accounts by name: joined on when the row gives no account id.",
        &ACCOUNT_NAME,
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

/// The account a billing system's row belongs to: Stripe and Chargebee name it the
/// customer, and their `customer` column holds the customer's id, not a name.
const BILLING_ACCOUNT_ID: [&str; 6] = [
    "accountid",
    "account_id",
    "account id",
    "customer_id",
    "customer id",
    "customer",
];

/// [`ACCOUNT_NAME`] without `customer`, which a billing export uses for the id.
const BILLING_ACCOUNT_NAME: [&str; 9] = [
    "account_name",
    "account name",
    "account",
    "company",
    "company name",
    "organization",
    "organisation",
    "potential customer",
    "customer name",
];

/// A subscription, or one change to it, as a billing system (Stripe, Chargebee,
/// Recurly) or a SaaS metrics tool exports it.
pub(super) static SUBSCRIPTIONS: &[FieldDef] = &[
    f(
        "id",
        Id,
        "The subscription's id.",
        &["id", "subscription_id", "subscription id", "sub_id"],
    ),
    f(
        "account_id",
        Id,
        "The account (a billing system's customer id).",
        &BILLING_ACCOUNT_ID,
    ),
    f(
        "account_name",
        Text,
        "The account's name, for exports that refer to accounts by name: joined on when the row gives no account id.",
        &BILLING_ACCOUNT_NAME,
    ),
    f(
        "plan",
        Text,
        "The plan or product subscribed to.",
        &[
            "plan_name",
            "plan",
            "plan name",
            "plan_id",
            "plan id",
            "item_price_id",
            "product",
        ],
    ),
    f(
        "seats",
        Number,
        "Seats, licences or units subscribed to.",
        &[
            "seats",
            "seat_count",
            "seat count",
            "quantity",
            "plan_quantity",
            "licenses",
            "licences",
        ],
    ),
    f(
        "mrr",
        Number,
        "Monthly recurring revenue of the subscription.",
        &[
            "mrr",
            "monthly_recurring_revenue",
            "monthly recurring revenue",
            "mrr_amount",
        ],
    ),
    f(
        "arr",
        Number,
        "Annual recurring revenue of the subscription.",
        &[
            "arr",
            "annual_recurring_revenue",
            "annual recurring revenue",
            "arr_amount",
        ],
    ),
    f(
        "start_date",
        Date,
        "When the subscription started.",
        &[
            "start_date",
            "startdate",
            "started_at",
            "start (utc)",
            "start",
            "activated_at",
        ],
    ),
    f(
        "end_date",
        Date,
        "When the current term ends: the renewal date, or the end of a cancelled subscription.",
        &[
            "end_date",
            "enddate",
            "ends_at",
            "current_period_end",
            "current period end (utc)",
            "current_term_end",
            "renewal_date",
            "renewal date",
            "renews_at",
            "term_end",
            "expires_at",
        ],
    ),
    f(
        "status",
        Text,
        "Status (active, trialing, past_due, non_renewing, canceled, ...).",
        &["status", "subscription_status"],
    ),
    f(
        "auto_renew",
        Bool,
        "The subscription renews by itself at the end of its term.",
        &[
            "auto_renew",
            "autorenew",
            "auto renew",
            "auto_renewal",
            "auto-renew",
            "renews_automatically",
        ],
    ),
    f(
        "change_type",
        Text,
        "What changed (new, upgrade, downgrade, renewal, ...), where each row is a change.",
        &[
            "change_type",
            "change type",
            "movement_type",
            "movement type",
            "mrr_movement",
        ],
    ),
    f(
        "change_date",
        Date,
        "When that change took effect.",
        &[
            "change_date",
            "change date",
            "changed_at",
            "movement_date",
            "effective_date",
        ],
    ),
    DELETED,
];

/// A customer leaving or paying less: a cancellation, a churn or a downgrade, with
/// the reason the customer gave.
pub(super) static CHURN_EVENTS: &[FieldDef] = &[
    f(
        "id",
        Id,
        "The event's id.",
        &[
            "id",
            "churn_id",
            "churn_event_id",
            "event_id",
            "cancellation_id",
        ],
    ),
    f(
        "account_id",
        Id,
        "The account (a billing system's customer id).",
        &BILLING_ACCOUNT_ID,
    ),
    f(
        "account_name",
        Text,
        "The account's name, for exports that refer to accounts by name: joined on when the row gives no account id.",
        &BILLING_ACCOUNT_NAME,
    ),
    f(
        "subscription_id",
        Id,
        "The subscription that ended or shrank.",
        &["subscription_id", "subscription id", "subscriptionid"],
    ),
    f(
        "churn_date",
        Date,
        "When the customer churned, cancelled or downgraded.",
        &[
            "churned_at",
            "churn_date",
            "canceled_at",
            "cancelled_at",
            "canceled at (utc)",
            "cancellation_date",
            "cancel_date",
            "downgraded_at",
            "churn date",
            "cancellation date",
        ],
    ),
    f(
        "type",
        Text,
        "What happened: churn, cancellation or downgrade.",
        &["type", "churn_type", "event_type", "cancellation_type"],
    ),
    f(
        "reason",
        Text,
        "The reason given, as text or a code (`pricing`, `competitor`, `no_budget`).",
        &[
            "churn_reason",
            "cancellation_reason",
            "cancel_reason",
            "cancellation_reason_code",
            "reason_code",
            "churn reason",
            "cancellation reason",
            "reason",
        ],
    ),
    f(
        "feedback",
        Text,
        "What the customer said when leaving.",
        &[
            "feedback",
            "cancellation_feedback",
            "churn_feedback",
            "cancellation_comment",
            "cancellation feedback",
        ],
    ),
    DELETED,
];
