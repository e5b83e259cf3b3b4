//! Compiling merged layers into the resolved [`RuleSet`]: every name looked up,
//! every number range-checked, each error pointing at the layer, line and column
//! that wrote the value.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;

use super::error::{ConfigError, Source};
use super::merge::{At, Merged, MergedRule};
use super::raw::{RawCondition, TableName};
use super::template::parse_template;
use super::{MAX_KEYWORDS_PER_CLASS, MAX_RULES};
use crate::model::{FieldId, Table};
use crate::spec::{
    ActionSettings, Band, Better, ClassId, Condition, ContactPick, Curve, DateOrder, Fact, IfNone,
    KeywordClass, MAX_CONDITION_DEPTH, MAX_ROLES, Metric, Relative, Role, Rule, RuleSet, Scoring,
    TableSource, Template, Urgency,
};

/// What compiling has resolved so far: the classes and metrics later parts
/// refer to by index.
pub(super) struct Compiler<'a> {
    sources: &'a [Source],
    classes: Vec<KeywordClass>,
    pub(super) metrics: Vec<Metric>,
}

/// The most metrics a rule falls back on when the export cannot assess its own.
const MAX_FALLBACKS: usize = 4;

/// `[columns.TABLE]` header spellings: lower-cased for matching, and as written.
type Columns = HashMap<(Table, FieldId), Vec<String>>;

/// The parts of the rule set a rule refers to by name.
struct Named<'a> {
    bands: &'a [Band],
    roles: &'a [Role],
    facts: &'a [Fact],
}

/// Compiles the merged layers; `sources` are the layers' texts, base first.
pub(super) fn compile(
    m: Merged,
    sources: &[Source],
    origin: String,
) -> Result<RuleSet, ConfigError> {
    let mut c = Compiler {
        sources,
        classes: Vec::new(),
        metrics: Vec::new(),
    };
    c.classes(&m)?;
    let bands = c.bands(&m, sources.len().saturating_sub(1))?;
    let roles = c.roles(&m)?;
    let facts = c.facts(&m)?;
    let (columns, column_names) = c.columns(&m)?;
    let tables = c.tables(&m)?;
    if m.rules.len() > MAX_RULES {
        let r = &m.rules[MAX_RULES];
        return Err(c.err(
            r.id.src,
            r.id.v.span(),
            format!("too many rules: a rule set holds at most {MAX_RULES}"),
        ));
    }
    let date_orders = c.date_orders(&m)?;
    let named = Named {
        bands: &bands,
        roles: &roles,
        facts: &facts,
    };
    let mut rules = Vec::new();
    for r in &m.rules {
        rules.push(c.rule(r, &named)?);
    }
    let actions = c.action_settings(&m)?;
    let scoring = c.scoring(&m, &facts)?;
    Ok(RuleSet {
        origin,
        name: m.name,
        description: m.description,
        bands,
        classes: c.classes,
        roles,
        facts,
        metrics: c.metrics,
        rules,
        actions,
        scoring,
        columns,
        date_orders,
        sources: Vec::new(),
        user_layer: false,
        column_names,
        tables,
    })
}

