//! The per-table plan: which metrics a table's rows feed, the distinct filters
//! they test (each evaluated at most once per row), and the fields to parse.

use crate::model::{FieldId, FieldKind, Table};
use crate::spec::{ClassSet, DurationEnd, Filter, FilterOp, MetricId, RuleSet};

#[derive(Debug)]
pub struct PlannedMetric {
    pub id: MetricId,
    /// The date field the metric is dated by.
    pub date: FieldId,
    /// The window in days up to the as-of date, if any.
    pub window: Option<i64>,
    /// Measures time since a row, so a row must be dated no later than as-of.
    pub dated: bool,
    pub filter: Vec<usize>,
    /// The filter groups its primitive tests (`of`, `per`).
    pub groups: Vec<Vec<usize>>,
}

/// The fields the engine itself reads (ids, names, flags), looked up once per
/// table rather than by name on every row.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    pub id: Option<FieldId>,
    pub name: Option<FieldId>,
    pub owner: Option<FieldId>,
    pub account_id: Option<FieldId>,
    /// The account's name on a row that refers to it by name.
    pub account_name: Option<FieldId>,
    pub contact_id: Option<FieldId>,
    pub related_id: Option<FieldId>,
    pub first_name: Option<FieldId>,
    /// A contact's email: its key where the export gives it no id.
    pub email: Option<FieldId>,
    pub last_name: Option<FieldId>,
    pub title: Option<FieldId>,
    pub role: Option<FieldId>,
    pub deal_id: Option<FieldId>,
    pub competitor: Option<FieldId>,
    pub is_deleted: Option<FieldId>,
    pub is_closed: Option<FieldId>,
    pub is_won: Option<FieldId>,
    pub stage: Option<FieldId>,
    pub done: Option<FieldId>,
    /// The date windows apply to when a metric names none.
    pub default_date: FieldId,
}

impl Known {
    pub fn new(table: Table) -> Known {
        let f = |name| table.field(name);
        Known {
            id: f("id"),
            name: f("name"),
            owner: f("owner"),
            account_id: f("account_id"),
            account_name: f("account_name"),
            contact_id: f("contact_id"),
            related_id: f("related_id"),
            first_name: f("first_name"),
            email: f("email"),
            last_name: f("last_name"),
            title: f("title"),
            role: f("role"),
            deal_id: f("deal_id"),
            competitor: f("competitor"),
            is_deleted: f("is_deleted"),
            is_closed: f("is_closed"),
            is_won: f("is_won"),
            stage: f("stage"),
            done: f("done"),
            default_date: f(table.default_date()).expect("every table has its default date"),
        }
    }
}

#[derive(Debug)]
pub struct Plan {
    pub known: Known,
    /// Distinct filters of this table, indexed by the `usize`s above.
    pub preds: Vec<Filter>,
    pub metrics: Vec<PlannedMetric>,
    /// Metrics waiting for rows of this table (followed-by of earlier tables,
    /// answered of this one): the follow-ups' filters and the metric's window.
    pub follow: Vec<(MetricId, Vec<usize>, Option<i64>)>,
    /// Date fields to parse on every row.
    pub dates: Vec<FieldId>,
    /// Per field: the keyword classes its filters test, answered in one scan.
    pub class_sets: Vec<Option<ClassSet>>,
    /// Per filter that tests a keyword class: per field, the class's bit in the
    /// field's class set (None when the set could not hold it).
    pub class_bits: Vec<Vec<(FieldId, Option<u64>)>>,
}

impl Plan {
    pub fn new(table: Table, rules: &RuleSet) -> Plan {
        let mut plan = Plan {
            known: Known::new(table),
            preds: Vec::new(),
            metrics: Vec::new(),
            follow: Vec::new(),
            dates: Vec::new(),
            class_sets: Vec::new(),
            class_bits: Vec::new(),
        };
        for (id, m) in rules.metrics.iter().enumerate() {
            // Folded from the contact registry once roles are resolved (fold.rs).
            if m.table == table && !m.on_resolved_roles() {
                let filter = plan.intern_all(&m.filter);
                let groups = m
                    .aggregate
                    .row_filters()
                    .into_iter()
                    .map(|g| plan.intern_all(g))
                    .collect();
                plan.metrics.push(PlannedMetric {
                    id,
                    date: m.date,
                    window: m.window_days,
                    dated: m.aggregate.dated(),
                    filter,
                    groups,
                });
                plan.need_date(m.date);
                if let Some(d) = m.aggregate.duration() {
                    for end in [d.from, d.to] {
                        if let DurationEnd::Field(f) = end {
                            plan.need_date(f);
                        }
                    }
                    if let Some(f) = d.bound {
                        plan.need_date(f);
                    }
                }
            }
            if let Some(fb) = m.aggregate.follows()
                && fb.table == table
            {
                let preds = plan.intern_all(&fb.filter);
                plan.follow.push((id, preds, m.window_days));
                plan.need_date(plan.known.default_date);
            }
        }
        // Filters on date fields compare presence: parse them so a bad value is caught.
        for p in &plan.preds.clone() {
            for &f in &p.fields {
                if table.def(f).kind == FieldKind::Date {
                    plan.need_date(f);
                }
            }
        }
        let mut per_field: Vec<Vec<usize>> = vec![Vec::new(); table.fields().len()];
        for p in &plan.preds {
            if let FilterOp::Matches(c) | FilterOp::NotMatches(c) = p.op {
                for f in &p.fields {
                    if !per_field[f.0 as usize].contains(&c) {
                        per_field[f.0 as usize].push(c);
                    }
                }
            }
        }
        plan.class_sets = per_field
            .iter()
            .map(|classes| ClassSet::new(&rules.classes, classes))
            .collect();
        plan.class_bits = plan
            .preds
            .iter()
            .map(|p| match p.op {
                FilterOp::Matches(c) | FilterOp::NotMatches(c) => p
                    .fields
                    .iter()
                    .map(|&f| {
                        let set = plan.class_sets[f.0 as usize].as_ref();
                        (f, set.and_then(|s| s.bit(c)))
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        plan
    }

    fn need_date(&mut self, f: FieldId) {
        if !self.dates.contains(&f) {
            self.dates.push(f);
        }
    }

    fn intern_all(&mut self, filters: &[Filter]) -> Vec<usize> {
        filters.iter().map(|f| self.intern(f)).collect()
    }

    fn intern(&mut self, filter: &Filter) -> usize {
        match self.preds.iter().position(|p| p == filter) {
            Some(i) => i,
            None => {
                self.preds.push(filter.clone());
                self.preds.len() - 1
            }
        }
    }
}
