//! Compiling a `metric = { ... }` table: its table and aggregate, the options
//! the aggregate needs, filters, durations and follow-ups, each checked against
//! the canonical fields.

use std::ops::Range;

use toml::Spanned;

use super::compile::Compiler;
use super::error::ConfigError;
use super::raw::{RawDuration, RawFilter, RawFollowedBy, RawMetric};
use crate::model::{Derivation, FieldId, FieldKind, Table};
use crate::primitive::{Parts, Unfit};
use crate::spec::{
    Aggregate, Duration, DurationEnd, Filter, FilterOp, FollowUp, Metric, MetricId, Unit,
};

impl Compiler<'_> {
    /// Compiles a metric and adds it to the rule set's metrics.
    /// `owner` names what the metric is of (`rule 'x'`) in its errors.
    pub(super) fn metric(
        &mut self,
        src: usize,
        raw: &Spanned<RawMetric>,
        owner: &str,
    ) -> Result<MetricId, ConfigError> {
        self.metric_at(src, raw.span(), raw.get_ref(), owner)
    }

    /// Compiles a metric written at `span` (a fact writes its metrics in place
    /// among the keys of a condition).
    pub(super) fn metric_at(
        &mut self,
        src: usize,
        span: Range<usize>,
        r: &RawMetric,
        owner: &str,
    ) -> Result<MetricId, ConfigError> {
        let table = self.table(src, &r.table)?;
        if table == Table::DealCompetitors {
            return Err(self.err(
                src,
                r.table.span(),
                "deal-competitors is not measured on its own: it fills in deals.competitor, so write the metric over deals",
            ));
        }
        if !Aggregate::NAMES.contains(&r.aggregate.get_ref().as_str()) {
            return Err(self.unknown_aggregate(src, &r.aggregate));
        }
        let date_name = r
            .date
            .as_ref()
            .map_or(table.default_date(), |d| d.get_ref().as_str());
        let date_span = r.date.as_ref().map_or(span.clone(), |d| d.span());
        let date = self.field(src, table, date_name, date_span.clone())?;
        if table.def(date).kind != FieldKind::Date {
            return Err(self.err(src, date_span, format!("{table}.{date_name} is not a date")));
        }
        let window_days = match &r.within_days {
            Some(w) if *w.get_ref() <= 0 || *w.get_ref() > 36_500 => {
                return Err(self.err(src, w.span(), "within_days must be between 1 and 36500"));
            }
            Some(w) => Some(*w.get_ref()),
            None => None,
        };
        let field = match &r.field {
            Some(f) => Some(self.field(src, table, f.get_ref(), f.span())?),
            None => None,
        };
        let duration = match &r.duration {
            Some(d) => Some(self.duration(src, table, d)?),
            None => None,
        };
        let percentile = match &r.percentile {
            Some(p) if !(p.get_ref() > &0.0 && p.get_ref() <= &100.0) => {
                return Err(self.err(src, p.span(), "percentile must be above 0 and at most 100"));
            }
            Some(p) => Some(*p.get_ref()),
            None => None,
        };
        let threshold = match &r.threshold {
            Some(t) if !t.get_ref().is_finite() => {
                return Err(self.err(src, t.span(), "threshold must be a finite number"));
            }
            Some(t) => Some(*t.get_ref()),
            None => None,
        };
        let half_life_days = match &r.half_life_days {
            Some(h) if !(h.get_ref() > &0.0 && h.get_ref() <= &36_500.0) => {
                return Err(self.err(
                    src,
                    h.span(),
                    "half_life_days must be above 0 and at most 36500",
                ));
            }
            Some(h) => Some(*h.get_ref()),
            None => None,
        };
        let followed_by = match &r.followed_by {
            Some(fb) => Some(self.followed_by(src, table, fb.get_ref(), owner)?),
            None => None,
        };
        let filter = self.filters(src, table, &r.filter)?;
        let mut parts = Parts {
            table: Some(table),
            field,
            values: r
                .values
                .clone()
                .unwrap_or_default()
                .into_iter()
                .map(|v| v.trim().to_lowercase())
                .collect(),
            of: match &r.of {
                Some(_) => Some(self.filters(src, table, &r.of)?),
                None => None,
            },
            per: match &r.per {
                Some(_) => Some(self.filters(src, table, &r.per)?),
                None => None,
            },
            duration,
            percentile,
            threshold,
            followed_by,
            half_life_days,
        };
        let aggregate = self.aggregate(src, span.clone(), &r.aggregate, &mut parts)?;
        let metric = Metric {
            table,
            aggregate,
            filter,
            window_days,
            date,
        };
        if metric.on_resolved_roles() {
            self.check_on_resolved_roles(src, span, r, &metric, owner)?;
        }
        self.metrics.push(metric);
        Ok(self.metrics.len() - 1)
    }

    /// A metric over the contacts on file by their resolved role is folded
    /// from the contact registry once roles are known, which holds each
    /// contact's account and role but no other field of its row: it counts
    /// contacts or their distinct roles, filtered by role only, undated.
    fn check_on_resolved_roles(
        &self,
        src: usize,
        span: Range<usize>,
        r: &RawMetric,
        m: &Metric,
        owner: &str,
    ) -> Result<(), ConfigError> {
        let why = "a metric over contacts.contact.role is worked out once every contact's \
                   role is known, from the contacts on file";
        let is_role = |f: FieldId| m.table.def(f).derive == Derivation::ContactRole;
        match &m.aggregate {
            Aggregate::Count(c) if c.half_life_days.is_none() => {}
            Aggregate::Count(_) => {
                let at = r.half_life_days.as_ref().map_or(span.clone(), |h| h.span());
                return Err(self.err(
                    src,
                    at,
                    format!(
                        "{owner}: `half_life_days` is not supported: {why}, which have no dates"
                    ),
                ));
            }
            Aggregate::Distinct(d) if is_role(d.field) => {}
            Aggregate::Distinct(_) => {
                let at = r.field.as_ref().map_or(span.clone(), |f| f.span());
                return Err(self.err(
                    src,
                    at,
                    format!(
                        "{owner}: `field` must be contact.role: {why}, which keeps no other field of theirs"
                    ),
                ));
            }
            other => {
                return Err(self.err(
                    src,
                    r.aggregate.span(),
                    format!(
                        "{owner}: `aggregate = \"{}\"` is not supported: {why}, which can be counted (`count`) or have their distinct roles counted (`distinct` of contact.role)",
                        other.name()
                    ),
                ));
            }
        }
        if let Some(w) = &r.within_days {
            return Err(self.err(
                src,
                w.span(),
                format!("{owner}: `within_days` is not supported: {why}, which have no dates"),
            ));
        }
        if let Some(d) = &r.date {
            return Err(self.err(
                src,
                d.span(),
                format!("{owner}: `date` is not supported: {why}, which have no dates"),
            ));
        }
        for (f, raw) in m.filter.iter().zip(r.filter.iter().flatten()) {
            if let Some(&other) = f.fields.iter().find(|&&f| !is_role(f)) {
                return Err(self.err(
                    src,
                    raw.get_ref().field.span(),
                    format!(
                        "{owner}: `where` on contacts.{} is not supported beside contact.role: {why}, which keeps no other field of theirs",
                        m.table.def(other).name
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The aggregate named `name`, with the options it takes from `parts`.
    fn aggregate(
        &self,
        src: usize,
        span: Range<usize>,
        name: &Spanned<String>,
        parts: &mut Parts,
    ) -> Result<Aggregate, ConfigError> {
        match Aggregate::compile(name.get_ref(), parts) {
            Some(Ok(a)) => Ok(a),
            Some(Err(Unfit::Needs(what))) => Err(self.err(
                src,
                span,
                format!("aggregate '{}' needs `{what}`", name.get_ref()),
            )),
            Some(Err(Unfit::Invalid(why))) => Err(self.err(src, span, why)),
            None => Err(self.unknown_aggregate(src, name)),
        }
    }

    fn unknown_aggregate(&self, src: usize, name: &Spanned<String>) -> ConfigError {
        self.err(
            src,
            name.span(),
            format!(
                "unknown metric aggregate '{}', expected one of: {}",
                name.get_ref(),
                Aggregate::NAMES.join(", ")
            ),
        )
    }

    fn duration(
        &self,
        src: usize,
        table: Table,
        raw: &Spanned<RawDuration>,
    ) -> Result<Duration, ConfigError> {
        let dspan = raw.span();
        let d = raw.get_ref();
        let from = self.duration_end(src, table, &d.from)?;
        let to = self.duration_end(src, table, &d.to)?;
        if from == DurationEnd::AsOf {
            return Err(self.err(src, d.from.span(), "a duration starts at a date field"));
        }
        let unit = match d.unit.as_ref().map(|u| u.get_ref().as_str()) {
            None | Some("days") => Unit::Days,
            Some("hours") => Unit::Hours,
            Some("minutes") => Unit::Minutes,
            Some(other) => {
                return Err(self.err(
                    src,
                    d.unit.as_ref().map_or(dspan.clone(), |u| u.span()),
                    format!("unknown unit '{other}', expected one of: minutes, hours, days"),
                ));
            }
        };
        let open_until_as_of = match d.open.as_ref().map(|o| o.get_ref().as_str()) {
            None | Some("skip") => false,
            Some("as-of") => true,
            Some(other) => {
                return Err(self.err(
                    src,
                    d.open.as_ref().map_or(dspan, |o| o.span()),
                    format!("unknown value '{other}' for open, expected one of: skip, as-of"),
                ));
            }
        };
        let bound = match &d.bound {
            None => None,
            Some(name) => match self.duration_end(src, table, name)? {
                DurationEnd::Field(f) if DurationEnd::Field(f) != to => Some(f),
                _ => {
                    return Err(self.err(
                        src,
                        name.span(),
                        "a duration's bound is a date field other than its `to`",
                    ));
                }
            },
        };
        Ok(Duration {
            from,
            to,
            unit,
            open_until_as_of,
            bound,
        })
    }

    /// One end of a duration: a date field of the table, or `as-of`.
    fn duration_end(
        &self,
        src: usize,
        table: Table,
        name: &Spanned<String>,
    ) -> Result<DurationEnd, ConfigError> {
        if name.get_ref() == "as-of" {
            return Ok(DurationEnd::AsOf);
        }
        let id = self.field(src, table, name.get_ref(), name.span())?;
        if table.def(id).kind != FieldKind::Date {
            return Err(self.err(
                src,
                name.span(),
                format!("{table}.{} is not a date", name.get_ref()),
            ));
        }
        Ok(DurationEnd::Field(id))
    }

    fn followed_by(
        &self,
        src: usize,
        table: Table,
        fbr: &RawFollowedBy,
        owner: &str,
    ) -> Result<FollowUp, ConfigError> {
        let ft = self.table(src, &fbr.table)?;
        if ft == Table::DealCompetitors {
            return Err(self.err(
                src,
                fbr.table.span(),
                "deal-competitors fills in deals.competitor and cannot follow up a row",
            ));
        }
        if ft < table {
            return Err(self.err(
                src,
                fbr.table.span(),
                format!(
                    "followed_by must name {table} or a table read after it: one of {}",
                    Table::ALL
                        .iter()
                        .filter(|t| **t >= table)
                        .map(|t| t.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if let Some(w) = &fbr.within_days
            && !(1..=36_500).contains(w.get_ref())
        {
            return Err(self.err(src, w.span(), "within_days must be between 1 and 36500"));
        }
        let date = self.field(src, ft, ft.default_date(), fbr.table.span())?;
        let filter = self.filters(src, ft, &fbr.filter)?;
        let on_role = |f: &Filter| {
            f.fields
                .iter()
                .any(|&f| ft.def(f).derive == Derivation::ContactRole)
        };
        if ft == Table::Contacts
            && let Some(raw) = filter
                .iter()
                .zip(fbr.filter.iter().flatten())
                .find_map(|(f, raw)| on_role(f).then_some(raw))
        {
            return Err(self.err(
                src,
                raw.get_ref().field.span(),
                format!(
                    "{owner}: `followed_by` cannot test contacts.contact.role: a contact's role is known only once every contact has been read, after the rows it would follow up"
                ),
            ));
        }
        Ok(FollowUp {
            table: ft,
            date,
            within_days: fbr.within_days.as_ref().map(|w| *w.get_ref()),
            filter,
        })
    }

    fn filters(
        &self,
        src: usize,
        table: Table,
        raw: &Option<Vec<Spanned<RawFilter>>>,
    ) -> Result<Vec<Filter>, ConfigError> {
        let mut out = Vec::new();
        for f in raw.iter().flatten() {
            out.push(self.filter(src, table, f)?);
        }
        Ok(out)
    }

    fn filter(
        &self,
        src: usize,
        table: Table,
        raw: &Spanned<RawFilter>,
    ) -> Result<Filter, ConfigError> {
        let span = raw.span();
        let f = raw.get_ref();
        let names = f.field.get_ref().to_vec();
        if names.is_empty() {
            return Err(self.err(src, f.field.span(), "a filter needs at least one field"));
        }
        let fields = names
            .iter()
            .map(|n| self.field(src, table, n, f.field.span()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut ops = Vec::new();
        if let Some(v) = &f.is_in {
            ops.push(FilterOp::In(
                v.iter().map(|s| s.trim().to_lowercase()).collect(),
            ));
        }
        if let Some(v) = &f.not_in {
            ops.push(FilterOp::NotIn(
                v.iter().map(|s| s.trim().to_lowercase()).collect(),
            ));
        }
        if let Some(c) = &f.matches {
            ops.push(FilterOp::Matches(self.class(src, c)?));
        }
        if let Some(c) = &f.not_matches {
            ops.push(FilterOp::NotMatches(self.class(src, c)?));
        }
        if let Some(p) = f.present {
            ops.push(FilterOp::Present(p));
        }
        if let Some(b) = f.is {
            for (id, n) in fields.iter().zip(&names) {
                if table.def(*id).kind != FieldKind::Bool {
                    return Err(self.err(
                        src,
                        f.field.span(),
                        format!("`is` compares booleans, but {table}.{n} is not a boolean"),
                    ));
                }
            }
            ops.push(FilterOp::Is(b));
        }
        match ops.pop() {
            Some(op) if ops.is_empty() => Ok(Filter { fields, op }),
            _ => Err(self.err(
                src,
                span,
                "a filter needs exactly one of: in, not_in, matches, not_matches, present, is",
            )),
        }
    }
}