impl Compiler<'_> {
    pub(super) fn err(
        &self,
        src: usize,
        span: Range<usize>,
        msg: impl Into<String>,
    ) -> ConfigError {
        ConfigError::at(&self.sources[src], span, msg)
    }

    pub(super) fn class(&self, src: usize, name: &Spanned<String>) -> Result<ClassId, ConfigError> {
        self.classes
            .iter()
            .position(|c| c.name == *name.get_ref())
            .ok_or_else(|| {
                let known: Vec<&str> = self.classes.iter().map(|c| c.name.as_str()).collect();
                self.err(
                    src,
                    name.span(),
                    format!(
                        "unknown class '{}', expected one of: {}",
                        name.get_ref(),
                        known.join(", ")
                    ),
                )
            })
    }

    pub(super) fn table(&self, src: usize, name: &Spanned<String>) -> Result<Table, ConfigError> {
        Table::from_name(name.get_ref()).ok_or_else(|| {
            let known: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
            self.err(
                src,
                name.span(),
                format!(
                    "unknown table '{}', expected one of: {}",
                    name.get_ref(),
                    known.join(", ")
                ),
            )
        })
    }

    pub(super) fn field(
        &self,
        src: usize,
        table: Table,
        name: &str,
        span: Range<usize>,
    ) -> Result<FieldId, ConfigError> {
        table.field(name).ok_or_else(|| {
            let known: Vec<&str> = table.fields().iter().map(|f| f.name).collect();
            self.err(
                src,
                span,
                format!(
                    "unknown field '{name}' in table {table}, expected one of: {}",
                    known.join(", ")
                ),
            )
        })
    }

    /// The keyword classes, in the order they were first defined.
    fn classes(&mut self, m: &Merged) -> Result<(), ConfigError> {
        for name in &m.class_order {
            let (why, keywords, _) = &m.classes[name];
            if keywords.len() > MAX_KEYWORDS_PER_CLASS {
                let at = &keywords[MAX_KEYWORDS_PER_CLASS];
                return Err(self.err(
                    at.src,
                    at.v.span(),
                    format!(
                        "class '{name}' has {} keywords; a class holds at most {MAX_KEYWORDS_PER_CLASS}",
                        keywords.len()
                    ),
                ));
            }
            let words: Vec<String> = keywords.iter().map(|k| k.v.get_ref().clone()).collect();
            let class = KeywordClass::new(name, why.clone(), &words).map_err(|msg| {
                let at = &keywords[0];
                self.err(at.src, at.v.span(), msg)
            })?;
            self.classes.push(class);
        }
        Ok(())
    }

    /// Bands: best first, unique names, a band that starts at 0.
    fn bands(&self, m: &Merged, last: usize) -> Result<Vec<Band>, ConfigError> {
        let Some(b) = &m.bands else {
            return Err(self.err(last, 0..0, "the rule set defines no bands ([[band]])"));
        };
        let mut bands: Vec<Band> =
            b.v.get_ref()
                .iter()
                .map(|r| Band {
                    name: r.name.clone(),
                    min: *r.min.get_ref(),
                    why: r.why.clone(),
                })
                .collect();
        for r in b.v.get_ref() {
            if !(0.0..=100.0).contains(r.min.get_ref()) {
                return Err(self.err(
                    b.src,
                    r.min.span(),
                    "a band's min must be between 0 and 100",
                ));
            }
        }
        bands.sort_by(|a, b| b.min.total_cmp(&a.min));
        for pair in bands.windows(2) {
            if pair[0].min == pair[1].min {
                let second =
                    b.v.get_ref()
                        .iter()
                        .filter(|r| *r.min.get_ref() == pair[0].min)
                        .nth(1)
                        .map_or(b.v.span(), |r| r.min.span());
                return Err(self.err(
                    b.src,
                    second,
                    format!(
                        "bands '{}' and '{}' both start at {}: one of them could never be reached",
                        pair[0].name, pair[1].name, pair[0].min
                    ),
                ));
            }
        }
        let names: HashSet<&str> = bands.iter().map(|b| b.name.as_str()).collect();
        if names.len() != bands.len() {
            return Err(self.err(b.src, b.v.span(), "two bands have the same name"));
        }
        if bands.last().is_none_or(|l| l.min != 0.0) {
            return Err(self.err(
                b.src,
                b.v.span(),
                "the lowest band must start at min = 0 so every score has a band",
            ));
        }
        Ok(bands)
    }

    fn band_index(&self, bands: &[Band], at: &At<Spanned<String>>) -> Result<usize, ConfigError> {
        bands
            .iter()
            .position(|b| b.name == *at.v.get_ref())
            .ok_or_else(|| {
                let known: Vec<&str> = bands.iter().map(|b| b.name.as_str()).collect();
                self.err(
                    at.src,
                    at.v.span(),
                    format!(
                        "unknown band '{}', expected one of: {}",
                        at.v.get_ref(),
                        known.join(", ")
                    ),
                )
            })
    }

    fn roles(&self, m: &Merged) -> Result<Vec<Role>, ConfigError> {
        let mut roles = Vec::new();
        let Some(r) = &m.roles else {
            return Ok(roles);
        };
        if r.v.get_ref().len() > MAX_ROLES {
            return Err(self.err(
                r.src,
                r.v.span(),
                format!("too many roles: a rule set holds at most {MAX_ROLES}"),
            ));
        }
        for role in r.v.get_ref() {
            roles.push(Role {
                name: role.name.clone(),
                class: self.class(r.src, &role.class)?,
            });
        }
        Ok(roles)
    }

    fn facts(&mut self, m: &Merged) -> Result<Vec<Fact>, ConfigError> {
        let mut facts = Vec::new();
        for (name, f) in &m.facts {
            let raw = f.v.get_ref();
            let top = RawCondition {
                any: raw.any.clone(),
                all: raw.all.clone(),
                not: raw.not.clone(),
                ..RawCondition::default()
            };
            let holds_when = self.condition(f.src, f.v.span(), &top, name, 0)?;
            facts.push(Fact {
                name: name.clone(),
                why: raw.why.clone(),
                holds_when,
            });
        }
        Ok(facts)
    }

    /// One condition of fact `fact`, `depth` conditions below the fact's own.
    fn condition(
        &mut self,
        src: usize,
        span: Range<usize>,
        raw: &RawCondition,
        fact: &str,
        depth: usize,
    ) -> Result<Condition, ConfigError> {
        let nodes = [raw.any.is_some(), raw.all.is_some(), raw.not.is_some()];
        let node_count = nodes.iter().filter(|n| **n).count();
        let names_table = raw.table.is_some() || raw.aggregate.is_some();
        if names_table {
            if node_count > 0 {
                return Err(self.err(
                    src,
                    span,
                    format!(
                        "fact '{fact}': a condition is either a metric (table, aggregate, ...) or one of any, all, not; this one is both"
                    ),
                ));
            }
            let Some(metric) = raw.metric() else {
                return Err(self.err(
                    src,
                    span,
                    format!("fact '{fact}': a metric needs both `table` and `aggregate`"),
                ));
            };
            let at_least = match &raw.at_least {
                Some(t) if !t.get_ref().is_finite() => {
                    return Err(self.err(
                        src,
                        t.span(),
                        format!("fact '{fact}': at_least must be a finite number"),
                    ));
                }
                Some(t) => Some(*t.get_ref()),
                None => None,
            };
            let metric = self.metric_at(src, span, &metric, &format!("fact '{fact}'"))?;
            return Ok(Condition::Metric { metric, at_least });
        }
        if let Some(t) = &raw.at_least {
            return Err(self.err(
                src,
                t.span(),
                format!("fact '{fact}': at_least belongs with a metric (table, aggregate, ...)"),
            ));
        }
        if node_count != 1 {
            return Err(self.err(
                src,
                span,
                format!(
                    "fact '{fact}': a condition needs exactly one of: a metric (table, aggregate, ...), any, all, not"
                ),
            ));
        }
        if depth > MAX_CONDITION_DEPTH {
            return Err(self.err(
                src,
                span,
                format!(
                    "fact '{fact}': conditions nest at most {MAX_CONDITION_DEPTH} deep below the fact; name a part as a fact of its own"
                ),
            ));
        }
        if let Some(not) = &raw.not {
            let inner = self.condition(src, not.span(), not.get_ref(), fact, depth + 1)?;
            return Ok(Condition::Not(Box::new(inner)));
        }
        let (list, key) = match (&raw.any, &raw.all) {
            (Some(list), _) => (list, "any"),
            (None, Some(list)) => (list, "all"),
            (None, None) => {
                return Err(self.err(
                    src,
                    span,
                    format!("fact '{fact}': a condition needs any, all or not"),
                ));
            }
        };
        if list.is_empty() {
            return Err(self.err(
                src,
                span,
                format!("fact '{fact}' has no conditions in `{key}`"),
            ));
        }
        let mut parts = Vec::with_capacity(list.len());
        for c in list {
            parts.push(self.condition(src, c.span(), c.get_ref(), fact, depth + 1)?);
        }
        Ok(if key == "any" {
            Condition::Any(parts)
        } else {
            Condition::All(parts)
        })
    }

    /// `[columns.TABLE]`: header spellings lower-cased for matching, and as written.
    fn columns(&self, m: &Merged) -> Result<(Columns, Columns), ConfigError> {
        let mut columns = HashMap::new();
        let mut column_names = HashMap::new();
        for (table, field, headers) in &m.columns {
            let t = self.table(table.src, &table.v)?;
            let f = self.field(field.src, t, field.v.get_ref(), field.v.span())?;
            if t.def(f).headers.is_empty() {
                return Err(self.err(
                    field.src,
                    field.v.span(),
                    format!(
                        "{t}.{} is derived, not read from a column",
                        field.v.get_ref()
                    ),
                ));
            }
            let list = headers.v.get_ref().to_vec();
            if list.iter().any(|h| h.trim().is_empty()) {
                return Err(self.err(
                    headers.src,
                    headers.v.span(),
                    "a header name cannot be empty",
                ));
            }
            columns.insert(
                (t, f),
                list.iter().map(|h| h.trim().to_lowercase()).collect(),
            );
            column_names.insert((t, f), list.iter().map(|h| h.trim().to_string()).collect());
        }
        Ok((columns, column_names))
    }

    /// `[tables]`: where `rapport sql` reads each canonical table from.
    fn tables(&self, m: &Merged) -> Result<HashMap<Table, TableSource>, ConfigError> {
        let mut tables = HashMap::new();
        for (table, name) in &m.tables {
            let t = self.table(table.src, &table.v)?;
            let source = match name.v.get_ref() {
                TableName::Name(n) if n.trim().is_empty() => {
                    return Err(self.err(
                        name.src,
                        name.v.span(),
                        "a table name cannot be empty (write `false` when there is no such table)",
                    ));
                }
                TableName::Name(n) => TableSource::Named(n.trim().to_string()),
                TableName::Present(true) => TableSource::Named(t.sql_name().to_string()),
                TableName::Present(false) => TableSource::Absent,
            };
            if t == Table::Accounts && source == TableSource::Absent {
                return Err(self.err(
                    name.src,
                    name.v.span(),
                    "the accounts table cannot be absent: every score is per account",
                ));
            }
            tables.insert(t, source);
        }
        Ok(tables)
    }

    /// `[date_order]`: header (trimmed, lower-cased) -> how its dates are written.
    fn date_orders(&self, m: &Merged) -> Result<HashMap<String, DateOrder>, ConfigError> {
        let mut date_orders = HashMap::new();
        for (header, order) in &m.date_orders {
            let parsed = DateOrder::from_name(order.v.get_ref()).ok_or_else(|| {
                self.err(
                    order.src,
                    order.v.span(),
                    format!(
                        "unknown date order '{}', expected one of: day-first, month-first",
                        order.v.get_ref()
                    ),
                )
            })?;
            if header.v.get_ref().trim().is_empty() {
                return Err(self.err(header.src, header.v.span(), "a header name cannot be empty"));
            }
            date_orders.insert(header.v.get_ref().trim().to_lowercase(), parsed);
        }
        Ok(date_orders)
    }

    fn rule(&mut self, r: &MergedRule, named: &Named) -> Result<Rule, ConfigError> {
        let id = r.id.v.get_ref().clone();
        let metric = match r.metric.as_ref() {
            Some(at) => self.metric(at.src, &at.v, &format!("rule '{id}'"))?,
            None => {
                return Err(self.err(
                    r.id.src,
                    r.id.v.span(),
                    format!(
                        "rule '{id}' has no `metric` (a new rule needs metric, curve, title and action)"
                    ),
                ));
            }
        };
        let mut fallback = Vec::new();
        if let Some(at) = &r.fallback {
            if at.v.len() > MAX_FALLBACKS {
                return Err(self.err(
                    at.src,
                    at.v[MAX_FALLBACKS].span(),
                    format!("rule '{id}': at most {MAX_FALLBACKS} fallback metrics"),
                ));
            }
            for m in &at.v {
                fallback.push(self.metric(at.src, m, &format!("rule '{id}'"))?);
            }
        }
        let missing = |what: &str| {
            self.err(
                r.id.src,
                r.id.v.span(),
                format!(
                    "rule '{id}' has no `{what}` (a new rule needs metric, curve, title and action)"
                ),
            )
        };
        let curve = self.curve(r, &id)?;
        let weight = match &r.weight {
            Some(w)
                if !(*w.v.get_ref() > 0.0
                    && w.v.get_ref().is_finite()
                    && *w.v.get_ref() <= 1000.0) =>
            {
                return Err(self.err(
                    w.src,
                    w.v.span(),
                    format!(
                        "rule '{id}': weight must be above 0 and at most 1000 (leave it out for a rule that only raises actions)"
                    ),
                ));
            }
            Some(w) => Some(*w.v.get_ref()),
            None => None,
        };
        let applies_to = match &r.applies_to {
            Some(a) => Some(self.fact_index(named.facts, a)?),
            None => None,
        };
        let when_band = r
            .when_band
            .iter()
            .flatten()
            .map(|b| self.band_index(named.bands, b))
            .collect::<Result<Vec<_>, _>>()?;
        let cap_band = r
            .cap_band
            .as_ref()
            .map(|b| self.band_index(named.bands, b))
            .transpose()?;
        let contact = match &r.contact {
            None => ContactPick::Evidence,
            Some(at) => self.contact(named.roles, at)?,
        };
        let due_days = match &r.due_days {
            Some(d) if !(0..=3650).contains(d.v.get_ref()) => {
                return Err(self.err(d.src, d.v.span(), "due_days must be between 0 and 3650"));
            }
            Some(d) => *d.v.get_ref(),
            None => 7,
        };
        let urgency = match &r.urgency {
            Some(at) => self.urgency(at)?,
            // A rule that caps the score, or a signal, says something has
            // changed; the rest is the month's work.
            None if cap_band.is_some() || weight.is_none() => Urgency::Soon,
            None => Urgency::ThisMonth,
        };
        let min_shortfall = r
            .min_shortfall
            .as_ref()
            .map(|at| self.share(at, "min_shortfall"))
            .transpose()?;
        let action_at = r.action.as_ref().ok_or_else(|| missing("action"))?;
        let action = self.template(action_at, &id)?;
        let action_if_none = match &r.action_if_none {
            Some(at) => Some(self.template(at, &id)?),
            None => None,
        };
        let title = r.title.clone().ok_or_else(|| missing("title"))?;
        Ok(Rule {
            element: r.element.clone().unwrap_or_default(),
            title,
            why: r.why.clone().unwrap_or_default().trim().to_string(),
            enabled: r.enabled.unwrap_or(true),
            metric,
            fallback,
            curve,
            weight,
            if_none: r.if_none.unwrap_or(IfNone::NotAssessed),
            applies_to,
            when_band,
            cap_band,
            flag: r.flag.clone(),
            contact,
            due_days,
            urgency,
            min_shortfall,
            action,
            action_if_none,
            id,
        })
    }

    /// A rule's curve: every part given, finite, and running the way `better` says.
    fn curve(&self, r: &MergedRule, id: &str) -> Result<Curve, ConfigError> {
        let missing = |what: &str| {
            self.err(
                r.id.src,
                r.id.v.span(),
                format!(
                    "rule '{id}' has no `{what}` (a new rule needs metric, curve, title and action)"
                ),
            )
        };
        let better = r.better_value.ok_or_else(|| missing("curve.better"))?;
        let shape = r.shape.unwrap_or_default();
        // A relative curve is placed on the export's own 90th and 10th percentiles.
        let relative = r.relative.unwrap_or(false).then_some(Relative {
            full: if better == Better::Higher { 90.0 } else { 10.0 },
            zero: if better == Better::Higher { 10.0 } else { 90.0 },
        });
        if relative.is_some() && r.full.is_none() && r.zero.is_none() {
            return Ok(Curve {
                better,
                full: 0.0,
                zero: 0.0,
                shape,
                relative,
            });
        }
        let full = r.full.as_ref().ok_or_else(|| missing("curve.full"))?;
        let zero = r.zero.as_ref().ok_or_else(|| missing("curve.zero"))?;
        let (fv, zv) = (*full.v.get_ref(), *zero.v.get_ref());
        if !fv.is_finite() || !zv.is_finite() {
            return Err(self.err(
                full.src,
                full.v.span(),
                "curve thresholds must be finite numbers",
            ));
        }
        let reversed = match better {
            Better::Lower => fv >= zv,
            Better::Higher => fv <= zv,
        };
        if reversed {
            let at = r
                .better
                .as_ref()
                .map_or((full.src, full.v.span()), |b| (b.src, b.v.clone()));
            let dir = if better == Better::Lower {
                "below"
            } else {
                "above"
            };
            return Err(self.err(
                at.0,
                at.1,
                format!(
                    "rule '{id}': with better = \"{}\", full ({fv}) must be {dir} zero ({zv})",
                    if better == Better::Lower {
                        "lower"
                    } else {
                        "higher"
                    }
                ),
            ));
        }
        Ok(Curve {
            better,
            full: fv,
            zero: zv,
            shape,
            relative,
        })
    }

    /// `[scoring]`: every share between 0 and 1, the customer fact one the set defines.
    fn scoring(&self, m: &Merged, facts: &[Fact]) -> Result<Scoring, ConfigError> {
        let mut s = Scoring::default();
        let share = |at: &At<Spanned<f64>>, what: &str| {
            let v = *at.v.get_ref();
            if (0.0..=1.0).contains(&v) {
                Ok(v)
            } else {
                Err(self.err(
                    at.src,
                    at.v.span(),
                    format!("scoring.{what} must be between 0 and 1"),
                ))
            }
        };
        if let Some(at) = &m.min_coverage {
            s.min_coverage = share(at, "min_coverage")?;
        }
        if let Some(at) = &m.uninformative_share {
            s.uninformative_share = share(at, "uninformative_share")?;
        }
        if let Some(at) = &m.uninformative_min_accounts {
            let v = *at.v.get_ref();
            s.uninformative_min_accounts = usize::try_from(v).map_err(|_| {
                self.err(
                    at.src,
                    at.v.span(),
                    "scoring.uninformative_min_accounts must be 0 or more",
                )
            })?;
        }
        if let Some(at) = &m.min_history_days {
            let v = *at.v.get_ref();
            if v < 0 {
                return Err(self.err(
                    at.src,
                    at.v.span(),
                    "scoring.min_history_days must be 0 or more",
                ));
            }
            s.min_history_days = v;
        }
        s.customer_fact = match &m.customer_fact {
            Some(at) if at.v.get_ref().is_empty() => None,
            Some(at) => Some(self.fact_index(facts, at)?),
            // By default the built-in fact, where the rule set has it.
            None => facts.iter().position(|f| f.name == "existing-customer"),
        };
        Ok(s)
    }

    fn fact_index(&self, facts: &[Fact], at: &At<Spanned<String>>) -> Result<usize, ConfigError> {
        facts
            .iter()
            .position(|f| f.name == *at.v.get_ref())
            .ok_or_else(|| {
                let known: Vec<&str> = facts.iter().map(|f| f.name.as_str()).collect();
                self.err(
                    at.src,
                    at.v.span(),
                    format!(
                        "unknown fact '{}', expected one of: {}",
                        at.v.get_ref(),
                        known.join(", ")
                    ),
                )
            })
    }

    /// `contact = "..."`: one of the fixed picks, or the name of a role.
    fn contact(
        &self,
        roles: &[Role],
        at: &At<Spanned<String>>,
    ) -> Result<ContactPick, ConfigError> {
        Ok(match at.v.get_ref().as_str() {
            "evidence" => ContactPick::Evidence,
            "primary" => ContactPick::Primary,
            "missing" => ContactPick::Missing,
            other => match roles.iter().position(|role| role.name == other) {
                Some(i) => ContactPick::Role(i),
                None => {
                    let mut known = vec!["evidence", "primary", "missing"];
                    known.extend(roles.iter().map(|r| r.name.as_str()));
                    return Err(self.err(
                        at.src,
                        at.v.span(),
                        format!(
                            "unknown contact '{other}', expected one of: {}",
                            known.join(", ")
                        ),
                    ));
                }
            },
        })
    }

    fn urgency(&self, at: &At<Spanned<String>>) -> Result<Urgency, ConfigError> {
        let name = at.v.get_ref().as_str();
        Urgency::ALL
            .into_iter()
            .find(|u| u.name() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = Urgency::ALL.iter().map(|u| u.name()).collect();
                self.err(
                    at.src,
                    at.v.span(),
                    format!(
                        "unknown urgency '{name}', expected one of: {}",
                        known.join(", ")
                    ),
                )
            })
    }

    /// A share of a rule's weight: 0 to 1.
    fn share(&self, at: &At<Spanned<f64>>, what: &str) -> Result<f64, ConfigError> {
        let v = *at.v.get_ref();
        if (0.0..=1.0).contains(&v) {
            Ok(v)
        } else {
            Err(self.err(
                at.src,
                at.v.span(),
                format!("{what} must be between 0 and 1 (a share of the rule's weight)"),
            ))
        }
    }

    /// `[actions]`: each setting checked, the built-in default where none is given.
    fn action_settings(&self, m: &Merged) -> Result<ActionSettings, ConfigError> {
        let mut settings = ActionSettings::default();
        let a = &m.actions;
        if let Some(at) = &a.min_shortfall {
            settings.min_shortfall = self.share(at, "min_shortfall")?;
        }
        let count = |at: &At<Spanned<i64>>, what: &str| {
            let v = *at.v.get_ref();
            usize::try_from(v)
                .ok()
                .filter(|n| (1..=1000).contains(n))
                .ok_or_else(|| {
                    self.err(
                        at.src,
                        at.v.span(),
                        format!("{what} must be between 1 and 1000"),
                    )
                })
        };
        if let Some(at) = &a.per_account {
            settings.per_account = count(at, "per_account")?;
        }
        if let Some(at) = &a.this_week {
            settings.this_week = count(at, "this_week")?;
        }
        if let Some(at) = &a.per_call {
            settings.per_call = count(at, "per_call")?;
        }
        Ok(settings)
    }

    fn template(&self, at: &At<Spanned<String>>, id: &str) -> Result<Template, ConfigError> {
        parse_template(at.v.get_ref())
            .map_err(|msg| self.err(at.src, at.v.span(), format!("rule '{id}': {msg}")))
    }
}
